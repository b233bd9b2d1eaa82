"""Writes to casework: triage, cases and everything done on them. Every write to a case
checks the version the person was looking at, so two people editing the same case never
silently overwrite each other."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Q
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails
from fraudhub.bulk import CHUNK
from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.hub import hub_details, with_signature
from fraudhub.linking.known import known_identifier_lines
from fraudhub.linking.models import same_person_report_dates
from fraudhub.reports.additions import mark_likely_duplicate
from fraudhub.reports.consent import may_share_contact
from fraudhub.reports.duplicates import Incident, other_incident_dates, separate_incidents
from fraudhub.reports.models import Person, Report, ReportAddition
from fraudhub.reports.services import add_update

from .lifecycle import ENDED, LABELS, OPEN_VALUES, CaseFacts, MoveRefused, State, check_move
from .models import (
    Case,
    CaseEvent,
    Contact,
    FollowUp,
    Intervention,
    MessageTemplate,
    NeedsAssessment,
    PartnerReferral,
    PlanItem,
    TriageSettings,
)
from .selectors import contact_rules_by_case, is_restricted
from .triage import (
    MoneyMoved,
    TriageFacts,
    TriageResult,
    evaluate,
    suggests_safeguarding,
    to_courier,
    to_safe_account,
)

logger = logging.getLogger(__name__)
FOLLOW_UP_MONTHS = (1, 3, 6)


class StaleCase(Exception):
    """The case changed since the person loaded it."""

    message = (
        "Someone else changed this case while you were working on it. "
        "Your changes have not been saved: check the case as it is now and make them again."
    )

    def __str__(self) -> str:
        return self.message


class CaseRuleBroken(Exception):
    """A write refused in plain words (a contact rule, a missing consent...)."""


RESTRICTED = (
    "Processing of this case is restricted at the request of a person named in it. "
    "Nothing can be changed, sent or referred until the restriction is lifted."
)


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def hub_team() -> Organisation:
    """The fraud hub team that works the cases (the first organisation of the hub kind)."""
    team = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    if team is None:
        team, _ = Organisation.objects.get_or_create(
            slug="fraud-hub",
            defaults={
                "name": "Fraud hub",
                "kind": Organisation.Kind.FRAUD_HUB,
                "sees_all_reports": True,
            },
        )
    return team


# --- triage ----------------------------------------------------------------------------


def _same_person(a: Person, b: Person) -> bool:
    """Same first and last name, and one more thing in common: postcode, date of birth,
    phone or email. Names alone, or a shared landline alone, are not enough."""
    if not (a.last_name and a.first_name):
        return False
    if (a.first_name.lower(), a.last_name.lower()) != (b.first_name.lower(), b.last_name.lower()):
        return False
    return any(
        x and x == y
        for x, y in (
            (a.postcode, b.postcode),
            (a.date_of_birth, b.date_of_birth),
            (a.phone, b.phone),
            (a.email, b.email),
        )
    )


def _matching_case(victim: Person, team: Organisation) -> Case | None:
    if not (victim.first_name and victim.last_name):
        return None
    candidates = (
        Case.objects.filter(
            team=team,
            victim__last_name__iexact=victim.last_name,
            victim__first_name__iexact=victim.first_name,
        )
        .select_related("victim")
        .order_by("-id")
    )
    return next((c for c in candidates if _same_person(victim, c.victim)), None)


def _incidents(reports: list[Report]) -> list[Incident]:
    return [
        Incident(
            report_id=r.pk,
            received=r.received_date,
            scam_type=str(r.scam_type_id or ""),
            duplicate_of=r.duplicate_of_id,
        )
        for r in reports
    ]


def facts_for(case: Case) -> TriageFacts:
    """Plain facts for triage from every report linked to the case: the victim as each
    report describes them (the newest known age, every indicator any report records);
    reports of the same person in other cases (people links) count as earlier reports.
    The repeat-victim rule and the loss count separate incidents: a later report of the
    same scam within days (a likely duplicate) is the same incident, not another."""
    reports = sorted(
        case.reports.select_related("scam_type").prefetch_related("persons"),
        key=lambda r: (r.received_date, r.pk),
    )
    latest = reports[-1]
    victims = [v for v in (r.victim for r in reports) if v is not None] or [case.victim]
    ages = [v.age_at_incident for v in victims if v.age_at_incident is not None]
    indicators = dict.fromkeys(i for v in victims for i in v.vulnerability_indicators or ())
    # One amount per incident (the largest its reports give): a report of the same
    # incident again does not add its loss a second time.
    by_id = {r.pk: r for r in reports}
    amounts = [
        max(known)
        for incident in separate_incidents(_incidents(reports))
        if (known := [a for i in incident if (a := by_id[i.report_id].amount_lost) is not None])
    ]
    linked = same_person_report_dates([v.pk for v in victims], besides={r.pk for r in reports})
    moved = [
        MoneyMoved(
            payment_method=r.payment_method,
            scam_type=r.scam_type.slug if r.scam_type else "",
            narrative=r.narrative,
            lost_money=r.lost_money,
        )
        for r in reports
    ]
    return TriageFacts(
        received=max(latest.received_date, case.opened_on),
        today=timezone.localdate(),
        still_in_contact=any(r.still_in_contact for r in reports),
        in_contact_not_sure=any(r.still_in_contact_not_sure for r in reports),
        money_to_safe_account=any(to_safe_account(m) for m in moved),
        money_to_courier=any(to_courier(m) for m in moved),
        safeguarding_concern=case.safeguarding_concern,
        amount_lost=sum(amounts, Decimal(0)) if amounts else None,
        lost_money=any(r.lost_money for r in reports),
        age=ages[-1] if ages else None,
        vulnerability_indicators=tuple(indicators),
        other_report_dates=other_incident_dates(_incidents(reports), current=latest.pk)
        + tuple(linked),
        on_seized_list=case.target_list_entries.exists(),
        known_identifiers=tuple(known_identifier_lines([r.pk for r in reports])),
    )


def _apply_triage(case: Case, result: TriageResult) -> tuple[bool, bool]:
    """Whether anything changed, and whether the case has just become level 1."""
    changed = (case.level, case.due_date, case.triage_reasons) != (
        result.level,
        result.due,
        list(result.reasons),
    )
    now = timezone.now()
    became_level_1 = result.level == 1 and case.level_1_since is None
    if result.level != 1:
        case.level_1_since = None
    elif became_level_1:
        case.level_1_since = now
    case.level, case.due_date, case.triage_reasons = result.level, result.due, list(result.reasons)
    case.triaged_at = now
    return changed, became_level_1


def _refresh_copies(case: Case) -> None:
    latest = max(case.reports.all(), key=lambda r: (r.received_date, r.pk))
    victim = case.victim
    case.victim_name = " ".join(p for p in (victim.first_name, victim.last_name) if p)[:210]
    case.district = victim.postcode_district
    case.age = victim.age_at_incident
    case.scam_type_id = latest.scam_type_id


# What triage writes. It saves nothing else, under a row lock, so it never undoes a
# person's change, and it leaves the version alone: a case manager's open form is not
# refused because the system re-ran triage meanwhile.
TRIAGE_FIELDS = [
    "level",
    "due_date",
    "triage_reasons",
    "triaged_at",
    "level_1_since",
    "victim_name",
    "district",
    "age",
    "scam_type",
    "updated_at",
]


def retriage(case: Case, *, actor: Actor = None, why: str = "") -> TriageResult:
    """Triage the case again from what is known now; a change of level is recorded. A case
    that has just become level 1 is emailed to the hub's duty address by the worker, once
    this transaction commits."""
    rules = TriageSettings.current().rules()
    old_level = case.level if case.triaged_at else None
    result = evaluate(facts_for(case), rules)
    _refresh_copies(case)
    changed, became_level_1 = _apply_triage(case, result)
    case.save(update_fields=TRIAGE_FIELDS)
    if became_level_1:
        transaction.on_commit(_queue_duty_email)
    if changed and old_level is not None:
        what = (
            f"level {old_level} to level {result.level}"
            if old_level != result.level
            else f"still level {result.level}, first contact due by {result.due.day} {result.due:%B %Y}"
        )
        text = f"Triage: {what}" + (f" ({why})" if why else "")
        CaseEvent.objects.create(case=case, by=_user(actor), text=text[:500])
    return result


def _queue_duty_email() -> None:
    from .tasks import tell_duty_of_level_1_task  # the tasks module imports this one

    tell_duty_of_level_1_task.enqueue()


def _for_duty(case: Case) -> dict[str, object]:
    """One case for the duty email (emails/duty-level-1-*): what it is, why, when first
    contact is due, a link. No name or contact details: the case page has them, behind
    sign-in."""
    about = ", ".join(
        p
        for p in (
            f"aged {case.age}" if case.age is not None else "age not known",
            case.district,
            case.scam_type.name if case.scam_type else "",
        )
        if p
    )
    return {
        "pk": case.pk,
        "about": about,
        "reasons": list(case.triage_reasons),
        "due": case.due_date,
        "link": settings.SITE_URL + reverse("casework:case", args=[case.pk]),
    }


def retriage_victims(*, person_ids: Iterable[int], why: str) -> int:
    """Triage again the cases of these victim records (their people group changed, and
    the repeat-victim rule counts the reports of everyone in the group). Returns how many
    cases."""
    victim_ids = set(person_ids)
    if not victim_ids:
        return 0
    if len(victim_ids) <= CHUNK:  # a decision, a report arriving, a quiet night
        found = Case.objects.filter(reports__persons__in=sorted(victim_ids))
        case_ids = sorted(set(found.values_list("pk", flat=True)))
    else:  # a run that regrouped many: one pass over the victims with a case
        with_cases = Person.objects.filter(role=Person.Role.VICTIM, report__cases__isnull=False)
        case_ids = sorted(
            {
                case_id
                for person_id, case_id in with_cases.values_list("pk", "report__cases").iterator(
                    20_000
                )
                if person_id in victim_ids
            }
        )
    for case_id in case_ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("victim").get(pk=case_id)
            retriage(case, why=why)
    return len(case_ids)


def tell_duty_of_level_1() -> int:
    """Email the hub's duty address about every open case that has become level 1 since
    the duty team was last told of it: one email, however many (a partner's file can bring
    hundreds at once). Each case told is marked, and noted in its history, so a case is
    told once each time it becomes level 1. Returns how many cases the email named."""
    to = settings.FRAUDHUB_DUTY_EMAIL
    if not to:
        return 0
    with transaction.atomic():
        waiting = list(
            Case.objects.filter(state__in=OPEN_VALUES, level=1)
            .filter(level_1_since__isnull=False)
            .filter(Q(duty_told_at__isnull=True) | Q(duty_told_at__lt=F("level_1_since")))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("scam_type")
            .order_by("due_date", "pk")
        )
        if not waiting:
            return 0
        context = {"cases": [_for_duty(case) for case in waiting]}
        reference = ", ".join(f"case {case.pk}" for case in waiting)
        link = reverse("casework:case", args=[waiting[0].pk]) if len(waiting) == 1 else ""
        transaction.on_commit(
            lambda: emails.send("duty-level-1", to, context, reference=reference[:100], link=link)
        )
        now = timezone.now()
        Case.objects.filter(pk__in=[c.pk for c in waiting]).update(duty_told_at=now)
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, text="Duty team emailed: new level 1 case") for case in waiting
        )
    return len(waiting)


def triage_reports(*, report_ids: Iterable[int], actor: Actor = None) -> list[Case]:
    """Give each report's victim a case (joining the victim's existing case when there is
    one) and triage it again. Runs after every stored report, whatever its route."""
    team = hub_team()
    cases: list[Case] = []
    reports = Report.objects.filter(pk__in=list(report_ids)).prefetch_related("persons", "cases")
    for report in reports:
        victim = report.victim
        if victim is None:
            continue
        mark_likely_duplicate(report=report)
        with transaction.atomic():
            case_id = report.cases.filter(team=team).values_list("pk", flat=True).first()
            why = "report changed"
            if case_id is None:
                match = _matching_case(victim, team)
                case_id = match.pk if match is not None else None
                why = f"new report {report}"
            if case_id is None:
                case = Case(team=team, victim=victim, due_date=timezone.localdate())
                case.opened_on = timezone.localdate()  # never a mistyped received date's
                _refresh_copies_from(case, report, victim)
                case.save()
                case.reports.add(report)
                CaseEvent.objects.create(case=case, text=f"Case opened from {report}")
                why = ""
            else:
                # Locked until the end of this transaction: a person's change made
                # meanwhile is waited for, read, and kept.
                case = Case.objects.select_for_update().select_related("victim").get(pk=case_id)
                if not case.reports.filter(pk=report.pk).exists():
                    case.reports.add(report)
                    CaseEvent.objects.create(case=case, text=f"{report} linked: same victim")
                    if State(case.state) in ENDED:
                        case.state = State.NEW
                        _reopened(case)
                        case.save(update_fields=["state", "closed_on", "closure_reason"])
                        CaseEvent.objects.create(
                            case=case, text=f"Reopened: the victim reported again ({report})"
                        )
            if suggests_safeguarding(victim.vulnerability_notes) and not case.safeguarding_concern:
                case.safeguarding_concern = True
                case.save(update_fields=["safeguarding_concern"])
                CaseEvent.objects.create(
                    case=case, text="Safeguarding concern noted in the referral's notes"
                )
            retriage(case, actor=actor, why=why)
            cases.append(case)
    return cases


def _refresh_copies_from(case: Case, report: Report, victim: Person) -> None:
    case.victim_name = " ".join(p for p in (victim.first_name, victim.last_name) if p)[:210]
    case.district = victim.postcode_district
    case.age = victim.age_at_incident
    case.scam_type_id = report.scam_type_id


# --- writes on a case ------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    """Who is changing which case, and the version of it they were looking at."""

    case: Case
    version: int
    actor: Actor


def _claim(edit: Edit) -> Case:
    """Take the case for this change, or raise StaleCase if it changed since it was read.
    The row stays locked until the transaction ends, so concurrent changes queue up. A
    case whose processing is restricted is not changed at all (no edit, letter or
    referral) until the restriction is lifted."""
    if is_restricted(edit.case):
        raise CaseRuleBroken(RESTRICTED)
    claimed = Case.objects.filter(pk=edit.case.pk, version=edit.version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise StaleCase
    case = Case.objects.select_related("victim").get(pk=edit.case.pk)
    edit.case.version = case.version
    return case


def _event(case: Case, actor: Actor, text: str) -> None:
    CaseEvent.objects.create(case=case, by=_user(actor), text=text[:500])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGE, obj=case, detail={"did": text})


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


def assign_case(*, edit: Edit, to: User | None) -> Case:
    with transaction.atomic():
        case = _claim(edit)
        case.assigned_to = to
        if case.state == State.NEW and to is not None:
            case.state = State.AWAITING_CONTACT
        case.save()
        _event(case, edit.actor, f"Assigned to {to.get_full_name() or to}" if to else "Unassigned")
        return case


def contact_rules(case: Case) -> set[str]:
    """Every contact rule intake recorded for this victim, in any of the case's reports,
    and "do not phone" when any report says the scammer is or may be still in touch."""
    return contact_rules_by_case([case.pk]).get(case.pk, set()) | {case.victim.contact_rule}


def contact_rule_problem(case: Case, method: str, with_whom: str) -> str:
    """Why a contact would break one of the victim's contact rules from intake, or ""."""
    rules = contact_rules(case)
    if Person.ContactRule.VIA_REPORTER in rules and with_whom == Contact.With.VICTIM:
        return "Contact this victim only through the person who reported it"
    if Person.ContactRule.VIA_CARER in rules and with_whom == Contact.With.VICTIM:
        return "Contact this victim only through their carer or attorney"
    if (
        Person.ContactRule.NO_PHONE in rules
        and method == Contact.Method.PHONE
        and with_whom == Contact.With.VICTIM
    ):
        return "Do not phone this victim: the scammer may still be in touch with them"
    return ""


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


