"""Consent belongs to whoever gave it. A daughter or carer reporting for the victim
answers for themselves; the victim's own consent to contact and to sharing is "not asked
yet" until the hub asks the victim, or someone with lasting power of attorney for them."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.casework.models import Case, CaseEvent
from fraudhub.casework.services import CaseRuleBroken, Edit, record_victim_consent, triage_reports
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.consent import victim_consent
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from fraudhub.reports.services import update_report
from tests.factories import make_report, submission
from tests.intake.test_phone_entry import CALL
from tests.intake.test_phone_entry import URL as PHONE_URL
from tests.intake.test_reporting_pages import VICTIM_PAGES, walk

pytestmark = pytest.mark.django_db

DAUGHTER_REPORTS = [
    ("who", {"reporting_for": "someone_else"}),
    ("relationship", {"relationship": "family"}),
    *[p for p in VICTIM_PAGES[1:] if p[0] not in ("contact-details", "consent")],
    ("safe-contact", {"contact_rule": "via_reporter"}),
    (
        "contact-details",
        {"reporter_first_name": "Sam", "reporter_last_name": "Smith", "phone": "07700 900123"},
    ),
    ("consent", {"consent_to_contact": "yes", "consent_to_share": "yes"}),
]


ATTORNEY_ANSWERS = {
    "answered_by": "attorney",
    "attorney_name": "Sam Smith",
    "answered_on_day": "2",
    "answered_on_month": "12",
    "answered_on_year": "2026",
    "consent_to_contact": "yes",
    "consent_to_share": "no",
}


def _case(report: Report) -> Case:
    return triage_reports(report_ids=[report.pk])[0]


def test_a_daughter_agreeing_to_sharing_is_not_her_mother_agreeing(
    client: Client, manager_client: Client
) -> None:
    walk(client, DAUGHTER_REPORTS)
    client.post(reverse("intake:check"))
    report = Report.objects.get()
    assert report.reporter is not None and report.victim is not None
    assert (report.reporter.consent_to_contact, report.reporter.consent_to_share) == (True, True)
    consent = victim_consent(report)
    assert (consent.contact, consent.share, consent.asked) == (None, None, False)
    page = manager_client.get(reverse("staff:report_detail", args=[report.reference]))
    html = page.content.decode()
    assert 'id="victim-consent-share">Not asked yet<' in html
    assert 'id="victim-consent-share">Yes<' not in html  # once "Agreed to sharing: Yes"
    assert "Their own answer, not the victim's" in html


def test_a_caller_for_someone_else_answers_only_for_themselves(manager_client: Client) -> None:
    manager_client.post(PHONE_URL, {**CALL, "consent_to_share": "yes"})
    report = Report.objects.get()
    assert report.reporter is not None and report.reporter.consent_to_share is True
    assert victim_consent(report).share is None


def test_a_victim_reporting_for_themselves_gives_their_own_answers() -> None:
    report = make_report(
        victim=PersonInput(first_name="Jean", consent_to_contact=True, consent_to_share=False)
    ).report
    consent = victim_consent(report)
    assert (consent.contact, consent.share) == (True, False)
    assert consent.answered_by == Person.ConsentBy.VICTIM
    assert consent.answered_on == report.received_date


def test_a_case_manager_records_the_answers_of_an_attorney(manager_client: Client, hub_org) -> None:  # type: ignore[no-untyped-def]
    report = make_report(
        reporter=PersonInput(role=Person.Role.REPORTER, first_name="Sam", consent_to_share=True),
        victim=PersonInput(first_name="Edna", last_name="Smith", age="84", postcode="SG1 2AB"),
    ).report
    case = _case(report)
    page = manager_client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert 'id="victim-consent-contact">Not asked yet<' in page
    form = manager_client.get(reverse("casework:action", args=[case.pk, "consent"]))
    assert "Who answered?" in form.content.decode()
    case.refresh_from_db()
    response = manager_client.post(
        reverse("casework:action", args=[case.pk, "consent"]),
        {"version": case.version, **ATTORNEY_ANSWERS},
    )
    assert response.status_code == 302, response.content.decode()
    consent = victim_consent(Report.objects.get(pk=report.pk))
    assert (consent.contact, consent.share) == (True, False)
    assert consent.answered_by_label == "Someone with lasting power of attorney for them: Sam Smith"
    assert consent.answered_on == date(2026, 12, 2)
    page = manager_client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Someone with lasting power of attorney for them: Sam Smith, 2 December 2026" in page
    event = CaseEvent.objects.get(case=case, text__startswith="Victim's consent recorded")
    assert "Sam Smith" not in event.text  # the audit log keeps the history's words, no names
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CHANGE, object_id=str(case.pk)
    ).exists()
    reporter = Report.objects.get(pk=report.pk).reporter
    assert reporter is not None and reporter.consent_to_share is True  # still Sam's own


def test_an_attorney_must_be_named(manager_client: Client, hub_org) -> None:  # type: ignore[no-untyped-def]
    case = _case(make_report().report)
    case.refresh_from_db()
    response = manager_client.post(
        reverse("casework:action", args=[case.pk, "consent"]),
        {"version": case.version, **ATTORNEY_ANSWERS, "attorney_name": ""},
    )
    assert "Enter the name of the person with lasting power of attorney" in (
        response.content.decode()
    )
    with pytest.raises(CaseRuleBroken):
        record_victim_consent(
            edit=Edit(case=case, version=case.version, actor=None),
            consent_to_contact=True,
            consent_to_share=True,
            answered_by="attorney",
            answered_on=date(2026, 12, 2),
        )


def test_a_partner_sending_a_row_again_keeps_the_answers_the_hub_recorded(hub_org) -> None:  # type: ignore[no-untyped-def]
    report = make_report(source=Report.Source.PARTNER_FILE, partner_reference="TS-1").report
    case = _case(report)
    case.refresh_from_db()
    record_victim_consent(
        edit=Edit(case=case, version=case.version, actor=None),
        consent_to_contact=False,
        consent_to_share=False,
        answered_by="victim",
        answered_on=date(2026, 12, 2),
    )
    update_report(
        report=report,
        submission=submission(
            source=Report.Source.PARTNER_FILE, partner_reference="TS-1", narrative="More detail."
        ),
    )
    consent = victim_consent(Report.objects.get(pk=report.pk))
    assert (consent.contact, consent.share, consent.answered_by) == (False, False, "victim")
