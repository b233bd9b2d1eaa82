"""Correcting a detail, restricting processing, legal holds and erasure on request: each
done by the data protection officer through the pages, recorded on the record and in the
audit log, refused with a clear message when it cannot be done."""

from __future__ import annotations

import pytest
from django.test import Client

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.governance.models import AuditEvent, LegalHold, Rectification, Restriction
from fraudhub.linking.models import ClusterMember
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from fraudhub.reports.selectors import visible_reports
from tests.factories import make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def victim(first: str = "Margaret", **typed: str) -> Person:
    values = {
        "first_name": first,
        "last_name": "Hughes",
        "date_of_birth": "07/03/1948",
        "postcode": "AL1 3EJ",
        "phone": "01727 123456",
        **typed,
    }
    report = make_report(victim=PersonInput(**values)).report  # type: ignore[arg-type]
    person = report.victim
    assert person is not None
    return person


@pytest.fixture
def dpo() -> Client:
    return sign_in(Client(), staff_user("dpo", role="Data protection officer"))


def test_a_correction_keeps_what_it_said_and_what_was_typed(dpo: Client) -> None:
    first, second = victim(), victim()
    page = f"/staff/data-rights/people/{first.pk}/correct/"
    response = dpo.post(
        page, {"field": "postcode", "value": "al3 5pq", "reason": "She moved in 2025"}
    )
    assert response.status_code == 302
    for person in (first, second):  # both of her records
        person.refresh_from_db()
        assert person.postcode_raw == "al3 5pq"  # as typed
        assert person.postcode == "AL3 5PQ" and person.postcode_district == "AL3"
    correction = Rectification.objects.filter(object_id=first.pk).get()
    assert (correction.was, correction.now, correction.by_label) == ("AL1 3EJ", "al3 5pq", "dpo")
    entry = AuditEvent.objects.filter(object_id=str(first.pk), action="change").latest("id")
    assert entry.detail["rectified"] == "postcode"
    assert "AL3" not in str(entry.detail), "the audit names the field, never the values"
    shown = dpo.get(f"/staff/data-rights/people/{first.pk}/").content.decode()
    assert "She moved in 2025" in shown and "AL1 3EJ" in shown


