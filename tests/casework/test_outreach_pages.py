"""Case managers work proactive calls from seized lists: the queue points to them, each call
has a page to record what happened and who has it, and only the fraud hub team sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.casework.models import Case, ProactiveCall
from fraudhub.casework.services import triage_reports
from fraudhub.casework.target_lists import import_target_list
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db

LIST = (
    "id,given_name,surname,date_of_birth,address_line1,town,postcode,phone,email\n"
    "S1,Peggy,Hughes,,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n"
    "S2,John,Smith,,1 High St,Stevenage,SG1 1AA,01438 000111,\n"
    "S3,Ken,Brown,,2 Elm Way,Watford,,,\n"
)


@pytest.fixture
def known_case(hub_org) -> Case:
    return triage_reports(report_ids=[make_report().report.pk])[0]


@pytest.fixture
def calls(known_case: Case, tmp_path: Path) -> dict[str, ProactiveCall]:
    path = tmp_path / "heron.csv"
    path.write_text(LIST, encoding="utf-8")
    import_target_list(path=path, source="Operation Heron")
    return {c.name: c for c in ProactiveCall.objects.all()}


def _post(client: Client, call: ProactiveCall, what: str, data: dict[str, object]):
    call.refresh_from_db()
    return client.post(f"/staff/cases/calls/{call.pk}/{what}/", {"version": call.version, **data})


def test_queue_points_to_the_calls_still_to_make(manager_client: Client, calls) -> None:
    page = manager_client.get("/staff/cases/").content.decode()
    assert "3 people from seized target lists still to call" in page
    assert 'href="/staff/cases/calls/"' in page


def test_calls_page_lists_known_victims_first(manager_client: Client, calls, known_case) -> None:
    page = manager_client.get("/staff/cases/calls/").content.decode()
    assert "3 calls still to make" in page
    assert page.index("Peggy Hughes") < page.index("John Smith")
    assert "Repeat target" in page
    assert f"Case {known_case.pk}" in page
    assert "Check they live in the county" in page  # Ken Brown has no postcode


def test_call_page_links_the_known_case_and_shows_the_rows_as_typed(
    manager_client: Client, calls, known_case
) -> None:
    call = calls["Peggy Hughes"]
    page = manager_client.get(f"/staff/cases/calls/{call.pk}/").content.decode()
    assert f'href="/staff/cases/{known_case.pk}/"' in page
    assert "Same phone number" in page
    assert "Peggy, Hughes, 12 Mill Lane, St Albans, AL1 3EJ, 01727 123456</td>" in page
    no_postcode = calls["Ken Brown"]
    page = manager_client.get(f"/staff/cases/calls/{no_postcode.pk}/").content.decode()
    assert "No postcode on the list. They may still live in the county" in page


def test_viewing_a_call_audits_the_call_and_its_list_rows(
    manager_client: Client, calls, manager: User
) -> None:
    call = calls["John Smith"]
    manager_client.get(f"/staff/cases/calls/{call.pk}/")
    viewed = AuditEvent.objects.filter(actor=manager, action=AuditEvent.Action.VIEW)
    assert set(viewed.values_list("object_type", flat=True)) == {
        "casework.proactivecall",
        "casework.targetlistentry",
    }
    entry = call.entries.get()
    assert viewed.filter(object_type="casework.targetlistentry", object_id=str(entry.pk)).exists()


def test_recording_an_outcome_closes_the_call_and_notes_the_case(
    manager_client: Client, calls, known_case
) -> None:
    call = calls["Peggy Hughes"]
    response = _post(
        manager_client, call, "outcome", {"status": "reached", "notes": "Warned her; no loss"}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.status, call.attempts) == ("reached", 1)
    assert "Warned her; no loss" in call.notes
    assert known_case.events.filter(text="Proactive call: reached: advice given").exists()
    listing = manager_client.get("/staff/cases/calls/").content.decode()
    assert "2 calls still to make" in listing
    assert "Peggy Hughes" not in listing
    assert "Peggy Hughes" in manager_client.get("/staff/cases/calls/?show=all").content.decode()


def test_was_scammed_links_the_case_their_report_opened(manager_client: Client, calls) -> None:
    call = calls["John Smith"]
    response = _post(manager_client, call, "outcome", {"status": "victim"})
    assert "No case found for them yet" in manager_client.get(response.url).content.decode()
    victim = PersonInput(
        first_name="John", last_name="Smith", postcode="SG1 1AA", phone="01438 000111"
    )
    case = triage_reports(report_ids=[make_report(victim=victim).report.pk])[0]
    response = _post(manager_client, call, "outcome", {"status": "victim"})
    assert f"Linked to case {case.pk}" in manager_client.get(response.url).content.decode()
    call.refresh_from_db()
    assert call.case == case and call.entries.get().case == case
    case.refresh_from_db()
    assert case.level == 1 and "On a seized scammers' target list" in case.triage_reasons


def test_not_reached_keeps_the_call_open_and_counts_the_attempt(
    manager_client: Client, calls
) -> None:
    call = calls["John Smith"]
    _post(manager_client, call, "outcome", {"status": "not_reached"})
    _post(manager_client, call, "outcome", {"status": "not_reached"})
    call.refresh_from_db()
    assert call.is_open and call.attempts == 2


def test_outcome_without_a_choice_says_what_to_fix_and_keeps_the_notes(
    manager_client: Client, calls
) -> None:
    call = calls["John Smith"]
    response = _post(manager_client, call, "outcome", {"notes": "Spoke to his daughter"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select what happened on the call" in page
    assert "Spoke to his daughter" in page
    call.refresh_from_db()
    assert call.status == "to_call" and call.attempts == 0


def test_an_outcome_from_an_old_page_is_refused(manager_client: Client, calls) -> None:
    call = calls["John Smith"]
    call.refresh_from_db()
    old = call.version
    _post(manager_client, call, "outcome", {"status": "declined"})
    response = manager_client.post(
        f"/staff/cases/calls/{call.pk}/outcome/", {"version": old, "status": "not_known"}
    )
    assert "Someone else changed this call" in response.content.decode()
    call.refresh_from_db()
    assert call.status == "declined"


def test_assigning_a_call(manager_client: Client, calls, manager: User) -> None:
    call = calls["John Smith"]
    assert _post(manager_client, call, "assign", {"assignee": manager.pk}).status_code == 302
    call.refresh_from_db()
    assert call.assigned_to == manager
    mine = manager_client.get("/staff/cases/calls/?assignee=me").content.decode()
    assert "1 call still to make" in mine and "John Smith" in mine


def test_only_the_fraud_hub_team_sees_calls(client: Client, calls, partner: User) -> None:
    call = calls["John Smith"]
    assert client.get("/staff/cases/calls/").status_code == 302  # to sign in
    sign_in(client, partner)
    assert client.get("/staff/cases/calls/").status_code == 403
    assert client.get(f"/staff/cases/calls/{call.pk}/").status_code == 403
    response = client.post(
        f"/staff/cases/calls/{call.pk}/outcome/", {"version": 1, "status": "reached"}
    )
    assert response.status_code == 403
    call.refresh_from_db()
    assert call.status == "to_call"
    assert not AuditEvent.objects.filter(actor=partner, object_type="casework.proactivecall")


def test_a_call_handler_sees_calls_but_cannot_record_them_and_an_analyst_sees_none(
    client: Client, calls
) -> None:
    call = calls["John Smith"]
    sign_in(client, staff_user("handler", role="Call handler"))
    assert client.get("/staff/cases/calls/").status_code == 200
    page = client.get(f"/staff/cases/calls/{call.pk}/")
    assert page.status_code == 200
    assert "Save the outcome" not in page.content.decode()
    refused = client.post(
        f"/staff/cases/calls/{call.pk}/outcome/", {"version": 1, "status": "reached"}
    )
    assert refused.status_code == 403
    assert "Your role is Call handler" in refused.content.decode()
    call.refresh_from_db()
    assert call.status == "to_call"
    sign_in(client, staff_user("analyst", role="Analyst"))
    assert client.get("/staff/cases/calls/").status_code == 403
