"""Reads for the analysts' pages. Every figure comes from the reports the user may see
(a partner sees figures of its own reports only); partners' pages hide small counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower, Trim, TruncMonth, Upper

from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor, organisation_of, signed_in
from fraudhub.governance.models import AuditEvent
from fraudhub.reports import geography
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.selectors import released_q, sees_every_report, visible_reports

from . import figures as f
from .models import DistrictCentroid

ZERO = Decimal("0")


@dataclass(frozen=True)
class Period:
    """Reports received from `start` to `end` inclusive, optionally of one scam type."""

    start: date
    end: date
    scam_type: str = ""

    @classmethod
    def last_12_months(cls, today: date, scam_type: str = "") -> Period:
        start = (today.replace(day=1) - timedelta(days=334)).replace(day=1)
        return cls(start=start, end=today, scam_type=scam_type)


def sees_exact_counts(user: Actor) -> bool:
    """Hub staff and administrators see every count; partners' small counts are hidden."""
    return sees_every_report(user)


def may_see_insight(user: Actor) -> bool:
    """Staff who work for an organisation (or administrators) may see figures."""
    login = signed_in(user)
    return login is not None and (login.is_superuser or organisation_of(login) is not None)


def places() -> dict[str, f.Place]:
    """Where each postcode district is: the loaded centroids, or the demo county's."""
    loaded = {
        c.code: f.Place(c.code, c.council, c.latitude, c.longitude, c.town)
        for c in DistrictCentroid.objects.all()
    }
    if loaded:
        return loaded
    return {
        d.code: f.Place(d.code, d.council, d.latitude, d.longitude, d.town)
        for d in geography.POSTCODE_DISTRICTS
    }


def _reports(user: Actor, period: Period) -> QuerySet[Report]:
    """The reports the user may open in the period; filtered by scam type only where scam
    details are released to them."""
    reader = policy.reader_for(user)
    reports = visible_reports(user, reader).filter(
        received_date__gte=period.start, received_date__lte=period.end
    )
    if period.scam_type:
        reports = reports.filter(scam_type__slug=period.scam_type).filter(
            released_q(reader, policy.Category.SCAM_DETAILS)
        )
    return reports


def _released(user: Actor, category: policy.Category, prefix: str = "") -> Q:
    """Reports (through `prefix`, "report__" from a person) whose `category` the user may
    read: figures use a field of that category only from those."""
    reader = policy.reader_for(user)
    if reader.sees_everything:
        return Q()
    released = Report.objects.filter(released_q(reader, category)).values("pk")
    return Q(**{f"{prefix}pk__in" if not prefix else f"{prefix}in": released})


def _shown(user: Actor, category: policy.Category, field: str, prefix: str = "") -> Any:
    """A report's field where the user may read its category, else null."""
    released = _released(user, category, prefix)
    if not released:
        return F(f"{prefix}{field}")
    return Case(When(released, then=F(f"{prefix}{field}")), default=None)


# One victim across reports: the same name at the same full postcode counts once (as
# figures.victim_key has it); without a name or postcode, each report's victim counts on
# their own.
NAMED = ~Q(first_name="") & ~Q(last_name="") & ~Q(postcode="")
VICTIM_KEY = Concat(
    Lower(Trim("first_name")),
    Value("|"),
    Lower(Trim("last_name")),
    Value("|"),
    Upper("postcode"),
    output_field=CharField(),
)


def _first_victims(reports: QuerySet[Report]) -> QuerySet[Person]:
    """The first victim (lowest id) of each report: the one the figures count."""
    victims = Person.objects.filter(role=Person.Role.VICTIM)
    earlier = victims.filter(report=OuterRef("report"), id__lt=OuterRef("id"))
    return victims.filter(report__in=reports).filter(~Exists(earlier)).order_by()


def _area_tallies(
    victims: QuerySet[Person], **area: Expression | F
) -> list[tuple[dict[str, Any], f.AreaTally]]:
    """Reports, distinct victims and losses per area, counted in the database; with each,
    the area's values, how many victims have a name key, and how many of those have a
    district that is not their postcode's (so may be one victim in two districts)."""
    rows = victims.values(**area).annotate(
        reports=Count("id"),
        named=Count(VICTIM_KEY, distinct=True, filter=NAMED),
        unnamed=Count("id", filter=~NAMED),
        astray=Count("id", filter=NAMED & ~Q(postcode__startswith=Concat("district", Value(" ")))),
        losses=Sum("lost"),
    )
    return [
        (
            row,
            f.AreaTally("", row["reports"], row["named"] + row["unnamed"], row["losses"] or ZERO),
        )
        for row in rows
    ]


