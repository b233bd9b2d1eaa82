"""A call handler types a report during a call; gaps and odd values are accepted and
flagged so no call is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.reports.models import Person, Report

pytestmark = pytest.mark.django_db
URL = reverse("intake:phone_entry")

CALL = {
    "caller": "someone_else",
    "relationship": "family",
    "reporter_name": "Sam Smith",
    "reporter_phone": "07400 123456",
    "first_name": "Edna",
    "last_name": "Smith",
    "age": "84",
    "postcode": "SG1",
    "contact_rule": "via_reporter",
    "vulnerability_indicators": ["cognitive", "lives_alone"],
    "scam_type": "rogue_trader",
    "contact_method": "doorstep",
    "incident_date_day": "3",
    "incident_date_month": "11",
    "incident_date_year": "2026",
    "narrative": "Two men said her roof was loose and charged £4,000 for a day's work.",
    "amount_lost": "£4,000",
    "payment_method": "cash",
    "scammer_vehicles": "AB12 CDE",
    "scammer_names": "Hertford Roofing",
    "consent_to_contact": "yes",
    "consent_to_share": "yes",
}


def test_phone_entry_needs_a_staff_login(client: Client) -> None:
    assert client.get(URL).status_code == 302


def test_call_handler_saves_a_report_for_a_caller_and_lands_on_its_ending(
    manager_client: Client,
) -> None:
    response = manager_client.post(URL, CALL)
    report = Report.objects.get()
    assert response["Location"] == reverse("intake:phone_ending", args=[report.reference])
    assert report.source == Report.Source.PHONE
    assert report.created_by is not None and report.created_by.username == "manager"
    victim, reporter = report.victim, report.reporter
    assert victim is not None and reporter is not None
    assert victim.contact_rule == Person.ContactRule.VIA_REPORTER
    assert victim.vulnerability_indicators == ["cognitive", "lives_alone"]
    assert (reporter.first_name, reporter.last_name, reporter.phone) == (
        "Sam",
        "Smith",
        "+447400123456",
    )
    assert "postcode SG1 is incomplete" in report.quality_issues
    assert report.identifiers.filter(kind="vehicle", normalised="AB12 CDE").exists()


def test_only_what_happened_is_required(manager_client: Client) -> None:
    response = manager_client.post(
        URL, {"caller": "victim", "narrative": "Odd call about my bank."}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert "no age" in report.quality_issues and "no postcode" in report.quality_issues
    assert report.victim is not None
    assert report.victim.contact_rule == Person.ContactRule.DIRECT
    assert report.victim.consent_to_contact is None, "consent that was not asked stays unknown"


def test_missing_answers_are_listed_in_an_error_summary_and_nothing_typed_is_lost(
    manager_client: Client,
) -> None:
    response = manager_client.post(URL, {**CALL, "narrative": "", "incident_date_day": "40"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter what happened, in the caller&#x27;s words" in page
    assert "The date it happened must be a real date" in page
    assert 'value="Edna"' in page and 'value="40"' in page
    assert Report.objects.count() == 0
