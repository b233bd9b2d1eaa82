"""Storing a partner file's batch of new reports on PostgreSQL with COPY instead of model
instances: the same rows `reports.services.create_reports` writes (report, people,
identifiers, the timeline's first entry, one audit event per report), in the caller's
transaction, with ids taken from the tables' sequences in one query each."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, models
from django.utils import timezone

from fraudhub.governance.audit import Actor, organisation_of
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.models import Identifier, Person, Report, ReportUpdate
from fraudhub.reports.services import (
    RECEIVED_TEXT,
    PreparedReport,
    hash_secret,
    received_at,
    reserve_references,
)


def available() -> bool:
    """COPY is PostgreSQL's; SQLite keeps the ORM's bulk inserts."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class _Column:
    """One column of a table and how a row's value for it is found."""

    name: str
    value: Callable[[dict[str, Any]], Any]


def _value_of(field: models.Field[Any, Any], now: datetime) -> Callable[[dict[str, Any]], Any]:
    """The value the ORM would store for this field, from a dict of model field values
    (keyed by name or attname), its default when the dict leaves it out."""
    name, attname = field.name, field.attname
    if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
        return lambda row: now
    default = field.get_default  # a callable default gives a fresh value each time
    if isinstance(field, models.ForeignKey):

        def foreign_key(row: dict[str, Any]) -> Any:
            if attname in row:
                return row[attname]
            related = row.get(name)
            return related.pk if related is not None else default()

        return foreign_key
    if isinstance(field, models.JSONField):
        return lambda row: json.dumps(row[name] if name in row else default())
    return lambda row: row[name] if name in row else default()


def _columns(model: type[models.Model], now: datetime) -> list[_Column]:
    return [_Column(f.column, _value_of(f, now)) for f in model._meta.concrete_fields]


def _next_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def _copy(cursor: Any, model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows (dicts of field values, each with its id) into the model's table."""
    if not rows:
        return
    columns = _columns(model, timezone.now())
    quote = connection.ops.quote_name
    names = ", ".join(quote(c.name) for c in columns)
    values = [c.value for c in columns]
    with cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([value(row) for value in values])


def _with_ids(cursor: Any, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    for row, pk in zip(rows, _next_ids(cursor, model, len(rows)), strict=True):
        row["id"] = pk


def create_reports(*, prepared: Sequence[PreparedReport], actor: Actor) -> list[int]:
    """Store prepared reports as `reports.services.create_reports` does, all in one go;
    call inside the batch's transaction. Returns the new reports' ids in order, for the
    caller to announce (`reports.events.announce_stored`) with the rest of its batch."""
    if not prepared:
        return []
    user = actor if actor is not None and actor.is_authenticated else None
    references = _references([p.received for p in prepared])
    reports: list[dict[str, Any]] = [
        {
            **p.report,
            "reference": reference,
            "tracking_secret_hash": hash_secret(secrets.token_urlsafe(16)),
            "created_by_id": user.pk if user is not None else None,
        }
        for p, reference in zip(prepared, references, strict=True)
    ]
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        _with_ids(cursor, Report, reports)
        ids = [r["id"] for r in reports]
        persons = [
            {**fields, "report_id": pk}
            for pk, p in zip(ids, prepared, strict=True)
            for fields in p.persons
        ]
        identifiers = [
            {**fields, "report_id": pk}
            for pk, p in zip(ids, prepared, strict=True)
            for fields in p.identifiers
        ]
        updates = [
            {
                "report_id": pk,
                "kind": ReportUpdate.Kind.RECEIVED,
                "text": RECEIVED_TEXT,
                "at": received_at(p.received),
            }
            for pk, p in zip(ids, prepared, strict=True)
        ]
        label = user.get_username() if user is not None else "system"
        organisation = organisation_of(user)
        events = [
            {
                "actor_id": user.pk if user is not None else None,
                "actor_label": label,
                "organisation_id": organisation.pk if organisation is not None else None,
                "action": AuditEvent.Action.CREATE,
                "object_type": Report._meta.label_lower,
                "object_id": str(report["id"]),
                "object_label": report["reference"][:200],
                "detail": {"source": report["source"]},
            }
            for report in reports
        ]
        _copy(cursor, Report, reports)
        for model, rows in (
            (Person, persons),
            (Identifier, identifiers),
            (ReportUpdate, updates),
            (AuditEvent, events),
        ):
            _with_ids(cursor, model, rows)
            _copy(cursor, model, rows)
    return ids


def _references(received: Iterable[date]) -> list[str]:
    """Each report's FH-YYYY-NNNNNN reference, numbered in order within its year."""
    days = list(received)
    by_year: dict[int, list[str]] = {}
    for year in sorted({d.year for d in days}):
        by_year[year] = reserve_references(year, sum(1 for d in days if d.year == year))
    counters = dict.fromkeys(by_year, 0)
    out = []
    for day in days:
        out.append(by_year[day.year][counters[day.year]])
        counters[day.year] += 1
    return out