def refer(*, edit: Edit, organisation: Organisation, reason: str) -> PartnerReferral:
    """Refer the victim to a partner, only if they agreed to their details being shared."""
    with transaction.atomic():
        case = _claim(edit)
        sharing = may_share_contact(case.victim.report, to_organisation_id=organisation.pk)
        if not sharing.allowed:
            raise CaseRuleBroken(sharing.reason)
        referral = PartnerReferral.objects.create(
            case=case, organisation=organisation, reason=reason.strip()
        )
        _event(case, edit.actor, f"Referred to {organisation.name}")
        return referral


def update_referral(*, edit: Edit, referral: PartnerReferral, status: str) -> PartnerReferral:
    with transaction.atomic():
        case = _claim(edit)
        referral.status = status
        referral.updated_on = timezone.localdate()
        referral.save()
        _event(
            case,
            edit.actor,
            f"Referral to {referral.organisation.name}: {referral.get_status_display().lower()}",
        )
        return referral


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


# --- letters, emails and the reporter's tracking page ----------------------------------


def render_message(template: MessageTemplate, case: Case, actor: Actor) -> tuple[str, str]:
    """A template's subject and body filled in for this case (plain text). Besides the
    case's details, the hub's own are there: {{ hub_name }}, {{ hub_phone }}, {{ hub_hours }},
    {{ hub_email }}, {{ hub_address }}."""
    user = _user(actor)
    hub = hub_details()
    latest = case.reports.order_by("-received_date", "-id").first()
    context = Context(
        {
            "first_name": case.victim.first_name or "",
            "title": case.victim.title,
            "last_name": case.victim.last_name,
            "reference": latest.reference if latest else "",
            "case_manager": (user.get_full_name() or user.get_username()) if user else "",
            "team": case.team.name,
            "hub_name": hub.name,
            "hub_phone": hub.phone,
            "hub_hours": hub.hours,
            "hub_email": hub.email,
            "hub_address": ", ".join(hub.address_lines),
        },
        autoescape=False,
    )
    return (
        Template(template.subject).render(context).strip(),
        Template(template.body).render(context).strip(),
    )


