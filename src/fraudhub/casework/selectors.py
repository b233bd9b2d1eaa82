"""Reads for casework: the team's queue and a case page, for the team's own staff only."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.utils import timezone

from fraudhub.governance import audit, rights
from fraudhub.governance.access import Actor, organisation_of
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports.ages import NOT_KNOWN, band_named
from fraudhub.reports.events import FirstContact
from fraudhub.reports.models import Person, Report
from fraudhub.reports.selectors import restricted_report_ids

from .claim_states import OPEN_VALUES as OPEN_CLAIMS
from .lifecycle import OPEN_VALUES
from .models import Case, Claim, FollowUp, ProactiveCall, TriageSettings
from .models.refund_rules import RefundRuleSet
from .refund_rules import DEFAULT_FIGURES, RuleFigures


def team_of(user: Actor) -> Organisation | None:
    """The team whose cases a user works: their organisation, if it is the fraud hub."""
    organisation = organisation_of(user)
    if organisation is not None and organisation.kind == Organisation.Kind.FRAUD_HUB:
        return organisation
    return None


def restricted_q(case_field: str = "") -> Q:
    """Cases whose processing is restricted: their victim's, or that of a person named in
    one of their reports (as the report page is restricted)."""
    prefix = f"{case_field}__" if case_field else ""
    in_reports = Case.reports.through.objects.filter(
        case_id=OuterRef(f"{prefix}pk" if prefix else "pk"), report_id__in=restricted_report_ids()
    )
    return Q(**{f"{prefix}victim_id__in": rights.restricted_ids("reports.person")}) | Q(
        Exists(in_reports)
    )


def is_restricted(case: Case) -> bool:
    """Whether this case's processing is restricted (no edit, letter or referral)."""
    return Case.objects.filter(restricted_q(), pk=case.pk).exists()


def figures_on(day: date) -> RuleFigures:
    """The refund rules' figures in effect on `day`: the newest version of the table that
    took effect on or before it, or the shipped figures when none had. Ask with the day of
    a scam's last payment (`refund_rules.rules_day`), so a later change in the rules never
    changes a claim for money already gone."""
    version = RefundRuleSet.objects.filter(effective_from__lte=day).first()
    return DEFAULT_FIGURES if version is None else version.figures()


@dataclass(frozen=True)
class QueueFilters:
    district: str = ""
    scam_type: str = ""
    age_band: str = ""
    assignee: str = ""  # "", "me", "nobody" or a user id
    overdue_only: bool = False


def queue(user: Actor, filters: QueueFilters, *, today: date | None = None) -> QuerySet[Case]:
    """The team's open cases, most urgent first: by level, then due date."""
    team = team_of(user)
    if team is None:
        return Case.objects.none()
    cases = Case.objects.filter(team=team, state__in=OPEN_VALUES)
    if filters.district:
        cases = cases.filter(district=filters.district.upper())
    if filters.scam_type:
        cases = cases.filter(scam_type__slug=filters.scam_type)
    if filters.age_band:
        if filters.age_band == NOT_KNOWN:
            cases = cases.filter(age__isnull=True)
        elif band := band_named(filters.age_band):
            cases = cases.filter(age__gte=band.low, age__lte=band.high)
    if filters.assignee == "me" and user is not None and user.is_authenticated:
        cases = cases.filter(assigned_to=user)
    elif filters.assignee == "nobody":
        cases = cases.filter(assigned_to__isnull=True)
    elif filters.assignee.isdigit():
        cases = cases.filter(assigned_to_id=int(filters.assignee))
    if filters.overdue_only:
        cases = cases.filter(
            first_contact_on__isnull=True, due_date__lt=today or timezone.localdate()
        )
    # A refund deadline near, or a claim to chase, makes the case as urgent as level 1:
    # money not claimed in time is lost for good. A deadline already passed raises nothing.
    day = today or timezone.localdate()
    near = day + timedelta(refund_near_days())
    claim_due = Exists(
        Claim.objects.filter(case=OuterRef("pk"), state__in=OPEN_CLAIMS, due_on__lte=near)
    )
    deadline_near = Q(refund_deadline__gte=day, refund_deadline__lte=near) | Q(claim_due)
    return (
        cases.select_related("scam_type", "assigned_to")
        .annotate(
            restricted=ExpressionWrapper(restricted_q(), output_field=BooleanField()),
            claim_due=claim_due,
            deadline_near=ExpressionWrapper(deadline_near, output_field=BooleanField()),
            priority=Choose(
                When(deadline_near, then=Value(1)), default=F("level"), output_field=IntegerField()
            ),
        )
        .order_by("priority", "level", "due_date", "id")
    )


@dataclass(frozen=True)
class Level1Waiting:
    """Open level 1 cases nobody is assigned to, and how many became level 1 since a time."""

    unassigned: int
    new: int


def level_1_waiting(user: Actor, *, since: datetime | None) -> Level1Waiting:
    """The team's open level 1 cases with nobody assigned; "new" counts those that became
    level 1 after `since` (all of them when it is None)."""
    team = team_of(user)
    if team is None:
        return Level1Waiting(0, 0)
    cases = Case.objects.filter(team=team, state__in=OPEN_VALUES, level=1, assigned_to__isnull=True)
    counts = cases.aggregate(
        unassigned=Count("pk"),
        new=Count("pk", filter=Q(level_1_since__gt=since)) if since else Count("pk"),
    )
    return Level1Waiting(unassigned=counts["unassigned"], new=counts["new"])


