"""A partner's TAXII collections follow its data-sharing agreements: one collection for each
agreement in force that shares scammers' identifiers with it, holding only the reports that
agreement releases; a collection appears when its agreement starts and is gone the moment
it ends, and its id then finds nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from taxii2client.v21 import Collection, Server

from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation, SharingAgreement
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report
from fraudhub.rights.services import change_flag
from tests.factories import OrganisationFactory, agreement, api_token, hub, make_report, staff_user

from .taxii_client import ROOT, DjangoAdapter, TokenAuth, route_to_django

pytestmark = pytest.mark.django_db

TAXII = "application/taxii+json;version=2.1"


@pytest.fixture(autouse=True)
def sent(monkeypatch: pytest.MonkeyPatch) -> DjangoAdapter:
    return route_to_django(monkeypatch)


@pytest.fixture
def bank() -> Organisation:
    return OrganisationFactory(slug="bank", name="Bank A", kind=Organisation.Kind.BANK)


@pytest.fixture
def police() -> Organisation:
    return OrganisationFactory(slug="police", name="Hertfordshire Police", kind="police")


@pytest.fixture
def token(bank: Organisation) -> str:
    return api_token(staff_user("bank-system", role="Partner user", organisation=bank))


def report_naming(organisation: Organisation | None, number: str) -> Report:
    """A report naming a scammer's phone: a referral from the organisation, or a resident's
    own report (held by the hub) when there is none."""
    if organisation is None:
        return make_report(identifiers=[IdentifierInput(kind="phone", value=number)]).report
    return make_report(
        source=Report.Source.PARTNER_FORM,
        organisation=organisation,
        identifiers=[IdentifierInput(kind="phone", value=number)],
    ).report


def collections(token: str) -> dict[str, Collection]:
    return {c.title: c for c in Server(ROOT, auth=TokenAuth(token)).api_roots[0].collections}


def phones_in(collection: Collection) -> set[str]:
    return {
        o["pattern"].split("'")[1]
        for o in collection.get_objects().get("objects", [])
        if o["type"] == "indicator"
    }


def test_an_agreement_sharing_scam_details_is_a_collection_of_the_other_partys_reports(
    bank: Organisation, police: Organisation, token: str
) -> None:
    council = OrganisationFactory(slug="council", name="A council", kind="council")
    report_naming(police, "020 7946 0111")
    report_naming(council, "020 7946 0222")  # no agreement with the council
    report_naming(bank, "020 7946 0333")
    agreement(police, bank, title="Police and Bank A", categories=(Category.SCAM_DETAILS,))

    found = collections(token)

    assert set(found) == {"Reports Bank A sent", "Police and Bank A"}
    assert "Hertfordshire Police" in found["Police and Bank A"].description
    assert phones_in(found["Police and Bank A"]) == {"+442079460111"}
    assert phones_in(found["Reports Bank A sent"]) == {"+442079460333"}


def test_an_agreement_with_the_hub_shares_the_residents_reports_it_holds(
    bank: Organisation, token: str
) -> None:
    report_naming(None, "020 7946 0444")
    agreement(hub(), bank, title="Fraud hub and Bank A", categories=(Category.SCAM_DETAILS,))

    assert phones_in(collections(token)["Fraud hub and Bank A"]) == {"+442079460444"}


def test_an_agreement_that_does_not_cover_scam_details_gives_no_collection(
    bank: Organisation, police: Organisation, token: str
) -> None:
    report_naming(police, "020 7946 0111")
    agreement(police, bank, categories=(Category.VICTIM_CONTACT, Category.MONEY))

    assert set(collections(token)) == {"Reports Bank A sent"}


def test_a_collection_appears_on_the_day_its_agreement_starts(
    bank: Organisation, police: Organisation, token: str
) -> None:
    report_naming(police, "020 7946 0111")
    tomorrow = timezone.localdate() + timedelta(days=1)
    made = agreement(police, bank, title="From tomorrow", starts_on=tomorrow)
    assert "From tomorrow" not in collections(token)

    SharingAgreement.objects.filter(pk=made.pk).update(starts_on=timezone.localdate())

    assert phones_in(collections(token)["From tomorrow"]) == {"+442079460111"}


@pytest.mark.parametrize("how", ["ended early", "past its end date"])
def test_an_agreement_that_ends_takes_its_collection_away_at_once(
    bank: Organisation, police: Organisation, token: str, how: str
) -> None:
    report_naming(police, "020 7946 0111")
    made = agreement(police, bank, title="Police and Bank A")
    collection = collections(token)["Police and Bank A"]
    assert phones_in(collection) == {"+442079460111"}
    pulls = AuditEvent.objects.filter(detail__via="taxii").count()

    if how == "ended early":
        SharingAgreement.objects.filter(pk=made.pk).update(ended_at=timezone.now())
    else:
        SharingAgreement.objects.filter(pk=made.pk).update(
            ends_on=timezone.localdate() - timedelta(days=1)
        )

    assert set(collections(token)) == {"Reports Bank A sent"}
    response = Client().get(
        f"/taxii2/feeds/collections/{collection.id}/objects/",
        HTTP_ACCEPT=TAXII,
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 404
    assert json.loads(response.content)["http_status"] == "404"
    assert AuditEvent.objects.filter(detail__via="taxii").count() == pulls


def test_a_pull_names_the_agreement_it_was_disclosed_under(
    bank: Organisation, police: Organisation, token: str
) -> None:
    report_naming(police, "020 7946 0111")
    made = agreement(police, bank, title="Police and Bank A")

    collections(token)["Police and Bank A"].get_objects()

    (pull,) = AuditEvent.objects.filter(detail__via="taxii")
    assert pull.action == AuditEvent.Action.EXPORT
    assert pull.organisation == bank
    assert pull.detail["agreement"] == made.pk
    assert pull.detail["agreement_title"] == "Police and Bank A"
    assert pull.detail["disclosed_to"] == "bank"


def test_the_other_party_reads_the_same_agreement_the_other_way(
    bank: Organisation, police: Organisation, token: str
) -> None:
    report_naming(bank, "020 7946 0333")
    agreement(police, bank, title="Police and Bank A")
    police_token = api_token(staff_user("police-system", role="Partner user", organisation=police))

    theirs = collections(police_token)["Police and Bank A"]

    assert phones_in(theirs) == {"+442079460333"}
    assert theirs.id == collections(token)["Police and Bank A"].id


@pytest.mark.parametrize(
    ("categories", "loss"),
    [
        ((Category.SCAM_DETAILS,), None),  # left out: a withheld loss is not a £0.00 loss
        ((Category.SCAM_DETAILS, Category.MONEY), "1250.00"),
    ],
    ids=["money not shared", "money shared"],
)
def test_reported_losses_are_counted_only_where_the_agreement_shares_money(
    bank: Organisation,
    police: Organisation,
    token: str,
    categories: tuple[Category, ...],
    loss: str | None,
) -> None:
    report_naming(police, "020 7946 0111")  # £1,250.00 lost; the victim agreed to sharing
    agreement(police, bank, title="Police and Bank A", categories=categories)

    objects = collections(token)["Police and Bank A"].get_objects(type="indicator")["objects"]

    assert [o.get("x_fraudhub_total_loss_gbp") for o in objects] == [loss]


def test_a_report_whose_processing_is_restricted_leaves_every_collection(
    bank: Organisation, police: Organisation, token: str
) -> None:
    restricted = report_naming(police, "020 7946 0111")
    report_naming(police, "020 7946 0222")
    agreement(police, bank, title="Police and Bank A")
    victim = restricted.victim
    assert victim is not None

    change_flag("restrict", actor=None, people=[victim], reason="Accuracy disputed")

    assert phones_in(collections(token)["Police and Bank A"]) == {"+442079460222"}
