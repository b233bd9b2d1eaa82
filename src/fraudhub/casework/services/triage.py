"""Triage on arrival: every stored report gives its victim a case (or joins their
existing one), and a case is triaged again whenever what is known of it changes. The
rules themselves are pure, in casework/triage.py."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fraudhub.bulk import CHUNK
from fraudhub.governance.access import Actor
from fraudhub.governance.models import Organisation
from fraudhub.linking.known import known_identifier_lines
from fraudhub.linking.models import same_person_report_dates
from fraudhub.reports.additions import mark_likely_duplicate
from fraudhub.reports.duplicates import Incident, other_incident_dates, separate_incidents
from fraudhub.reports.models import Person, Report

from ..lifecycle import ENDED, State
from ..models import Case, CaseEvent, TriageSettings
from ..triage import (
    MoneyMoved,
    TriageFacts,
    TriageResult,
    evaluate,
    suggests_safeguarding,
    to_courier,
    to_safe_account,
)
from .duty import _queue_duty_email
from .edits import _user, hub_team
from .moves import _reopened


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