def test_a_correction_that_cannot_be_used_says_what_to_fix_and_changes_nothing(
    dpo: Client,
) -> None:
    person = victim()
    response = dpo.post(
        f"/staff/data-rights/people/{person.pk}/correct/",
        {"field": "postcode", "value": "not a postcode", "reason": "Asked by phone"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a real postcode, like AL1 3EJ" in text
    assert 'value="not a postcode"' in text and "Asked by phone" in text
    person.refresh_from_db()
    assert person.postcode == "AL1 3EJ" and not Rectification.objects.exists()
    response = dpo.post(f"/staff/data-rights/people/{person.pk}/correct/", {})
    assert "Select which detail is wrong" in response.content.decode()


def test_a_restricted_persons_reports_are_kept_but_not_shown_linked_or_exported(
    dpo: Client,
) -> None:
    person = victim()
    other = victim("Ann")
    manager = sign_in(Client(), staff_user("manager", role="Case manager"))
    response = dpo.post(
        f"/staff/data-rights/people/{person.pk}/restrict/",
        {"reason": "Disputes the account of what happened"},
    )
    assert response.status_code == 302
    assert Restriction.objects.get(object_id=person.pk).active
    assert Report.objects.filter(pk=person.report_id).exists()  # kept

    # Not listed, searched or given to any reader; its page is a notice, nothing more.
    assert person.report not in visible_reports(staff_user("admin", role="Administrator"))
    page = manager.get(f"/staff/reports/{person.report.reference}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Processing of this report is restricted" in text
    assert "Margaret" not in text and "01727" not in text
    assert person.report.reference not in manager.get("/staff/reports/").content.decode()
    # Not linked: a report sharing the scammer's number joins no cluster with it.
    link_reports(report_ids=[person.report_id, other.report_id])
    assert not ClusterMember.objects.filter(report_id=person.report_id).exists()
    # The person's page says it, and the restriction can be lifted with a reason.
    assert (
        "Processing is restricted"
        in dpo.get(f"/staff/data-rights/people/{person.pk}/").content.decode()
    )
    dpo.post(
        f"/staff/data-rights/people/{person.pk}/lift-restriction/",
        {"reason": "Checked with her: the account is right"},
    )
    assert not Restriction.objects.get(object_id=person.pk).active
    assert manager.get(f"/staff/reports/{person.report.reference}/").status_code == 200
    assert "Margaret" in manager.get(f"/staff/reports/{person.report.reference}/").content.decode()
    assert (
        AuditEvent.objects.filter(
            object_id=str(person.pk), detail__Restriction__in=["placed", "lifted"]
        ).count()
        == 2
    )


def test_erasure_on_request_anonymises_their_reports_and_is_audited(dpo: Client) -> None:
    person = victim()
    other = victim("Ann", date_of_birth="01/01/1950")
    page = f"/staff/data-rights/people/{person.pk}/erase/"
    refused = dpo.post(page, {"reason": "Request of 1 December"})
    assert "Confirm you have checked the erasure is allowed" in refused.content.decode()
    response = dpo.post(page, {"reason": "Request of 1 December", "confirm": "checked"})
    assert response.status_code == 302
    report = Report.objects.get(pk=person.report_id)
    assert report.anonymised_at is not None and report.narrative == ""
    person.refresh_from_db()
    assert person.first_name == "" and person.date_of_birth is None and person.phone == ""
    assert AuditEvent.objects.filter(
        action="erase", object_type="reports.report", object_id=str(report.pk)
    ).exists()
    other.refresh_from_db()
    assert other.first_name == "Ann", "nobody else's details are touched"
    # Erased details are no longer found.
    assert dpo.get(f"/staff/data-rights/people/{person.pk}/").status_code == 404


def test_erasure_on_request_closes_the_victims_open_case_and_pages_say_so(dpo: Client) -> None:
    person = victim()
    report = Report.objects.get(pk=person.report_id)
    triage_reports(report_ids=[report.pk])
    case = Case.objects.get(victim=person)
    manager = staff_user("manager")
    Case.objects.filter(pk=case.pk).update(assigned_to=manager)
    assert case.state not in {"closed", "declined", "unable_to_contact"}
    dpo.post(
        f"/staff/data-rights/people/{person.pk}/erase/",
        {"reason": "Request of 1 December", "confirm": "checked"},
    )
    case.refresh_from_db()
    assert (case.state, case.closure_reason, case.assigned_to) == ("closed", "erased", None)
    assert case.closed_on is not None and case.first_ended_on is not None
    staff = sign_in(Client(), manager)
    page = staff.get(f"/staff/cases/{case.pk}/").content.decode()
    assert "details were erased on request, so this case was closed on" in page
    page = staff.get(f"/staff/reports/{report.reference}/").content.decode()
    assert "The personal details in this report were erased on" in page
    assert "Add update" not in page


def test_a_legal_hold_stops_erasure_on_request(dpo: Client) -> None:
    person = victim()
    dpo.post(
        f"/staff/data-rights/people/{person.pk}/hold/",
        {"reason": "Evidence in prosecution 41/1234/26"},
    )
    assert LegalHold.objects.get(object_id=person.pk).active
    response = dpo.post(
        f"/staff/data-rights/people/{person.pk}/erase/",
        {"reason": "Request of 1 December", "confirm": "checked"},
    )
    assert response.status_code == 200
    assert "A legal hold keeps some of these records" in response.content.decode()
    person.refresh_from_db()
    assert person.first_name == "Margaret"
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_a_reason_is_needed_and_an_unknown_action_is_not_found(dpo: Client) -> None:
    person = victim()
    response = dpo.post(f"/staff/data-rights/people/{person.pk}/restrict/", {"reason": " "})
    assert "Enter why processing is being restricted" in response.content.decode()
    assert not Restriction.objects.exists()
    assert dpo.get(f"/staff/data-rights/people/{person.pk}/shred/").status_code == 404
