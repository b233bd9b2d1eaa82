"""Demo casework: the demo reports' cases at every stage, as a team a few months in would
have them. Deterministic for a seed and an as-of date."""

from __future__ import annotations

import csv
import io
import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.linking.people import PERSON_COLUMNS
from fraudhub.reports.consent import may_share_contact
from fraudhub.reports.models import Report

from .calendar import add_working_days
from .lifecycle import State
from .models import Case, CaseEvent, Contact, FollowUp, Intervention, NeedsAssessment, PlanItem
from .services import hub_team, report_status, retriage, triage_reports
from .target_lists import import_target_list


def work_cases(*, seed: int, as_of: date, managers: list[User]) -> int:
    """Open and triage a case for every demo report's victim, then move older cases on:
    contacted, assessed, planned, referred, closed with outcomes and follow-ups."""
    rng = random.Random(seed)
    team = hub_team()
    untriaged = Report.objects.filter(extra__has_key="demo", cases__isnull=True)
    triage_reports(report_ids=list(untriaged.values_list("id", flat=True)))
    cases = (
        Case.objects.filter(team=team, reports__extra__has_key="demo", state=State.NEW)
        .filter(contacts__isnull=True)
        .distinct()
        .order_by("pk")
    )
    interventions = list(Intervention.objects.filter(active=True))
    partners = list(Organisation.objects.exclude(pk=team.pk))
    count = 0
    for count, case in enumerate(cases, start=1):  # noqa: B007 - the count is returned
        with transaction.atomic():
            _work(case, rng, as_of, managers, interventions, partners)
            # What the reporter's tracking page says follows the case, as moving it would.
            case.reports.update(status=report_status(State(case.state)))
    seized_list(seed=seed)
    return count


# People on the demo's seized list who are not known to the hub: two rows of one person,
# one living outside the county, one with no postcode and one with a foreign address.
SEIZED_STRANGERS: tuple[tuple[str, ...], ...] = (
    ("Edith", "Marsh", "12/04/1936", "3 Church Walk", "Hitchin", "SG5 1AB", "01462 400100"),
    ("Edie", "Marsh", "1936-04-12", "3 Church Walk", "Hitchin", "sg51ab", "01462400100"),
    ("Walter", "Gibbs", "19380905", "17 Station Road", "Harpenden", "AL5 4SP", "01582 700200"),
    ("Joan", "Pike", "", "8 Mill Lane", "Ware", "SG12 9HZ", "01920 300300"),
    ("Harold", "Finch", "02/02/1941", "44 The Green", "Luton", "LU1 3JH", "01582 500500"),
    ("Mavis", "Cole", "", "2 Orchard Close", "Tring", "", "01442 800800"),
    ("Ingrid", "Larsen", "1940-01-20", "Storgata 5", "Oslo", "0155", "+47 22 33 44 55"),
)


