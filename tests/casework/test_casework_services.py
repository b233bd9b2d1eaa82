"""Casework services with the database: a case per victim, triage kept up to date, and the
rules every write on a case keeps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from fraudhub.casework import selectors
from fraudhub.casework.lifecycle import MoveRefused
from fraudhub.casework.models import (
    Case,
    CaseEvent,
    Contact,
    FollowUp,
    Intervention,
    TriageSettings,
)
from fraudhub.casework.services import (
    CaseRuleBroken,
    Edit,
    add_plan_item,
    assign_case,
    close_case,
    confirm_indicators,
    move_case,
    record_contact,
    record_follow_up,
    reopen_case,
    save_assessment,
    triage_reports,
    update_plan_item,
)
from fraudhub.casework.triage import months_before
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, ReportUpdate
from fraudhub.reports.services import update_report

from ..factories import make_report, staff_user, submission

pytestmark = pytest.mark.django_db


def victim(**changes: Any) -> PersonInput:
    values: dict[str, Any] = {
        "first_name": "Margaret",
        "last_name": "Hughes",
        "age": "78",
        "postcode": "AL1 3EJ",
        "phone": "01727 123456",
        "email": "margaret@example.com",
        "consent_to_contact": True,
        "consent_to_share": True,
    }
    values.update(changes)
    return PersonInput(**values)


def open_case(**overrides: Any) -> Case:
    created = make_report(**overrides)
    return triage_reports(report_ids=[created.report.pk])[0]


def edit(case: Case, actor: User | None = None) -> Edit:
    case.refresh_from_db()
    return Edit(case=case, version=case.version, actor=actor)


def in_contact(case: Case, actor: User) -> Case:
    assign_case(edit=edit(case, actor), to=actor)
    record_contact(edit=edit(case, actor), method="phone", with_whom="victim", outcome="spoke")
    case.refresh_from_db()
    assert case.state == "in_contact"
    return case


def closed(case: Case, actor: User) -> Case:
    in_contact(case, actor)
    move_case(edit=edit(case, actor), target="closing")
    close_case(
        edit=edit(case, actor),
        closure_reason="support_complete",
        impact_at_closure=2,
        able_to_spot_scams=True,
        money_recovered="no",
        satisfaction=5,
    )
    case.refresh_from_db()
    assert case.state == "closed"
    return case


# --- one case per victim -----------------------------------------------------------------


def test_each_victim_gets_one_case_and_triage_again_adds_none(hub_org) -> None:
    first = make_report().report
    second = make_report(
        victim=victim(first_name="Ann", last_name="Lee", postcode="SG1 1AA")
    ).report
    cases = triage_reports(report_ids=[first.pk, second.pk])
    assert len(cases) == 2 and Case.objects.count() == 2
    assert {c.victim.first_name for c in cases} == {"Margaret", "Ann"}
    assert all(c.team == hub_org for c in cases)
    again = triage_reports(report_ids=[first.pk, second.pk])
    assert {c.pk for c in again} == {c.pk for c in cases}
    assert Case.objects.count() == 2


def test_case_is_triaged_when_opened(hub_org) -> None:
    case = open_case(amount_lost="£1,250.00")
    assert case.level == 2
    assert case.triage_reasons == ["Aged 78, 70 or older", "Lost money (£1,250.00)"]
    assert case.victim_name == "Margaret Hughes" and case.age == 78
    assert case.due_date > case.opened_on


def test_second_report_for_the_same_victim_joins_the_case_as_a_repeat(hub_org) -> None:
    earlier = timezone.localdate() - timedelta(days=60)
    first = open_case(amount_lost="", received_date=earlier)
    assert first.level == 2
    second_report = make_report(
        victim=victim(phone="", email="", first_name="MARGARET"), amount_lost=""
    ).report
    [case] = triage_reports(report_ids=[second_report.pk])
    assert case.pk == first.pk
    assert case.reports.count() == 2
    assert case.level == 1
    assert f"({earlier.day} {earlier:%B %Y})" in case.triage_reasons[0]
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(case=case, text=f"{second_report} linked: same victim").exists()


@pytest.mark.parametrize(
    "shared",
    [
        {"postcode": "AL1 3EJ"},
        {"date_of_birth": "02/04/1947"},
        {"phone": "01727 123456"},
        {"email": "margaret@example.com"},
    ],
    ids=lambda s: next(iter(s)),
)
def test_same_name_and_one_more_detail_is_the_same_victim(hub_org, shared: dict[str, str]) -> None:
    nothing = {"postcode": "", "date_of_birth": "", "phone": "", "email": "", "age": ""}
    first = open_case(victim=victim(**{**nothing, "date_of_birth": "02/04/1947", **shared}))
    second = make_report(victim=victim(**{**nothing, **shared})).report
    [case] = triage_reports(report_ids=[second.pk])
    assert case.pk == first.pk


def test_same_name_with_different_details_is_a_different_victim(hub_org) -> None:
    first = open_case(victim=victim(date_of_birth="02/04/1947"))
    other = make_report(
        victim=victim(
            postcode="SG1 2AB",
            date_of_birth="03/05/1950",
            phone="01438 765432",
            email="maggie@example.org",
        )
    ).report
    [case] = triage_reports(report_ids=[other.pk])
    assert case.pk != first.pk
    assert Case.objects.count() == 2
    assert case.level == 2  # not a repeat: a different person


def test_a_victim_with_no_name_gets_a_case_of_their_own(hub_org) -> None:
    nameless = victim(first_name="", last_name="")
    first = open_case(victim=nameless)
    second = open_case(victim=nameless)
    assert first.pk != second.pk


def test_a_victim_reporting_again_reopens_their_closed_case(hub_org, manager) -> None:
    # Another incident: a report of the same scam within 7 days would be the same one.
    case = closed(open_case(received_date=timezone.localdate() - timedelta(days=30)), manager)
    again = make_report().report
    [reopened] = triage_reports(report_ids=[again.pk])
    assert reopened.pk == case.pk
    assert reopened.state == "new" and reopened.closed_on is None
    assert reopened.level == 1


# --- triage kept up to date --------------------------------------------------------------


def test_a_changed_report_is_triaged_again(hub_org, django_capture_on_commit_callbacks) -> None:
    created = make_report()
    case = triage_reports(report_ids=[created.report.pk])[0]
    assert case.level == 2
    version = case.version
    with django_capture_on_commit_callbacks(execute=True):
        update_report(report=created.report, submission=submission(amount_lost="£15,000"))
    case.refresh_from_db()
    assert case.level == 1
    assert "Lost £15,000.00, at least £10,000.00" in case.triage_reasons
    assert case.version == version  # triage by the system does not make open forms stale
    assert CaseEvent.objects.filter(
        case=case, text="Triage: level 2 to level 1 (report changed)"
    ).exists()


def test_a_form_loaded_before_triage_ran_again_still_saves_and_keeps_the_triage(
    hub_org, manager
) -> None:
    created = make_report()
    case = triage_reports(report_ids=[created.report.pk])[0]
    loaded = edit(case, manager)
    update_report(report=created.report, submission=submission(still_in_contact=True))
    triage_reports(report_ids=[created.report.pk])
    assign_case(edit=loaded, to=manager)
    case.refresh_from_db()
    assert case.assigned_to == manager and case.level == 1


def test_a_stored_report_is_triaged_when_it_commits(
    hub_org, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = make_report(still_in_contact=True)
    case = Case.objects.get(reports=created.report)
    assert case.level == 1


def test_triage_settings_changed_by_an_administrator_change_the_result(hub_org) -> None:
    created = make_report(amount_lost="£6,000")
    [case] = triage_reports(report_ids=[created.report.pk])
    assert case.level == 2
    settings = TriageSettings.current()
    settings.loss_threshold = Decimal("5000")
    settings.days_level_1 = 2
    settings.save()
    [case] = triage_reports(report_ids=[created.report.pk])
    assert case.level == 1
    assert "Lost £6,000.00, at least £5,000.00" in case.triage_reasons
    from fraudhub.casework.calendar import add_working_days

    assert case.due_date == add_working_days(case.opened_on, 2)


def test_triage_settings_older_age(hub_org) -> None:
    settings = TriageSettings.current()
    settings.older_age = 80
    settings.save()
    case = open_case(amount_lost="")
    assert case.level == 3


def test_unknown_age_is_shown_as_unknown(hub_org) -> None:
    case = open_case(victim=victim(age=""), amount_lost="")
    assert case.age is None and case.age_band == "Not known"
    assert case.level == 3
    assert "Age not known: ask at first contact" in case.triage_reasons


def test_safeguarding_in_the_notes_marks_the_case(hub_org) -> None:
    case = open_case(
        victim=victim(vulnerability_notes="Neighbour raised a safeguarding concern"),
        amount_lost="",
    )
    assert case.safeguarding_concern
    assert case.level == 1
    assert "A safeguarding concern is recorded" in case.triage_reasons


def test_notes_without_safeguarding_do_not_mark_the_case(hub_org) -> None:
    case = open_case(victim=victim(vulnerability_notes="Lives alone, early dementia"))
    assert not case.safeguarding_concern
    assert case.level == 2
    # Notes only suggest indicators: nothing counts until a person confirms it.
    assert not any(r.startswith("Vulnerability") for r in case.triage_reasons)


def test_confirmed_indicators_are_triaged(hub_org, manager) -> None:
    case = open_case(victim=victim(age="40"), amount_lost="")
    assert case.level == 3
    confirm_indicators(edit=edit(case, manager), indicators=["lives_alone", "not_a_thing"])
    case.refresh_from_db()
    assert case.level == 2
    assert case.triage_reasons == ["Vulnerability recorded: lives alone"]
    assert Person.objects.get(pk=case.victim_id).vulnerability_indicators == ["lives_alone"]


def test_a_high_safeguarding_need_makes_the_case_level_1(hub_org, manager) -> None:
    case = in_contact(open_case(), manager)
    levels = {a: "none" for a in ("practical", "emotional", "financial", "digital")}
    save_assessment(edit=edit(case, manager), levels={**levels, "safeguarding": "high"})
    case.refresh_from_db()
    assert case.safeguarding_concern and case.level == 1


# --- contact rules -----------------------------------------------------------------------


def test_contact_only_via_the_reporter_refuses_contact_with_the_victim(hub_org, manager) -> None:
    reporter = victim(role="reporter", first_name="Tom", email="tom@example.com")
    case = open_case(victim=victim(contact_rule="via_reporter"), reporter=reporter)
    version = edit(case).version
    with pytest.raises(CaseRuleBroken, match="only through the person who reported it"):
        record_contact(
            edit=edit(case, manager), method="letter", with_whom="victim", outcome="sent"
        )
    case.refresh_from_db()
    assert not case.contacts.exists() and case.version == version
    record_contact(edit=edit(case, manager), method="phone", with_whom="reporter", outcome="spoke")
    assert case.contacts.get().with_whom == "reporter"


def test_no_phone_refuses_a_call_to_the_victim_but_allows_a_letter(hub_org, manager) -> None:
    case = open_case(victim=victim(contact_rule="no_phone"))
    with pytest.raises(CaseRuleBroken, match="Do not phone this victim"):
        record_contact(
            edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
        )
    assert not case.contacts.exists()
    record_contact(edit=edit(case, manager), method="letter", with_whom="victim", outcome="sent")
    assert case.contacts.get().method == "letter"


def test_a_later_reports_contact_rule_is_enforced(hub_org, manager) -> None:
    case = open_case()
    later = make_report(victim=victim(contact_rule="no_phone"), still_in_contact=True).report
    assert triage_reports(report_ids=[later.pk])[0].pk == case.pk
    with pytest.raises(CaseRuleBroken, match="Do not phone this victim"):
        record_contact(
            edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
        )


# --- plan --------------------------------------------------------------------------------


def test_an_intervention_that_needs_consent_is_refused_without_it(hub_org, manager) -> None:
    case = in_contact(open_case(), manager)
    notify_bank = Intervention.objects.get(slug="notify-bank-vulnerable")
    assert notify_bank.needs_consent
    for consent in (None, False):
        with pytest.raises(CaseRuleBroken, match="needs the victim's consent"):
            add_plan_item(
                edit=edit(case, manager),
                intervention=notify_bank,
                owner="Fraud hub",
                due_date=date(2030, 1, 1),
                consent_given=consent,
            )
    assert not case.plan_items.exists()
    add_plan_item(
        edit=edit(case, manager),
        intervention=notify_bank,
        owner="Fraud hub",
        due_date=date(2030, 1, 1),
        consent_given=True,
    )
    case.refresh_from_db()
    assert case.plan_items.get().consent_given is True
    assert case.state == "plan_active"


def test_closing_is_refused_while_plan_actions_are_open(hub_org, manager) -> None:
    case = in_contact(open_case(), manager)
    item = add_plan_item(
        edit=edit(case, manager),
        intervention=Intervention.objects.get(slug="call-blocker"),
        owner="Fraud hub",
        due_date=date(2030, 1, 1),
    )
    with pytest.raises(MoveRefused, match="1 action"):
        move_case(edit=edit(case, manager), target="closing")
    update_plan_item(edit=edit(case, manager), item=item, status="done")
    move_case(edit=edit(case, manager), target="closing")
    case.refresh_from_db()
    assert case.state == "closing"


# --- unable to contact -------------------------------------------------------------------


@pytest.mark.parametrize("attempts", [2, 4])
def test_unable_to_contact_only_after_the_set_attempts_and_a_letter(
    hub_org, manager, attempts: int
) -> None:
    settings = TriageSettings.current()
    settings.attempts_before_unable = attempts
    settings.save()
    case = open_case()
    assign_case(edit=edit(case, manager), to=manager)
    for _ in range(attempts):
        with pytest.raises(MoveRefused):
            move_case(edit=edit(case, manager), target="unable_to_contact")
        record_contact(
            edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
        )
    with pytest.raises(MoveRefused, match="Send a letter"):
        move_case(edit=edit(case, manager), target="unable_to_contact")
    case.refresh_from_db()
    assert case.state == "awaiting_contact"
    record_contact(edit=edit(case, manager), method="letter", with_whom="victim", outcome="sent")
    move_case(edit=edit(case, manager), target="unable_to_contact")
    case.refresh_from_db()
    assert case.state == "unable_to_contact"


def test_too_few_attempts_even_with_a_letter_is_refused(hub_org, manager) -> None:
    case = open_case()
    assign_case(edit=edit(case, manager), to=manager)
    record_contact(edit=edit(case, manager), method="letter", with_whom="victim", outcome="sent")
    record_contact(
        edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
    )
    with pytest.raises(MoveRefused, match=r"at least 3 contact attempts first \(2 so far\)"):
        move_case(edit=edit(case, manager), target="unable_to_contact")


# --- closing, follow-ups, reopening ------------------------------------------------------


def test_closing_books_follow_ups_at_1_3_and_6_months(hub_org, manager) -> None:
    case = closed(open_case(), manager)
    assert case.closed_on == timezone.localdate()
    follow_ups = list(case.follow_ups.order_by("months"))
    assert [f.months for f in follow_ups] == [1, 3, 6]
    for follow_up in follow_ups:
        calendar_months = months_before(case.closed_on, -follow_up.months)
        assert abs((follow_up.due_date - calendar_months).days) <= 3
        assert follow_up.done_on is None


def test_a_follow_up_answer_is_recorded(hub_org, manager) -> None:
    case = closed(open_case(), manager)
    first = case.follow_ups.get(months=1)
    record_follow_up(
        edit=edit(case, manager), follow_up=first, new_approach=True, notes=" Another call "
    )
    first.refresh_from_db()
    assert first.done_on == timezone.localdate()
    assert first.new_approach is True and first.notes == "Another call" and first.by == manager
    assert CaseEvent.objects.filter(
        case=case, text="1-month follow-up: new approach reported"
    ).exists()
    due = selectors.follow_ups_due(manager, today=first.due_date + timedelta(days=365))
    assert first not in due and due.count() == 2


@pytest.mark.parametrize("reason", ["", "   "])
def test_reopening_needs_a_reason(hub_org, manager, reason: str) -> None:
    case = closed(open_case(), manager)
    with pytest.raises(MoveRefused, match="Give a reason for reopening"):
        reopen_case(edit=edit(case, manager), reason=reason)
    with pytest.raises(MoveRefused, match="Give a reason for reopening"):
        move_case(edit=edit(case, manager), target="awaiting_contact", reason=reason)
    case.refresh_from_db()
    assert case.state == "closed"


def test_a_closed_case_is_reopened_with_a_reason(hub_org, manager) -> None:
    case = closed(open_case(), manager)
    reopen_case(edit=edit(case, manager), reason="She rang: another call from the 'bank'")
    case.refresh_from_db()
    assert case.state == "awaiting_contact" and case.closed_on is None
    assert CaseEvent.objects.filter(
        case=case, text="Reopened: She rang: another call from the 'bank'"
    ).exists()


def test_reopening_cancels_follow_ups_still_to_do(hub_org, manager) -> None:
    case = closed(open_case(), manager)
    reopen_case(edit=edit(case, manager), reason="Victim asked for more help")
    later = timezone.localdate() + timedelta(days=365)
    assert not selectors.follow_ups_due(manager, today=later).filter(case=case).exists()


def test_closing_a_reopened_case_needs_a_new_closure_reason(hub_org, manager) -> None:
    case = closed(open_case(), manager)
    reopen_case(edit=edit(case, manager), reason="Victim asked for more help")
    record_contact(edit=edit(case, manager), method="phone", with_whom="victim", outcome="spoke")
    move_case(edit=edit(case, manager), target="closing")
    with pytest.raises(MoveRefused):
        move_case(edit=edit(case, manager), target="closed")


# --- the reporter's tracking page and the audit log --------------------------------------


def test_milestones_appear_on_the_tracking_timeline_and_email_a_consenting_reporter(
    hub_org, manager, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    case = open_case()
    report = case.reports.get()
    with django_capture_on_commit_callbacks(execute=True):
        in_contact(case, manager)
    update = ReportUpdate.objects.get(report=report, kind="update")
    assert "been in touch" in update.text
    assert update.emailed_to == "margaret@example.com"
    assert [m.to for m in mailoutbox] == [["margaret@example.com"]]
    assert report.reference in mailoutbox[0].subject


def test_milestones_do_not_email_a_reporter_who_did_not_consent(
    hub_org, manager, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    case = open_case(victim=victim(consent_to_contact=False))
    with django_capture_on_commit_callbacks(execute=True):
        in_contact(case, manager)
    update = ReportUpdate.objects.get(report__cases=case, kind="update")
    assert "been in touch" in update.text and update.emailed_to == ""
    assert mailoutbox == []


def test_milestones_go_to_the_person_who_reported_it(
    hub_org, manager, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    reporter = victim(
        role="reporter", first_name="Tom", email="tom@example.com", consent_to_contact=True
    )
    case = open_case(reporter=reporter)
    with django_capture_on_commit_callbacks(execute=True):
        in_contact(case, manager)
    assert [m.to for m in mailoutbox] == [["tom@example.com"]]


def test_no_milestone_for_a_move_the_reporter_need_not_hear_about(hub_org, manager) -> None:
    case = open_case()
    assign_case(edit=edit(case, manager), to=manager)
    assert not ReportUpdate.objects.filter(report__cases=case, kind="update").exists()


def test_case_changes_are_audited(hub_org, manager) -> None:
    case = open_case()
    assign_case(edit=edit(case, manager), to=manager)
    record_contact(
        edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
    )
    events = AuditEvent.objects.filter(
        object_type="casework.case", object_id=str(case.pk), action=AuditEvent.Action.CHANGE
    ).order_by("id")
    assert [e.detail["did"] for e in events] == [
        "Assigned to manager",
        "Contact: Phone, no answer",
    ]
    assert all(e.actor == manager for e in events)


def test_assigning_a_new_case_makes_it_awaiting_contact(hub_org) -> None:
    worker = staff_user("worker")
    case = open_case()
    assign_case(edit=edit(case, worker), to=worker)
    case.refresh_from_db()
    assert case.assigned_to == worker and case.state == "awaiting_contact"


def test_first_contact_records_the_date_and_the_victims_impact(hub_org, manager) -> None:
    case = open_case()
    record_contact(
        edit=edit(case, manager), method="phone", with_whom="victim", outcome="spoke", impact=7
    )
    case.refresh_from_db()
    assert case.first_contact_on == timezone.localdate()
    assert case.impact_at_first_contact == 7
    assert case.state == "in_contact"
    assert Contact.objects.filter(case=case).count() == 1
    assert FollowUp.objects.filter(case=case).count() == 0
