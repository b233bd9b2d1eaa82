"""Each category of data withheld and released as agreements start and end, wherever a
partner reads: report pages, the report list and staff search, the API, the referral
export, intelligence exports and the map; and a partner of another organisation guessing
references and ids refused everywhere, as if nothing were there."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation, SharingAgreement
from fraudhub.insight import intel
from fraudhub.insight.selectors import Period, map_figures
from fraudhub.intake.exports import write_reports
from fraudhub.linking.selectors import (
    ClusterFilters,
    cluster_for_analyst,
    clusters_for_analyst,
)
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Report

from ..factories import (
    OrganisationFactory,
    agreement,
    api_token,
    gave_a_reason_for_lists,
    make_report,
    opened_with_a_reason,
    sign_in,
    staff_user,
)

pytestmark = pytest.mark.django_db
C = Category


@pytest.fixture
def police() -> Organisation:
    return OrganisationFactory(slug="police", name="Hertfordshire Police", kind="police")


@pytest.fixture
def officer(police: Organisation) -> User:
    return staff_user("officer", role="Partner user", organisation=police)


@pytest.fixture
def report(hub_org: Organisation) -> Report:
    """A resident's report to the hub: Margaret Hughes, who agreed to sharing, lost £1,250
    to a caller on 020 7946 0123."""
    return make_report().report


def api(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def end(made: SharingAgreement) -> None:
    made.ended_at = timezone.now()
    made.save()


def test_the_api_withholds_each_category_not_covered_and_releases_what_is(
    hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    client = api(officer)
    url = f"/api/v1/reports/{report.reference}/"
    assert client.get(url).status_code == 404
    assert client.get("/api/v1/reports/").json()["results"] == []

    made = agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    asked = client.get(url)  # another organisation's report: the API asks why, as pages do
    assert asked.status_code == 400 and "reason" in asked.json()["errors"]
    url += "?reason=Operation+Heron+request+41"
    body = client.get(url).json()
    assert AuditEvent.objects.filter(object_id=str(report.pk), action="view").last().detail == {
        "via": "api",
        "reason_given": "Operation Heron request 41",
    }
    assert body["description"].startswith("A caller said")
    assert [i["normalised"] for i in body["identifiers"]] == ["+442079460123"]
    assert body["amount_lost"] is None
    assert body["victim"]["first_name"] == "" and body["victim"]["phone"] == ""
    assert body["withheld"]["victim_contact"] == (
        "Withheld: no data-sharing agreement in force between Hertfordshire Police and "
        "Fraud Hub covers victim contact details"
    )
    assert set(body["withheld"]) == {
        C.VICTIM_CONTACT,
        C.HEALTH_VULNERABILITY,
        C.CASE_NOTES,
        C.MONEY,
    }
    asked = client.get("/api/v1/reports/")  # a list holding another's report asks too
    assert asked.status_code == 400 and "reason" in asked.json()["errors"]
    listed = client.get("/api/v1/reports/?reason=Operation+Heron").json()["results"]
    assert [r["reference"] for r in listed] == [report.reference]
    assert listed[0]["victim"]["last_name"] == ""
    newest = AuditEvent.objects.filter(object_id=str(report.pk), action="view").first()
    assert newest is not None and newest.detail == {
        "via": "api list",
        "reason_given": "Operation Heron",
    }

    agreement(hub_org, police, categories=(C.VICTIM_CONTACT, C.MONEY))
    body = client.get(url).json()
    assert body["victim"]["first_name"] == "Margaret" and body["amount_lost"] == "1250.00"
    assert set(body["withheld"]) == {C.HEALTH_VULNERABILITY, C.CASE_NOTES}

    end(made)
    body = client.get(url).json()
    assert body["description"] == "" and body["identifiers"] == []
    assert C.SCAM_DETAILS in body["withheld"]


def test_the_report_page_shows_why_each_withheld_part_is_withheld(
    client: Client, hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    agreement(hub_org, police, categories=(C.VICTIM_CONTACT,))
    sign_in(client, officer)
    page = opened_with_a_reason(client, report.reference).content.decode()
    assert "Margaret Hughes" in page
    assert "A caller said" not in page and "020 7946 0123" not in page
    reason = "Withheld: no data-sharing agreement in force between Hertfordshire Police and Fraud Hub covers "
    for label in (
        "scam details and scammers&#x27; identifiers",
        "money and bank details",
        "health and vulnerability",
        "case notes and support plans",
    ):
        assert reason + label in page
    assert "1,250" not in page


def test_the_victims_no_to_sharing_withholds_their_details_whatever_the_agreement(
    client: Client, hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    agreement(hub_org, police)
    victim = report.victim
    assert victim is not None
    victim.consent_to_share = False
    victim.save()
    sign_in(client, officer)
    page = opened_with_a_reason(client, report.reference).content.decode()
    assert "Margaret" not in page and "01727" not in page
    assert (
        "Withheld: the victim said no to sharing their details with partner organisations" in page
    )
    assert "A caller said" in page  # scam details are not the victim's to withhold


def test_search_and_the_report_list_match_only_on_what_is_released(
    client: Client, hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    sign_in(client, officer)
    gave_a_reason_for_lists(client)

    def found(path: str) -> bool:
        return str(report.reference) in client.get(path).content.decode()

    assert not found("/staff/reports/?query=Hughes")
    assert not found("/staff/search/?q=Margaret+Hughes")
    made = agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    assert found("/staff/reports/")
    assert not found("/staff/reports/?query=Hughes")  # a withheld name matches nothing
    assert not found("/staff/search/?q=Margaret+Hughes")
    assert not found("/staff/reports/?postcode=AL1+3EJ")
    assert found("/staff/reports/?scam_type=bank_impersonation")
    agreement(hub_org, police, categories=(C.VICTIM_CONTACT,))
    assert found("/staff/reports/?query=Hughes")
    assert found("/staff/search/?q=Margaret+Hughes")
    assert found("/staff/reports/?postcode=AL1+3EJ")
    SharingAgreement.objects.exclude(pk=made.pk).update(ended_at=timezone.now())
    end(made)
    assert not found("/staff/reports/")
    assert not found("/staff/search/?q=Margaret+Hughes")


def test_a_missing_detail_is_not_told_to_a_reader_the_detail_is_withheld_from(
    client: Client, hub_org: Organisation, police: Organisation, officer: User
) -> None:
    # "No way to contact the victim" says whether there is one: a reader without the
    # victim's contact details learns it neither from the list's filter nor from the page.
    bare = make_report(
        victim=PersonInput(first_name="Nobody", last_name="Known", consent_to_share=True)
    ).report
    agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    sign_in(client, officer)
    gave_a_reason_for_lists(client)
    listed = client.get("/staff/reports/?quality_issue=no_victim_contact").content.decode()
    assert str(bare.reference) not in listed
    page = opened_with_a_reason(client, str(bare.reference)).content.decode()
    assert "No way to contact the victim" not in page
    agreement(hub_org, police, categories=(C.VICTIM_CONTACT,))
    listed = client.get("/staff/reports/?quality_issue=no_victim_contact").content.decode()
    assert str(bare.reference) in listed
    page = client.get(f"/staff/reports/{bare.reference}/").content.decode()
    assert "No way to contact the victim" in page


def _export_rows(organisation: Organisation) -> list[dict[str, str]]:
    out = io.StringIO()
    write_reports(out, organisation=organisation)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_the_referral_export_writes_released_cells_and_says_why_the_rest_are_not(
    hub_org: Organisation, police: Organisation, report: Report
) -> None:
    assert _export_rows(police) == []
    made = agreement(hub_org, police, categories=(C.SCAM_DETAILS, C.MONEY))
    [row] = _export_rows(police)
    assert row["reference"] == report.reference
    assert row["amount_lost"] == "1250.00" and row["suspect_phone"]
    assert row["victim_first_name"].startswith("Withheld: no data-sharing agreement")
    assert row["victim_phone"].startswith("Withheld:")
    assert row["vulnerability_notes"].endswith("covers health and vulnerability")
    end(made)
    assert _export_rows(police) == []


def test_intelligence_exports_hold_identifiers_only_where_scam_details_are_released(
    hub_org: Organisation, police: Organisation, report: Report
) -> None:
    options = intel.IntelOptions(format="csv")

    def values() -> list[str]:
        text = intel.export_intel(organisation=police, options=options).text
        return [row["value"] for row in csv.DictReader(io.StringIO(text))]

    assert values() == []
    agreement(hub_org, police, categories=(C.VICTIM_CONTACT,))
    assert values() == []
    made = agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    assert values() == ["'+442079460123"]  # escaped: a spreadsheet would run it
    text = intel.export_intel(organisation=police, options=options).text
    assert (
        next(csv.DictReader(io.StringIO(text)))["total_loss"] == ""
    )  # money withheld: left out, not £0.00
    end(made)
    assert values() == []


def test_the_map_counts_released_reports_and_their_losses_only_where_money_is_released(
    hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    period = Period(start=timezone.localdate() - timedelta(days=30), end=timezone.localdate())
    assert map_figures(officer, period).reports == 0
    agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    figures = map_figures(officer, period)
    assert figures.reports == 1 and figures.losses == Decimal("0")
    agreement(hub_org, police, categories=(C.MONEY,))
    assert map_figures(officer, period).losses == Decimal("1250.00")
    SharingAgreement.objects.update(ended_at=timezone.now())
    assert map_figures(officer, period).reports == 0


def test_the_cluster_list_totals_only_the_losses_the_cluster_page_shows(
    hub_org: Organisation, police: Organisation, report: Report
) -> None:
    analyst = staff_user("police-analyst", role="Analyst", organisation=police)
    second = make_report().report  # a second loss of £1,250 to the same caller
    link_reports(report_ids=[report.pk, second.pk])
    agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    (row,) = clusters_for_analyst(analyst, ClusterFilters())
    assert row["reports"] == 2 and row["total_loss"] is None
    assert cluster_for_analyst(analyst, row["cluster_id"]).total_loss == Decimal("0")
    agreement(hub_org, police, categories=(C.MONEY,))
    (row,) = clusters_for_analyst(analyst, ClusterFilters())
    assert row["total_loss"] == Decimal("2500.00")
    assert cluster_for_analyst(analyst, row["cluster_id"]).total_loss == Decimal("2500.00")


def test_a_partner_outside_every_agreement_is_refused_everywhere_as_if_nothing_were_there(
    client: Client, hub_org: Organisation, police: Organisation, report: Report
) -> None:
    second = make_report().report
    link_reports(report_ids=[report.pk, second.pk])
    agreement(hub_org, police)
    bank = OrganisationFactory(slug="bank", name="Bank A", kind="bank")
    banker = staff_user("banker", role="Analyst", organisation=bank)
    victim = report.victim
    assert victim is not None
    cluster = report.cluster_member.cluster_id  # type: ignore[attr-defined]
    sign_in(client, banker)
    for path in (
        f"/staff/reports/{report.reference}/",
        f"/staff/reports/{report.reference}/evidence/1/",
        f"/staff/links/clusters/{cluster}/",
        f"/staff/links/people/{victim.pk}/",
        f"/api/v1/reports/{report.reference}/",
    ):
        assert client.get(path).status_code == 404, path
    assert api(banker).get(f"/api/v1/reports/{report.reference}/").status_code == 404
    assert str(report.reference) not in client.get("/staff/search/?q=Hughes").content.decode()


def test_notes_and_rules_about_a_withheld_victim_leak_nothing_and_claim_nothing(
    client: Client, hub_org: Organisation, police: Organisation, officer: User, report: Report
) -> None:
    """A data-quality note quoting the victim's phone is withheld with their contact
    details, and a withheld contact rule is empty, never the default 'contact directly'
    (which would tell a partner it is safe to phone a victim the hub reaches through a
    carer)."""
    victim = report.victim
    assert victim is not None
    victim.contact_rule = "via_carer"
    victim.save()
    report.quality_issues = [
        f"reporter's {victim.phone} is not in a range given to any phone company"
    ]
    report.save()
    agreement(hub_org, police, categories=(C.SCAM_DETAILS,))

    body = api(officer).get(f"/api/v1/reports/{report.reference}/?reason=casework").json()
    assert victim.phone and victim.phone not in str(body)
    assert body["data_quality_issues"] == [
        "Withheld: this note names details that are not shared with your organisation"
    ]
    assert body["victim"]["contact_rule"] == ""
    sign_in(client, officer)
    page = opened_with_a_reason(client, report.reference).content.decode()
    assert victim.phone not in page and "names details that are not shared" in page


def test_a_list_page_says_why_once_and_withheld_in_each_cell(
    client: Client, hub_org: Organisation, police: Organisation, officer: User
) -> None:
    reports = [make_report().report for _ in range(3)]
    agreement(hub_org, police, categories=(C.SCAM_DETAILS,))
    sign_in(client, officer)
    gave_a_reason_for_lists(client)
    page = client.get("/staff/reports/").content.decode()
    assert all(r.reference in page for r in reports)
    reason = (
        "No data-sharing agreement in force between Hertfordshire Police and Fraud Hub "
        "covers victim contact details"
    )
    assert page.count(reason) == 1
    assert "Withheld: no data-sharing agreement" not in page
    cell = (
        '<span class="fh-withheld">Withheld<span class="govuk-visually-hidden">: '
        "victim's name and contact details</span></span>"
    )
    assert page.count(cell) == 3
