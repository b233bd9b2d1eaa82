"""Reads for the analysts' pages. Every figure comes from the reports the user may see
(a partner sees figures of its own reports only); partners' pages hide small counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.reports import geography
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.selectors import visible_reports

from . import figures as f
from .models import DistrictCentroid

Actor = User | AnonymousUser


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
    if user.is_superuser:
        return True
    organisation = audit.organisation_of(user)
    return organisation is not None and organisation.sees_all_reports


def may_see_insight(user: Actor) -> bool:
    """Staff who work for an organisation (or administrators) may see figures."""
    return user.is_authenticated and (user.is_superuser or audit.organisation_of(user) is not None)


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
    reports = visible_reports(user).filter(
        received_date__gte=period.start, received_date__lte=period.end
    )
    if period.scam_type:
        reports = reports.filter(scam_type__slug=period.scam_type)
    return reports


def report_rows(user: Actor, period: Period) -> list[f.ReportRow]:
    """One plain row per report the user may see in the period, with its first victim."""
    reports = _reports(user, period)
    victims: dict[int, tuple[object, ...]] = {}
    for victim_row in (
        Person.objects.filter(role=Person.Role.VICTIM, report__in=reports)
        .order_by("report_id", "id")
        .values_list(
            "report_id",
            "first_name",
            "last_name",
            "postcode",
            "postcode_district",
            "council",
            "age_at_incident",
            "phone",
            "email",
        )
    ):
        victims.setdefault(victim_row[0], victim_row)
    rows = []
    for pk, received, scam_type, contact, source, lost in reports.values_list(
        "id", "received_date", "scam_type__name", "contact_method__name", "source", "amount_lost"
    ).order_by("received_date", "id"):
        base = (received, scam_type or "", contact or "", source, lost)
        victim = victims.get(pk)
        if victim is None:
            rows.append(f.ReportRow(*base))
            continue
        _, first, last, postcode, district, council, age, phone, email = victim
        rows.append(
            f.ReportRow(
                *base,
                has_victim=True,
                victim_key=f.victim_key(
                    first_name=str(first),
                    last_name=str(last),
                    postcode=str(postcode),
                    fallback=pk,
                ),
                age=age if isinstance(age, int) else None,
                postcode_district=str(district).upper(),
                council=str(council),
                valid_postcode=bool(postcode),
                contactable=bool(phone or email),
            )
        )
    return rows


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
    rows = report_rows(user, period)
    where = places()
    exact = sees_exact_counts(user)
    districts = f.by_district(rows, where)
    councils = f.by_council(rows, where)
    if not exact:
        f.hide_small_counts(districts)
        f.hide_small_counts(councils)
    _record(user, "map", period)
    return MapFigures(
        period=period,
        districts=districts,
        councils=councils,
        reports=len(rows),
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
    rows = report_rows(user, period)
    exact = sees_exact_counts(user)

    def shown(counts: list[f.Count]) -> list[f.Count]:
        return counts if exact else f.hide_small(counts)

    _record(user, "trends", period)
    return TrendFigures(
        period=period,
        months=shown(f.per_month(rows, start=period.start, end=period.end)),
        scam_types=shown(f.per_label(r.scam_type for r in rows)),
        contact_methods=shown(f.per_label(r.contact_method for r in rows)),
        age_bands=shown(f.per_age_band(rows)),
        reports=len(rows),
        exact=exact,
    )


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
    reports = _reports(user, period)
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
    rows = report_rows(user, period)
    _record(user, "data quality", period)
    return f.quality_by_source(rows, dict(Report.Source.choices))


def _record(user: Actor, page: str, period: Period) -> None:
    """Figures are drawn from personal records: each look is written to the audit log,
    once per page, against the organisation whose reports were counted."""
    organisation = audit.organisation_of(user)
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
