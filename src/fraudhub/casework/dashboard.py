"""The team dashboard's figures, worked out in the database where they can be."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import TruncMonth

from fraudhub.charts import Bar, Chart
from fraudhub.governance.models import Organisation
from fraudhub.reports.models import Report

from .calendar import working_days_between
from .lifecycle import OPEN_VALUES, State
from .models import Case, Claim, FollowUp, PlanItem

NOT_COUNTED_FOR_REPEATS = (
    Case.ClosureReason.DIED,
    Case.ClosureReason.MOVED_AWAY,
    Case.ClosureReason.DUPLICATE,
)
SATISFACTION_LABELS = {
    5: "Very satisfied",
    4: "Satisfied",
    3: "Neither satisfied nor dissatisfied",
    2: "Dissatisfied",
    1: "Very dissatisfied",
}


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "no data yet"


def figures(team: Organisation, *, today: date) -> dict[str, Any]:
    cases = Case.objects.filter(team=team)
    year_ago = today - timedelta(days=365)
    first_month = (today.replace(day=1) - timedelta(days=334)).replace(day=1)

    per_month = dict(
        cases.filter(opened_on__gte=first_month)
        .annotate(month=TruncMonth("opened_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    months: list[date] = []
    month = first_month
    while month <= today:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    referrals = Chart(
        "Referrals per month",
        "Cases opened in each of the last 12 months",
        [Bar(m.strftime("%b %Y"), per_month.get(m, 0), str(per_month.get(m, 0))) for m in months],
    )

    recent = cases.filter(opened_on__gte=year_ago)
    contacted = recent.filter(first_contact_on__isnull=False)
    in_time = contacted.filter(first_contact_on__lte=F("due_date")).count()
    # Due and never reached counts as late: unable to contact, or still waiting past the date.
    contacted_count = (
        contacted.count() + recent.filter(first_contact_on__isnull=True, due_date__lt=today).count()
    )
    overdue_now = cases.filter(
        state__in=OPEN_VALUES, first_contact_on__isnull=True, due_date__lt=today
    ).count()
    days = [
        working_days_between(opened, first)
        for opened, first in contacted.values_list("opened_on", "first_contact_on")
        if first is not None
    ]

    open_by_level = dict(
        cases.filter(state__in=OPEN_VALUES).values_list("level").annotate(n=Count("id"))
    )
    levels = Chart(
        "Open cases by level",
        "Open cases now, by how urgent they are",
        [
            Bar(f"Level {lvl}", open_by_level.get(lvl, 0), str(open_by_level.get(lvl, 0)))
            for lvl in (1, 2, 3)
        ],
    )

    has_plan = Exists(PlanItem.objects.filter(case=OuterRef("pk")))
    open_items = Exists(
        PlanItem.objects.filter(case=OuterRef("pk"), status__in=PlanItem.OPEN_STATUSES)
    )
    closed = cases.filter(state=State.CLOSED).annotate(has_plan=has_plan)
    planned = recent.annotate(has_plan=has_plan, open_items=open_items).filter(has_plan=True)
    plans_total = planned.count()
    plans_done = planned.filter(open_items=False).count()

    # Repeat victimisation: of victims whose support ended at least a month ago (closed,
    # declined or unable to contact; not those who died or moved away), the share who
    # reported again within 12 months or told a follow-up check of a new approach.
    new_approach = Exists(FollowUp.objects.filter(case=OuterRef("pk"), new_approach=True))
    reported_again = Exists(
        Report.objects.filter(
            cases=OuterRef("pk"),
            received_date__gt=OuterRef("first_ended_on"),
            received_date__lte=ExpressionWrapper(
                OuterRef("first_ended_on") + timedelta(days=365), output_field=DateField()
            ),
        )
    )
    ended = (
        cases.filter(first_ended_on__lte=today - timedelta(days=30))
        .exclude(closure_reason__in=NOT_COUNTED_FOR_REPEATS)
        .annotate(has_plan=has_plan, again=new_approach | reported_again)
    )
    repeat_rows = []
    for label, subset in (
        ("Supported (had a plan)", ended.filter(has_plan=True)),
        ("Not supported (no plan)", ended.filter(has_plan=False)),
    ):
        total = subset.count()
        again = subset.filter(again=True).count()
        value = 100 * again / total if total else 0
        repeat_rows.append(Bar(label, value, f"{_share(again, total)} ({again} of {total})"))
    repeat = Chart(
        "Victimised again within 12 months",
        "Share of victims whose support ended who reported again or told a follow-up "
        "check of a new approach",
        repeat_rows,
        value_heading="Victimised again",
    )

    rated = closed.filter(impact_at_first_contact__isnull=False, impact_at_closure__isnull=False)
    impact_avg = rated.aggregate(
        before=Avg("impact_at_first_contact"), after=Avg("impact_at_closure")
    )
    impact = Chart(
        "Impact on victims, before and after",
        "Average of the victims' own rating of the impact on them, from 1 (none) to 10",
        [
            Bar(label, avg or 0, f"{avg:.1f}" if avg is not None else "no data yet")
            for label, avg in (
                ("At first contact", impact_avg["before"]),
                ("At closure", impact_avg["after"]),
            )
        ],
        value_heading="Average rating",
    )

    ratings = dict(
        closed.filter(satisfaction__isnull=False)
        .values_list("satisfaction")
        .annotate(n=Count("id"))
    )
    satisfaction = Chart(
        "Satisfaction with the support",
        "How satisfied victims said they were when their case closed",
        [
            Bar(label, ratings.get(score, 0), str(ratings.get(score, 0)))
            for score, label in SATISFACTION_LABELS.items()
        ],
    )
    spot = closed.aggregate(
        asked=Count("id", filter=Q(able_to_spot_scams__isnull=False)),
        able=Count("id", filter=Q(able_to_spot_scams=True)),
    )
    return {
        "charts": [referrals, levels, repeat, impact, satisfaction],
        "contacted_in_time": _share(in_time, contacted_count),
        "contacted_in_time_counts": (in_time, contacted_count),
        "overdue_now": overdue_now,
        "median_days": f"{statistics.median(days):g}" if days else "no data yet",
        "plans_completed": _share(plans_done, plans_total),
        "plans_counts": (plans_done, plans_total),
        "rated_cases": rated.count(),
        "able_to_spot": _share(spot["able"], spot["asked"]),
        "money": money_recovered(team, name_banks=True),
    }


def _pounds(amount: Decimal | None) -> str:
    return f"£{amount or 0:,.2f}"


def _money_rows(rows: list[dict[str, Any]], label_of: dict[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "label": label_of.get(r["key"], r["key"]),
            "claims": r["n"],
            "claimed": _pounds(r["claimed"]),
            "reimbursed": _pounds(r["reimbursed"]),
            "share": _share_money(r["reimbursed"], r["claimed"]),
        }
        for r in rows
    ]


def _share_money(part: Decimal | None, whole: Decimal | None) -> str:
    return f"{100 * (part or 0) / whole:.0f}%" if whole else "no data yet"


def money_recovered(team: Organisation, *, name_banks: bool) -> dict[str, Any]:
    """Money claimed back for the team's victims and paid back: in all, per bank and per
    route; the median days from lodging a claim to the bank's decision; refusals by the
    bank's reason. Banks are named only when `name_banks` (staff pages); elsewhere they
    are "Bank 1", "Bank 2"... in order of money claimed. Only claims made count: one
    still being drafted (or closed before it was sent) has asked no bank for anything. A
    fixed number of queries."""
    claims = Claim.objects.filter(case__team=team, lodged_on__isnull=False)
    sums = {
        "n": Count("id"),
        "claimed": Sum("amount_claimed"),
        "reimbursed": Sum("amount_reimbursed"),
    }
    total = claims.aggregate(**sums)
    per_bank = list(claims.values(key=F("bank__name")).annotate(**sums).order_by("-claimed", "key"))
    if not name_banks:
        for number, row in enumerate(per_bank, start=1):
            row["key"] = f"Bank {number}"
    per_route = list(claims.values(key=F("route")).annotate(**sums).order_by("key"))
    refusals = (
        claims.exclude(refusal_reason="")
        .values(key=F("refusal_reason"))
        .annotate(n=Count("id"))
        .order_by("-n", "key")
    )
    reasons = dict(Claim.RefusalReason.choices)
    days = [
        (decided - lodged).days
        for lodged, decided in claims.filter(
            lodged_on__isnull=False, decided_on__isnull=False
        ).values_list("lodged_on", "decided_on")
        if lodged is not None and decided is not None
    ]
    return {
        "claims": total["n"],
        "claimed": _pounds(total["claimed"]),
        "reimbursed": _pounds(total["reimbursed"]),
        "share": _share_money(total["reimbursed"], total["claimed"]),
        "median_days_to_decision": f"{statistics.median(days):g}" if days else "no data yet",
        "per_bank": _money_rows(per_bank, {}),
        "per_route": _money_rows(per_route, dict(Claim.Route.choices)),
        "refusals": [
            {"label": reasons.get(r["key"], r["key"]), "claims": r["n"]} for r in refusals
        ],
    }