def _tallied(rows: list[tuple[dict[str, Any], f.AreaTally]], name: str) -> list[f.AreaTally]:
    return [replace(tally, code=row[name] or "") for row, tally in rows]


def _map_tallies(
    victims: QuerySet[Person], where: dict[str, f.Place]
) -> tuple[list[f.AreaTally], list[f.AreaTally]]:
    """Tallies by district and by council. One count by district and recorded council
    serves both when no victim can be in two of its groups: every named victim's district
    is their postcode's, and each district has named victims under one council only.
    Otherwise each is counted on its own."""
    both = _area_tallies(victims, district=F("district"), recorded=F("council"))
    named_districts = [row["district"] for row, _ in both if row["named"]]
    if not any(row["astray"] for row, _ in both) and len(named_districts) == len(
        set(named_districts)
    ):
        councils = [
            replace(t, code=f.council_of(row["district"], row["recorded"], where))
            for row, t in both
        ]
        return _tallied(both, "district"), councils
    districts = _tallied(_area_tallies(victims, district=F("district")), "district")
    council = _council_expression((t.code for t in districts), where)
    return districts, _tallied(_area_tallies(victims, area=council), "area")


def _without_victim(reports: QuerySet[Report], placed: list[f.AreaTally]) -> list[f.AreaTally]:
    """Reports with no victim, and their losses, under "Not known": all the reports less
    those counted through their victim (cheaper than looking for reports with none)."""
    every = reports.order_by().aggregate(reports=Count("id"), losses=Sum("lost"))
    left = every["reports"] - sum(t.reports for t in placed)
    if not left:
        return []
    losses = (every["losses"] or ZERO) - sum((t.losses for t in placed), ZERO)
    return [f.AreaTally("", left, 0, losses)]


def _council_expression(districts: Iterable[str], where: dict[str, f.Place]) -> Case:
    """The council of each victim (figures.council_of): their district's, for the
    districts given that have a known place, else the one recorded."""
    councils: dict[str, list[str]] = defaultdict(list)
    for code in districts:
        if code in where:
            councils[where[code].council].append(code)
    return Case(
        *(When(district__in=codes, then=Value(council)) for council, codes in councils.items()),
        default=F("council"),
        output_field=CharField(),
    )


@dataclass
class MapFigures:
    period: Period
    districts: list[f.AreaFigure]
    councils: list[f.AreaFigure]
    reports: int
    victims: int
    losses: Decimal
    exact: bool


def map_figures(user: Actor, period: Period) -> MapFigures:
    """Reports, victims and losses by postcode district and by council."""
    reports = _reports(user, period)
    where = places()
    exact = sees_exact_counts(user)
    victims = _first_victims(reports).annotate(
        district=Upper("postcode_district"),
        lost=_shown(user, policy.Category.MONEY, "amount_lost", "report__"),
    )
    by_district, by_council = _map_tallies(victims, where)
    unplaced = _without_victim(
        reports.annotate(lost=_shown(user, policy.Category.MONEY, "amount_lost")), by_district
    )
    districts = f.district_figures(by_district + unplaced, where)
    councils = f.council_figures(by_council + unplaced, where)
    if not exact:
        f.hide_small_counts(districts)
        f.hide_small_counts(councils)
    _record(user, "map", period)
    return MapFigures(
        period=period,
        districts=districts,
        councils=councils,
        reports=sum(a.reports for a in districts),
        # A victim is known by name and full postcode, so is in one district only.
        victims=sum(a.victims for a in districts),
        losses=sum((a.losses for a in districts), Decimal("0")),
        exact=exact,
    )


@dataclass
class TrendFigures:
    period: Period
    months: list[f.Count]
    scam_types: list[f.Count]
    contact_methods: list[f.Count]
    age_bands: list[f.Count]
    reports: int
    exact: bool