def contact_rules_by_case(case_ids: Iterable[int]) -> dict[int, set[str]]:
    """Each case's contact rules from intake (every victim in its reports), with "do not
    phone" where any of its reports says the scammer is, or may be, still in touch. Two
    queries for a whole page of the queue."""
    rules: dict[int, set[str]] = {}
    ids = list(case_ids)
    victims = Person.objects.filter(report__cases__in=ids, role=Person.Role.VICTIM)
    for case_id, rule in victims.values_list("report__cases", "contact_rule"):
        rules.setdefault(case_id, set()).add(rule)
    in_touch = Report.objects.filter(cases__in=ids).filter(
        Q(still_in_contact=True) | Q(still_in_contact_not_sure=True)
    )
    for case_id in in_touch.values_list("cases", flat=True):
        rules.setdefault(case_id, set()).add(Person.ContactRule.NO_PHONE)
    return rules


def first_contact_for(report: Report) -> FirstContact | None:
    """When the hub will first contact the person about this report: its case's level and
    due date, the working days the triage figures give that level, and whether the victim
    must not be phoned. None before the report is triaged."""
    case = Case.objects.filter(reports=report).order_by("-id").first()
    if case is None or case.triaged_at is None:
        return None
    rules = TriageSettings.current().rules()
    days = {1: rules.days_level_1, 2: rules.days_level_2}.get(case.level, rules.days_level_3)
    no_phone = Person.ContactRule.NO_PHONE in contact_rules_by_case([case.pk]).get(case.pk, set())
    return FirstContact(
        level=case.level, due=case.due_date, working_days=days, do_not_phone=no_phone
    )


def follow_ups_due(user: Actor, *, today: date | None = None) -> QuerySet[FollowUp]:
    """Follow-up checks of closed cases that are due, for the case manager's queue."""
    team = team_of(user)
    if team is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(
            case__team=team, done_on__isnull=True, due_date__lte=today or timezone.localdate()
        )
        .select_related("case")
        .annotate(restricted=ExpressionWrapper(restricted_q("case"), output_field=BooleanField()))
        .order_by("due_date", "id")
    )


def refund_near_days() -> int:
    """How many days before a refund deadline the case is raised on the queue and the
    claim listed to chase."""
    return int(settings.REFUND_DEADLINE_NEAR_DAYS)


def claims_to_chase(user: Actor, *, today: date | None = None) -> QuerySet[Claim]:
    """The team's open claims whose next date (the bank's answer, its final response, the
    last day to claim or to go to the ombudsman) is past, today or near, soonest first;
    never a claim on a case whose processing is restricted."""
    team = team_of(user)
    if team is None:
        return Claim.objects.none()
    near = (today or timezone.localdate()) + timedelta(refund_near_days())
    return (
        Claim.objects.filter(case__team=team, state__in=OPEN_CLAIMS, due_on__lte=near)
        .exclude(restricted_q("case"))
        .select_related("case", "bank", "case__assigned_to")
        .order_by("due_on", "id")
    )


def case_restricted_for_staff(user: Actor, case_id: int) -> bool:
    """Whether this is a case of the user's team that they could open but for a
    restriction of processing: its page then says so, and nothing more."""
    team = team_of(user)
    return team is not None and Case.objects.filter(restricted_q(), team=team, pk=case_id).exists()


def case_for_staff(user: Actor, case_id: int) -> Case | None:
    """A case page's case, for its team's staff only, never one whose processing is
    restricted; the viewing is audited."""
    team = team_of(user)
    if team is None:
        return None
    case = (
        Case.objects.filter(team=team, pk=case_id)
        .exclude(restricted_q())
        .select_related("victim", "victim__report", "assigned_to", "scam_type", "team")
        .first()
    )
    if case is not None:
        audit.record(actor=user, action=AuditEvent.Action.VIEW, obj=case)
    return case


def proactive_calls(
    user: Actor, *, show: str = "open", assignee: str = ""
) -> QuerySet[ProactiveCall]:
    """Proactive calls from seized lists for the hub's team: those still to make (or all),
    known victims first, then in the order the lists came in."""
    if team_of(user) is None:
        return ProactiveCall.objects.none()
    calls = ProactiveCall.objects.all()
    if show != "all":
        calls = calls.filter(status__in=ProactiveCall.OPEN_STATUSES)
    if assignee == "me" and user is not None and user.is_authenticated:
        calls = calls.filter(assigned_to=user)
    elif assignee == "nobody":
        calls = calls.filter(assigned_to__isnull=True)
    elif assignee.isdigit():
        calls = calls.filter(assigned_to_id=int(assignee))
    return calls.select_related("target_list", "assigned_to", "case").order_by(
        F("case").asc(nulls_last=True), "target_list_id", "id"
    )


def call_for_staff(user: Actor, call_id: int) -> ProactiveCall | None:
    """A proactive call's page, for the hub's team only; the call and the list rows it
    holds are audited as viewed."""
    if team_of(user) is None:
        return None
    call = (
        ProactiveCall.objects.filter(pk=call_id)
        .select_related("target_list", "assigned_to", "case", "outcome_by")
        .first()
    )
    if call is not None:
        audit.record_many(
            actor=user, action=AuditEvent.Action.VIEW, objects=[call, *call.entries.all()]
        )
    return call


def record_listed(user: Actor, items: Sequence[Case | ProactiveCall], *, page: str) -> None:
    """A page of the case queue or the proactive calls: one audit entry naming each case or
    call shown (a page with nothing on it is not logged)."""
    if items:
        audit.record_list(actor=user, page=page, objects=items)
