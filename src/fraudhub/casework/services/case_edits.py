"""Edits on a case: assigning it, recording contacts, the needs assessment, the
victim's vulnerability and consent, the support plan and the follow-up checks."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from fraudhub.reports.models import Person

from ..lifecycle import ENDED, State
from ..models import Case, Contact, FollowUp, Intervention, NeedsAssessment, PlanItem
from .contact_rules import contact_rule_problem
from .edits import CaseRuleBroken, Edit, _claim, _event, _user
from .moves import _move
from .triage import retriage


def assign_case(*, edit: Edit, to: User | None) -> Case:
    with transaction.atomic():
        case = _claim(edit)
        case.assigned_to = to
        if case.state == State.NEW and to is not None:
            case.state = State.AWAITING_CONTACT
        case.save()
        _event(case, edit.actor, f"Assigned to {to.get_full_name() or to}" if to else "Unassigned")
        return case


def record_contact(
    *,
    edit: Edit,
    method: str,
    with_whom: str,
    outcome: str,
    notes: str = "",
    impact: int | None = None,
) -> Contact:
    """Record a contact attempt. Speaking to the victim (or whoever speaks for them) the
    first time is the first contact; their own impact rating is taken then."""
    with transaction.atomic():
        case = _claim(edit)
        problem = contact_rule_problem(case, method, with_whom)
        if problem:
            raise CaseRuleBroken(problem)
        contact = Contact.objects.create(
            case=case,
            method=method,
            with_whom=with_whom,
            outcome=outcome,
            notes=notes.strip(),
            by=_user(edit.actor),
        )
        _event(
            case,
            edit.actor,
            f"Contact: {contact.get_method_display()}, {contact.get_outcome_display().lower()}",
        )
        if outcome == Contact.Outcome.SPOKE:
            if case.first_contact_on is None:
                case.first_contact_on = timezone.localdate()
            if impact is not None and case.impact_at_first_contact is None:
                case.impact_at_first_contact = impact
            case.save()
            if State(case.state) in (State.NEW, State.AWAITING_CONTACT, State.UNABLE_TO_CONTACT):
                _move(case, State.IN_CONTACT, edit.actor)
        elif outcome == Contact.Outcome.DECLINED:
            _move(case, State.DECLINED, edit.actor)
        return contact


def save_assessment(*, edit: Edit, levels: dict[str, str], notes: str = "") -> NeedsAssessment:
    """Record the needs assessment; a high safeguarding need makes the case level 1."""
    with transaction.atomic():
        case = _claim(edit)
        assessment, _ = NeedsAssessment.objects.update_or_create(
            case=case,
            defaults={
                **levels,
                "notes": notes.strip(),
                "by": _user(edit.actor),
                "assessed_at": timezone.now(),
            },
        )
        _event(case, edit.actor, "Needs assessment recorded")
        if (
            levels.get("safeguarding") == NeedsAssessment.Level.HIGH
            and not case.safeguarding_concern
        ):
            case.safeguarding_concern = True
            case.save()
            retriage(case, actor=edit.actor, why="safeguarding need")
            edit.case.version = case.version
        return assessment


def confirm_indicators(*, edit: Edit, indicators: list[str]) -> Case:
    """Confirm vulnerability indicators (suggested by notes or found at contact) on the
    victim, and triage again."""
    with transaction.atomic():
        case = _claim(edit)
        chosen = [i for i in indicators if i in Person.Vulnerability.values]
        # What the case manager confirms is what holds, on every report of this victim.
        Person.objects.filter(report__cases=case, role=Person.Role.VICTIM).update(
            vulnerability_indicators=chosen
        )
        case.victim.refresh_from_db(fields=["vulnerability_indicators"])
        _event(
            case, edit.actor, "Vulnerability indicators confirmed: " + (", ".join(chosen) or "none")
        )
        retriage(case, actor=edit.actor, why="vulnerability confirmed")
        edit.case.version = case.version
        return case


def record_victim_consent(
    *,
    edit: Edit,
    consent_to_contact: bool,
    consent_to_share: bool,
    answered_by: str,
    answered_on: date,
    attorney_name: str = "",
) -> Case:
    """Record the victim's own answers on contact and sharing, given by the victim or by
    someone with lasting power of attorney for them when the hub asked, on every report of
    this victim in the case. Answers a person reporting for them gave stay theirs."""
    if answered_by not in Person.ConsentBy.values:
        raise CaseRuleBroken("Select who answered: the victim or their attorney")
    attorney_name = attorney_name.strip()
    if answered_by == Person.ConsentBy.ATTORNEY and not attorney_name:
        raise CaseRuleBroken("Enter the name of the person with lasting power of attorney")
    with transaction.atomic():
        case = _claim(edit)
        Person.objects.filter(report__cases=case, role=Person.Role.VICTIM).update(
            consent_to_contact=consent_to_contact,
            consent_to_share=consent_to_share,
            consent_answered_by=answered_by,
            consent_attorney_name=attorney_name if answered_by == Person.ConsentBy.ATTORNEY else "",
            consent_answered_on=answered_on,
        )
        case.victim.refresh_from_db()
        # The attorney's name stays on the victim's record, not in the history: the audit
        # log keeps the history's words for ever.
        who = dict(Person.ConsentBy.choices)[answered_by]
        yes_no = {True: "yes", False: "no"}
        _event(
            case,
            edit.actor,
            f"Victim's consent recorded, answered by {who.lower()} on "
            f"{answered_on.day} {answered_on:%B %Y}: contact {yes_no[consent_to_contact]}, "
            f"sharing {yes_no[consent_to_share]}",
        )
        edit.case.version = case.version
        return case


def add_plan_item(
    *,
    edit: Edit,
    intervention: Intervention,
    owner: str,
    due_date: date,
    consent_given: bool | None = None,
    notes: str = "",
) -> PlanItem:
    with transaction.atomic():
        case = _claim(edit)
        if State(case.state) in ENDED:
            raise CaseRuleBroken("Reopen the case before adding to its plan")
        if intervention.needs_consent and not consent_given:
            raise CaseRuleBroken(
                f"{intervention.name} needs the victim's consent: record that they agreed first"
            )
        item = PlanItem.objects.create(
            case=case,
            intervention=intervention,
            owner=owner.strip(),
            due_date=due_date,
            consent_given=consent_given,
            notes=notes.strip(),
        )
        _event(case, edit.actor, f"Plan: added {intervention.name}")
        if case.state == State.IN_CONTACT:
            _move(case, State.PLAN_ACTIVE, edit.actor)
        return item


def update_plan_item(*, edit: Edit, item: PlanItem, status: str, notes: str = "") -> PlanItem:
    with transaction.atomic():
        case = _claim(edit)
        item.status = status
        if notes.strip():
            item.notes = notes.strip()
        item.completed_on = timezone.localdate() if status == PlanItem.Status.DONE else None
        item.save()
        _event(
            case, edit.actor, f"Plan: {item.intervention.name} {item.get_status_display().lower()}"
        )
        return item


def record_follow_up(
    *, edit: Edit, follow_up: FollowUp, new_approach: bool, notes: str = ""
) -> FollowUp:
    with transaction.atomic():
        case = _claim(edit)
        follow_up.done_on = timezone.localdate()
        follow_up.new_approach = new_approach
        follow_up.notes = notes.strip()
        follow_up.by = _user(edit.actor)
        follow_up.save()
        _event(
            case,
            edit.actor,
            f"{follow_up.months}-month follow-up: "
            + ("new approach reported" if new_approach else "no new approaches"),
        )
        return follow_up