def _address_for(case: Case, with_whom: str) -> str:
    """The email address for the person a message is to, or "" when none is known."""
    if with_whom == Contact.With.VICTIM:
        return case.victim.email
    if with_whom == Contact.With.REPORTER:
        reporters = (r.reporter for r in case.reports.prefetch_related("persons"))
        return next((p.email for p in reporters if p is not None and p.email), "")
    return ""


def send_message(
    *, edit: Edit, template: MessageTemplate, with_whom: str = Contact.With.VICTIM
) -> Contact:
    """Write a letter, or send an email, from a template; either is kept on the case as a
    contact attempt, word for word."""
    method = (
        Contact.Method.EMAIL
        if template.channel == MessageTemplate.Channel.EMAIL
        else Contact.Method.LETTER
    )
    with transaction.atomic():
        case = _claim(edit)
        problem = contact_rule_problem(case, method, with_whom)
        if problem:
            raise CaseRuleBroken(problem)
        address = _address_for(case, with_whom) if method == Contact.Method.EMAIL else ""
        if method == Contact.Method.EMAIL and not address:
            raise CaseRuleBroken(
                "There is no email address for the person you chose: write a letter instead"
            )
        subject, body = render_message(template, case, edit.actor)
        body = with_signature(body)
        contact = Contact.objects.create(
            case=case,
            method=method,
            with_whom=with_whom,
            outcome=Contact.Outcome.SENT,
            notes=template.name,
            body=f"{subject}\n\n{body}" if subject else body,
            by=_user(edit.actor),
        )
        _event(case, edit.actor, f"{contact.get_method_display()}: {template.name}")
        if address:
            context = {"subject": subject or template.name, "body": body}
            link = reverse("casework:case", args=[case.pk])
            transaction.on_commit(
                lambda: emails.send(
                    "case-contact", address, context, reference=f"case {case.pk}", link=link
                )
            )
        return contact