def seized_list(*, seed: int, known: int = 4) -> None:
    """A small seized target list, so the queue shows proactive calls: some of the demo's
    open cases' victims (repeat targets) and a few people the hub does not know. The same
    seed writes the same file, which is imported once."""
    rng = random.Random(seed)
    open_cases = list(
        Case.objects.filter(state__in=[State.NEW, State.AWAITING_CONTACT])
        .exclude(victim__last_name="")
        .exclude(victim__phone="")
        .select_related("victim")
        .order_by("pk")[:200]
    )
    victims = [c.victim for c in rng.sample(open_cases, k=min(known, len(open_cases)))]
    rows = [
        (v.first_name, v.last_name, "", v.address_line1, v.town, v.postcode_raw, v.phone_raw)
        for v in victims
    ] + list(SEIZED_STRANGERS)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([c for c in PERSON_COLUMNS if c not in ("address_line2", "email")])
    for number, row in enumerate(rows, start=1):
        writer.writerow([f"M{number:03d}", *row])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seized-mailing-list.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        import_target_list(
            path=path,
            source="Demo: mailing list seized by Trading Standards from a bogus prize draw",
            actor_label="demo-data",
            seed=seed,
        )


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _work(
    case: Case,
    rng: random.Random,
    as_of: date,
    managers: list[User],
    interventions: list[Intervention],
    partners: list[Organisation],
) -> None:
    first = case.reports.order_by("received_date").first()
    assert first is not None
    case.opened_on = first.received_date
    retriage(case)
    age_days = (as_of - case.opened_on).days
    manager = rng.choice(managers) if managers else None
    if age_days < 3 and rng.random() < 0.7:
        return  # new, not picked up yet
    case.assigned_to = manager
    case.state = State.AWAITING_CONTACT
    late = rng.random() < 0.15
    contact_day = min(as_of, add_working_days(case.opened_on, case.level + (2 if late else 0)))
    if age_days < 8 and rng.random() < 0.5:
        if rng.random() < 0.5:
            Contact.objects.create(
                case=case, at=_at(contact_day), method="phone", outcome="no_answer", by=manager
            )
        case.save()
        return
    if rng.random() < 0.08:
        for n in range(3):
            Contact.objects.create(
                case=case,
                at=_at(contact_day + timedelta(days=n * 2)),
                method="phone",
                outcome="no_answer",
                by=manager,
            )
        Contact.objects.create(
            case=case,
            at=_at(contact_day + timedelta(days=7)),
            method="letter",
            outcome="sent",
            notes="We tried to reach you",
            by=manager,
        )
        case.state = State.UNABLE_TO_CONTACT
        case.first_ended_on = min(as_of, contact_day + timedelta(days=7))
        case.save()
        return
    Contact.objects.create(
        case=case, at=_at(contact_day), method="phone", outcome="spoke", by=manager
    )
    case.first_contact_on = contact_day
    case.impact_at_first_contact = rng.randint(4, 10)
    case.state = State.IN_CONTACT
    if rng.random() < 0.05:
        case.state = State.DECLINED
        case.first_ended_on = contact_day
        case.save()
        return
    levels = ["none", "some", "high"]
    NeedsAssessment.objects.create(
        case=case,
        **{
            area: rng.choices(levels, weights=[3, 4, 1 if area != "safeguarding" else 0.3])[0]
            for area in NeedsAssessment.AREAS
        },
        by=manager,
    )
    supported = case.level < 3 or rng.random() < 0.3
    if supported:
        for intervention in rng.sample(interventions, k=rng.randint(1, 3)):
            done = age_days > 30 or rng.random() < 0.4
            PlanItem.objects.create(
                case=case,
                intervention=intervention,
                owner="Fraud hub",
                due_date=contact_day + timedelta(days=14),
                consent_given=True if intervention.needs_consent else None,
                status="done" if done else "planned",
                completed_on=contact_day + timedelta(days=rng.randint(3, 20)) if done else None,
            )
        case.state = State.PLAN_ACTIVE
        # only victims who agreed to sharing are referred (governance.consent)
        if partners and rng.random() < 0.3 and may_share_contact(case.victim.report).allowed:
            case.referrals.create(
                organisation=rng.choice(partners),
                reason="Further support",
                status=rng.choice(["sent", "accepted", "completed"]),
                sent_on=contact_day,
            )
    if age_days > 30 and rng.random() < 0.85:
        closed = min(as_of, contact_day + timedelta(days=rng.randint(14, 40)))
        case.state = State.CLOSED
        case.closed_on = closed
        case.first_ended_on = closed
        case.closure_reason = (
            Case.ClosureReason.SUPPORT_COMPLETE if supported else Case.ClosureReason.ADVICE_GIVEN
        )
        case.impact_at_closure = max(1, (case.impact_at_first_contact or 5) - rng.randint(1, 5))
        case.able_to_spot_scams = rng.random() < 0.85
        case.money_recovered = (
            rng.choice(["yes", "partly", "no"]) if first.amount_lost else "not_applicable"
        )
        case.satisfaction = rng.choices([5, 4, 3, 2], weights=[6, 3, 1, 0.3])[0]
        for months in (1, 3, 6):
            due = closed + timedelta(days=round(months * 30.44))
            done = due <= as_of - timedelta(days=3)
            FollowUp.objects.create(
                case=case,
                months=months,
                due_date=due,
                done_on=due if done else None,
                new_approach=(rng.random() < (0.05 if supported else 0.15)) if done else None,
            )
    case.save()
    CaseEvent.objects.create(
        case=case, at=_at(contact_day), by=manager, text="Demo history: worked by the team"
    )
