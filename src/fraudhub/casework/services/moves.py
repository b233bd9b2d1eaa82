"""Moves of a case through its lifecycle (casework/lifecycle.py says which are allowed):
moving, closing with its outcome, reopening, and what the reporter's tracking page
says meanwhile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from fraudhub.governance.access import Actor
from fraudhub.reports.models import Report

from ..lifecycle import ENDED, LABELS, CaseFacts, MoveRefused, State, check_move
from ..models import Case, Contact, FollowUp, PlanItem, TriageSettings
from .edits import Edit, _claim, _event
from .messages import _tell_reporter

FOLLOW_UP_MONTHS = (1, 3, 6)


def _facts(case: Case, **extra: Any) -> CaseFacts:
    contacts = list(case.contacts.values_list("method", "outcome"))
    return CaseFacts(
        contact_attempts=len(contacts),
        successful_contacts=sum(1 for _, outcome in contacts if outcome == Contact.Outcome.SPOKE),
        letter_sent=any(m == Contact.Method.LETTER for m, _ in contacts),
        plan_items=case.plan_items.count(),
        open_plan_items=case.plan_items.filter(status__in=PlanItem.OPEN_STATUSES).count(),
        attempts_before_unable=TriageSettings.current().attempts_before_unable,
        **extra,
    )


def _move(case: Case, target: State, actor: Actor, **facts: Any) -> None:
    current = State(case.state)
    check_move(current, target, _facts(case, **facts))
    case.state = target
    if target in ENDED and case.first_ended_on is None:
        case.first_ended_on = timezone.localdate()
    if target == State.CLOSED:
        case.closed_on = timezone.localdate()
        _schedule_follow_ups(case)
    if current in ENDED and target not in ENDED:
        _reopened(case)
    case.save()
    case.reports.update(status=report_status(target))
    _event(case, actor, f"Moved from {LABELS[current].lower()} to {LABELS[target].lower()}")
    _tell_reporter(case, f"tracking-{target.value.replace('_', '-')}", actor)


def report_status(state: State) -> str:
    """What the reporter's tracking page says of the report while its case is in `state`."""
    if state in ENDED:
        return Report.Status.CLOSED
    if state in (State.NEW, State.AWAITING_CONTACT):
        return Report.Status.NEW
    return Report.Status.IN_PROGRESS


def _reopened(case: Case) -> None:
    """A case opened again: its last closure no longer holds, and the follow-up checks
    still to do are cancelled (closing again books new ones)."""
    case.closed_on = None
    case.closure_reason = ""
    FollowUp.objects.filter(case=case, done_on__isnull=True).delete()


def move_case(*, edit: Edit, target: str, reason: str = "") -> Case:
    """Move the case to another state, if the lifecycle allows it now."""
    with transaction.atomic():
        case = _claim(edit)
        target_state = State(target)
        extra: dict[str, Any] = {}
        if target_state == State.AWAITING_CONTACT and State(case.state) in ENDED:
            extra["reopen_reason"] = reason.strip()
        if target_state == State.CLOSED:
            extra["closure_reason"] = case.closure_reason or reason
        _move(case, target_state, edit.actor, **extra)
        if extra.get("reopen_reason"):
            _event(case, edit.actor, f"Reopened: {reason.strip()}")
        return case


def reopen_case(*, edit: Edit, reason: str) -> Case:
    if not reason.strip():
        raise MoveRefused("Give a reason for reopening the case")
    return move_case(edit=edit, target=State.AWAITING_CONTACT, reason=reason)


def close_case(
    *,
    edit: Edit,
    closure_reason: str,
    impact_at_closure: int | None,
    able_to_spot_scams: bool | None,
    money_recovered: str,
    satisfaction: int | None,
) -> Case:
    """Record the outcome and close: from closing, or straight from an ended state."""
    with transaction.atomic():
        case = _claim(edit)
        if not closure_reason:
            raise MoveRefused("Give a closure reason")
        case.closure_reason = closure_reason
        case.impact_at_closure = impact_at_closure
        case.able_to_spot_scams = able_to_spot_scams
        case.money_recovered = money_recovered
        case.satisfaction = satisfaction
        _move(case, State.CLOSED, edit.actor, closure_reason=closure_reason)
        return case


def _schedule_follow_ups(case: Case) -> None:
    today = timezone.localdate()
    FollowUp.objects.filter(case=case, done_on__isnull=True).delete()
    FollowUp.objects.bulk_create(
        FollowUp(case=case, months=m, due_date=today + timedelta(days=round(m * 30.44)))
        for m in FOLLOW_UP_MONTHS
    )