def trend_figures(user: Actor, period: Period) -> TrendFigures:
    """Reports by month, scam type and contact method; victims by age band."""
    reports = _reports(user, period).order_by()
    exact = sees_exact_counts(user)

    def shown(counts: list[f.Count]) -> list[f.Count]:
        return counts if exact else f.hide_small(counts)

    # One count by month, scam type and contact method together (a few thousand rows at
    # most), added up three ways here.
    counted = list(
        reports.values_list(
            TruncMonth("received_date"),
            _labelled(user, "scam_type__name"),
            _labelled(user, "contact_method__name"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    months: Counter[date] = Counter()
    for month, _, _, n in counted:
        months[month] += n
    _record(user, "trends", period)
    return TrendFigures(
        period=period,
        months=shown(f.monthly(months, start=period.start, end=period.end)),
        scam_types=shown(f.labelled((kind, n) for _, kind, _, n in counted)),
        contact_methods=shown(f.labelled((contact, n) for _, _, contact, n in counted)),
        age_bands=shown(f.age_bands(_counts(_first_victims(reports), "age_at_incident"))),
        reports=months.total(),
        exact=exact,
    )


WITHHELD = "Withheld: no agreement in force covers scam details"


def _labelled(user: Actor, field: str) -> Any:
    """A scam detail to count by, "Withheld: ..." for reports whose scam details the user
    may not read (so they are counted without saying what they were)."""
    released = _released(user, policy.Category.SCAM_DETAILS)
    if not released:
        return F(field)
    return Case(When(released, then=F(field)), default=Value(WITHHELD), output_field=CharField())


def _counts(rows: QuerySet[Any], field: str) -> list[tuple[Any, int]]:
    """How many rows hold each value of `field`, counted in the database."""
    return list(rows.values_list(field).annotate(n=Count("id")).order_by())


@dataclass
class EmergingFigures:
    week_start: date
    week_end: date
    compared_from: date
    scam_types: list[f.Jump]
    identifiers: list[f.Jump]


def emerging(user: Actor, *, today: date) -> EmergingFigures:
    """Scam types and scammers' identifiers that jumped in the latest complete week."""
    week_start = f.latest_complete_week(today)
    first = week_start - timedelta(days=7 * f.JUMP_WEEKS)
    period = Period(start=first, end=week_start + timedelta(days=6))
    reports = _reports(user, period).filter(_released(user, policy.Category.SCAM_DETAILS))
    types = f.jumps(
        (
            (received, "scam type", slug, name)
            for received, slug, name in reports.filter(scam_type__isnull=False).values_list(
                "received_date", "scam_type__slug", "scam_type__name"
            )
        ),
        week_start=week_start,
    )
    kinds = dict(Identifier.Kind.choices)
    identifiers = f.jumps(
        (
            (received, kinds.get(kind, kind), normalised, display or normalised)
            for received, kind, normalised, display in Identifier.objects.filter(report__in=reports)
            .exclude(normalised="")
            .values_list("report__received_date", "kind", "normalised", "display")
        ),
        week_start=week_start,
    )
    _record(user, "emerging scams", period)
    return EmergingFigures(
        week_start=week_start,
        week_end=week_start + timedelta(days=6),
        compared_from=first,
        scam_types=types,
        identifiers=identifiers,
    )


def data_quality(user: Actor, period: Period) -> list[f.QualityShare]:
    """Per source, the share of reports whose victim has an age, a valid postcode and a
    phone number or email address."""
    reports = _reports(user, period)
    tallies = {source: f.QualityTally(n) for source, n in _counts(reports.order_by(), "source")}
    victims = (
        _first_victims(reports)
        .values_list("report__source")
        .annotate(
            with_age=Count("id", filter=Q(age_at_incident__isnull=False)),
            with_postcode=Count("id", filter=~Q(postcode="")),
            with_contact=Count("id", filter=~Q(phone="") | ~Q(email="")),
        )
    )
    for source, with_age, with_postcode, with_contact in victims:
        tallies[source] = replace(
            tallies[source],
            with_age=with_age,
            with_valid_postcode=with_postcode,
            with_contact=with_contact,
        )
    _record(user, "data quality", period)
    return f.quality_shares(tallies, dict(Report.Source.choices))


def _record(user: Actor, page: str, period: Period) -> None:
    """Figures are drawn from personal records: each look is written to the audit log,
    once per page, against the organisation whose reports were counted."""
    organisation = organisation_of(user)
    if organisation is None:
        return
    audit.record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        obj=organisation,
        detail={
            "figures": page,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "scam_type": period.scam_type,
        },
    )
