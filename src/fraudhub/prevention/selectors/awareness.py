"""Reads of awareness activity: the sessions recorded, and the figures of people reached
and trained that the staff page shows and the strategy tracker reads live. No personal
data is held here, so no sharing policy applies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from fraudhub.prevention.models import AwarenessImport, AwarenessSession
from fraudhub.reports.geography import COUNCILS

AUDIENCE_LABELS = dict(AwarenessSession.AudienceType.choices)


@dataclass(frozen=True)
class Tally:
    """Sessions, people reached (attendees) and people trained, under one label."""

    label: str
    sessions: int
    reached: int
    trained: int

    @property
    def month_name(self) -> str:
        """A month's label ("2026-11") as words ("November 2026")."""
        year, _, month = self.label.partition("-")
        return date(int(year), int(month), 1).strftime("%B %Y")


@dataclass(frozen=True)
class AwarenessFigures:
    """Awareness activity held from `start` to `end`, both days included."""

    start: date
    end: date
    sessions: int
    reached: int
    trained: int
    by_council: list[Tally]
    by_audience: list[Tally]
    by_month: list[Tally]  # label "2026-11", oldest first; months with none left out


def _tallies(rows: QuerySet[AwarenessSession], field: str) -> dict[str, Tally]:
    found = {}
    for row in (
        rows.values(field)
        .annotate(n=Count("id"), reached=Sum("attendees"), trained_sum=Sum("trained"))
        .order_by(field)
    ):
        key = row[field]
        label = key.strftime("%Y-%m") if isinstance(key, date) else str(key)
        found[label] = Tally(label, row["n"], row["reached"] or 0, row["trained_sum"] or 0)
    return found


def awareness_figures(start: date, end: date) -> AwarenessFigures:
    """People reached and trained by awareness sessions held from `start` to `end` (both
    included): in all, by district council (every council listed, in COUNCILS order, none
    left out even at nought), by audience type (those with sessions) and by month (label
    "YYYY-MM", oldest first). For the strategy tracker's live figures: call it with the
    period of a measure, for example `awareness_figures(date(2026, 4, 1), date(2027, 3,
    31))`, and read `.reached`, `.trained` or a tally's `.reached`. Three queries."""
    rows = AwarenessSession.objects.filter(held_on__gte=start, held_on__lte=end)
    councils = _tallies(rows, "council")
    audiences = _tallies(rows, "audience")
    months = _tallies(rows.annotate(month=TruncMonth("held_on")), "month")
    return AwarenessFigures(
        start=start,
        end=end,
        sessions=sum(t.sessions for t in councils.values()),
        reached=sum(t.reached for t in councils.values()),
        trained=sum(t.trained for t in councils.values()),
        by_council=[councils.get(c, Tally(c, 0, 0, 0)) for c in COUNCILS],
        by_audience=[
            Tally(AUDIENCE_LABELS.get(t.label, t.label), t.sessions, t.reached, t.trained)
            for t in sorted(audiences.values(), key=lambda t: -t.reached)
        ],
        by_month=sorted(months.values(), key=lambda t: t.label),
    )


def sessions_between(start: date, end: date) -> QuerySet[AwarenessSession]:
    return AwarenessSession.objects.filter(held_on__gte=start, held_on__lte=end).select_related(
        "organisation"
    )


def awareness_import(import_id: int) -> AwarenessImport | None:
    return AwarenessImport.objects.filter(pk=import_id).first()
