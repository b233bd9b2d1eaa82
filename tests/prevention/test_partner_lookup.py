"""Partner look-up: signed-in partner staff check an identifier, a company name or a bank
account against everything their organisation may see; an organisation with no agreement
sees nothing of another's reports; every look-up is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report

from ..factories import OrganisationFactory, agreement, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _report(organisation: Organisation | None, *identifiers: IdentifierInput) -> Report:
    fields: dict[str, object] = {"identifiers": list(identifiers)}
    if organisation is not None:
        fields |= {
            "organisation": organisation,
            "source": Report.Source.PARTNER_FORM,
            "partner_reference": f"REF-{Report.objects.count()}",
        }
    return make_report(**fields).report


def _look_up(client: Client, value: str, kind: str = "") -> str:
    response = client.get("/staff/prevention/look-up/", {"value": value, "kind": kind})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def police(db: None) -> Organisation:
    return OrganisationFactory(slug="police", name="Police")


@pytest.fixture
def council(db: None) -> Organisation:
    return OrganisationFactory(slug="council", name="Council")


@pytest.fixture
def council_officer(council: Organisation) -> User:
    return staff_user("fraud-officer", role="Partner user", organisation=council)


def test_an_organisation_with_no_agreement_sees_nothing_of_anothers_reports(
    client: Client, police: Organisation, council_officer: User
) -> None:
    theirs = _report(police, IdentifierInput(kind="phone", value="01632 960001"))
    sign_in(client, council_officer)

    page = _look_up(client, "01632960001")

    assert str(theirs.reference) not in page
    assert "No reports your organisation may see hold it" in page


def test_an_agreement_shares_what_it_covers(
    client: Client, police: Organisation, council: Organisation, council_officer: User
) -> None:
    theirs = _report(police, IdentifierInput(kind="phone", value="01632 960001"))
    agreement(police, council, categories=(Category.SCAM_DETAILS,))
    sign_in(client, council_officer)

    assert str(theirs.reference) in _look_up(client, "+44 1632 960001")


def test_a_company_name_and_a_bank_account_are_found_in_the_organisations_reports(
    client: Client, council: Organisation, council_officer: User
) -> None:
    ours = _report(
        council,
        IdentifierInput(kind="company", value="Acme Roofing Ltd"),
        IdentifierInput(kind="bank_account", value="00733445", sort_code="30-94-30"),
    )
    sign_in(client, council_officer)

    assert str(ours.reference) in _look_up(client, "ACME ROOFING LTD", "company")
    assert str(ours.reference) in _look_up(client, "acme roofing")
    assert str(ours.reference) in _look_up(client, "309430 00733445", "bank_account")


def test_every_look_up_is_audited_naming_what_was_found(
    client: Client, council: Organisation, council_officer: User
) -> None:
    ours = _report(council, IdentifierInput(kind="website", value="www.acme-roofing.co.uk"))
    sign_in(client, council_officer)

    _look_up(client, "acme-roofing.co.uk")
    _look_up(client, "nothing-here.co.uk")

    entries = AuditEvent.objects.filter(detail__page="partner look-up").order_by("id")
    assert [e.actor for e in entries] == [council_officer, council_officer]
    assert entries[0].detail["ids"] == [str(ours.pk)]
    assert entries[1].detail["ids"] == []
    assert "acme-roofing" not in str(entries[0].detail)


def test_the_public_and_roles_without_reports_cannot_look_up(client: Client) -> None:
    assert client.get("/staff/prevention/look-up/?value=01632960001")["Location"].startswith(
        "/staff/sign-in/"
    )