def _tell_reporter(case: Case, slug: str, actor: Actor) -> None:
    """Post the milestone's plain-English update on the tracking page of every report in
    the case (the reporter is emailed if they agreed)."""
    template = MessageTemplate.objects.filter(
        slug=slug, channel=MessageTemplate.Channel.TRACKING
    ).first()
    if template is None:
        return
    _, text = render_message(template, case, actor)
    for report in case.reports.all():
        add_update(report=report, text=text, actor=actor)


# --- information the reporter adds -------------------------------------------------------


def _team_addresses(case: Case) -> list[str]:
    """Who hears of new information: the case manager assigned, else the hub's team at its
    duty address, else (with no duty address set) everyone in the team."""
    if case.assigned_to is not None and case.assigned_to.is_active and case.assigned_to.email:
        return [case.assigned_to.email]
    if settings.FRAUDHUB_DUTY_EMAIL:
        return [settings.FRAUDHUB_DUTY_EMAIL]
    return sorted(
        set(
            User.objects.filter(staff_profile__organisation=case.team, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def note_new_information(*, report_id: int, addition_id: int) -> list[Case]:
    """The reporter added information or evidence: each case of the report is flagged on
    the queue ("new information") and its case manager (or the team) is emailed."""
    addition = ReportAddition.objects.select_related("report").get(pk=addition_id)
    report = addition.report
    cases = list(Case.objects.filter(reports__pk=report_id).select_related("assigned_to", "team"))
    for case in cases:
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).update(new_information_at=addition.at)
            CaseEvent.objects.create(
                case=case, text=f"New information from the reporter on {report.reference}"
            )
        recipients = _team_addresses(case)
        if not recipients:
            continue
        link = reverse("casework:case", args=[case.pk])
        emails.send(
            "new-information",
            recipients,
            {
                "case_id": case.pk,
                "reference": report.reference,
                "files": addition.files.count(),
                "case_url": f"{settings.SITE_URL}{link}",
            },
            reference=f"case {case.pk}",
            link=link,
        )
    return cases


def information_seen(*, case: Case) -> None:
    """Someone on the team opened the case page: its new information has been seen."""
    if case.new_information_at is None:
        return
    Case.objects.filter(pk=case.pk).update(new_information_at=None)
    case.new_information_at = None
