"""Gathering the intelligence: the scammers' identifiers in the reports a receiving
organisation may see, read from the database as sightings and counted, dated and filtered
into the items every format is written from (`aggregate` is a pure function)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from fraudhub.governance import policy
from fraudhub.governance.models import Organisation
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.selectors import released_q, reports_for_organisation


@dataclass(frozen=True)
class Sighting:
    """One identifier as it appears in one report, with what the export needs of the report."""

    kind: str
    value: str
    display: str
    report_id: int
    received_date: date
    amount_lost: Decimal | None = None
    scam_type: str = ""
    cluster_id: int | None = None
    changed_at: datetime | None = None  # when the report last changed


@dataclass(frozen=True)
class IntelItem:
    """One identifier across every report that names it."""

    kind: str
    value: str
    display: str
    report_count: int
    first_seen: date
    last_seen: date
    total_loss: Decimal | None  # None: no amount lost was given, or none was shared
    scam_types: tuple[str, ...] = ()
    cluster_ids: tuple[int, ...] = ()
    # When a report naming it last changed: the version of its STIX objects in a feed.
    changed_at: datetime | None = None


@dataclass(frozen=True)
class Aggregate:
    """The identifiers to export and what was left out, by reason."""

    items: list[IntelItem]
    reports: int
    excluded: int = 0
    names_withheld: int = 0
    below_minimum: int = 0


def export_value(kind: str, normalised: str) -> str:
    """The value as it is exported: a bank account with no sort code is its account number."""
    if kind == Identifier.Kind.BANK_ACCOUNT and normalised.startswith("?? "):
        return normalised[3:]
    return normalised


def aggregate(
    sightings: Iterable[Sighting],
    *,
    excluded: frozenset[tuple[str, str]] = frozenset(),
    min_reports: int = 1,
    include_names: bool = False,
) -> Aggregate:
    """Count each (kind, value) once per report; leave out values on the exclusion list,
    names used unless asked for, and values seen in fewer than `min_reports` reports."""
    by_key: dict[tuple[str, str], list[Sighting]] = {}
    left_out: dict[str, set[tuple[str, str]]] = {"excluded": set(), "names": set()}
    for sighting in sightings:
        key = (sighting.kind, sighting.value)
        if not sighting.value:
            continue
        if key in excluded:
            left_out["excluded"].add(key)
        elif sighting.kind == Identifier.Kind.PERSON_NAME and not include_names:
            left_out["names"].add(key)
        else:
            by_key.setdefault(key, []).append(sighting)
    items: list[IntelItem] = []
    below = 0
    reports: set[int] = set()
    for (kind, value), seen in sorted(by_key.items()):
        per_report = {s.report_id: s for s in seen}
        if len(per_report) < min_reports:
            below += 1
            continue
        reports.update(per_report)
        dates = [s.received_date for s in per_report.values()]
        changes = [s.changed_at for s in per_report.values() if s.changed_at is not None]
        items.append(
            IntelItem(
                kind=kind,
                value=export_value(kind, value),
                display=export_value(kind, next((s.display for s in seen if s.display), value)),
                report_count=len(per_report),
                first_seen=min(dates),
                last_seen=max(dates),
                total_loss=_total_loss(per_report.values()),
                scam_types=tuple(sorted({s.scam_type for s in seen if s.scam_type})),
                cluster_ids=tuple(sorted({s.cluster_id for s in seen if s.cluster_id})),
                changed_at=max(changes) if changes else None,
            )
        )
    return Aggregate(
        items=items,
        reports=len(reports),
        excluded=len(left_out["excluded"]),
        names_withheld=len(left_out["names"]),
        below_minimum=below,
    )


def _total_loss(sightings: Iterable[Sighting]) -> Decimal | None:
    """Pounds lost in these reports, or None when none of them gives an amount the reader
    may see: a loss that is withheld or not known is left out, never shown as £0.00."""
    known = [s.amount_lost for s in sightings if s.amount_lost is not None]
    return sum(known, Decimal("0.00")) if known else None


def _sightings(
    organisation: Organisation, since: date | None, cluster: int | None = None
) -> Iterator[Sighting]:
    """Scammers' identifiers of the reports whose scam details an agreement in force
    releases to the organisation; amounts lost only where money is released too."""
    reader = policy.reader_for_organisation(organisation)
    reports = reports_for_organisation(organisation)
    if since is not None:
        reports = reports.filter(received_date__gte=since)
    if cluster is not None:
        reports = reports.filter(cluster_member__cluster_id=cluster)
    money: set[int] | None = None
    if not reader.sees_everything:
        money = set(
            reports.filter(released_q(reader, policy.Category.MONEY)).values_list("pk", flat=True)
        )
        reports = reports.filter(released_q(reader, policy.Category.SCAM_DETAILS))
    yield from sightings_in(reports, money=money)


def sightings_in(
    reports: QuerySet[Report],
    *,
    changes: bool = False,
    values: QuerySet[Identifier] | None = None,
    money: set[int] | None = None,
) -> Iterator[Sighting]:
    """Each identifier in `reports` (only those whose normalised value is among `values`
    when given), with when its report last changed if `changes` is asked for; the amount
    lost only for the reports in `money` when it is given (where money is released)."""
    rows = Identifier.objects.filter(report__in=reports).exclude(normalised="")
    if values is not None:
        rows = rows.filter(normalised__in=values.values("normalised"))
    fields = [
        "kind",
        "normalised",
        "display",
        "report_id",
        "report__received_date",
        "report__amount_lost",
        "report__scam_type__slug",
        "report__cluster_member__cluster_id",
    ]
    for row in rows.values_list(*fields, "report__updated_at").order_by("id").iterator(2000):
        kind, value, display, report_id, received, lost, scam_type, cluster, changed = row
        if money is not None and report_id not in money:
            lost = None
        yield Sighting(
            kind,
            value,
            display,
            report_id,
            received,
            lost,
            scam_type or "",
            cluster,
            changed if changes else None,
        )


def producer_name() -> str:
    """The producing organisation: the hub's own, or one named after the area."""
    hub = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    return hub.name if hub is not None else f"{settings.FRAUDHUB_AREA_NAME} Fraud Hub"
