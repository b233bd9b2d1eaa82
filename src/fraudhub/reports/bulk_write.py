"""Storing a partner file's batch of new reports on PostgreSQL with COPY instead of model
instances: the same rows `reports.services.create_reports` writes (report, people,
identifiers, the timeline's first entry, one audit event per report), in the caller's
transaction, with ids taken from the tables' sequences in one query each."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from fraudhub.bulk import copy_dicts, with_ids
from fraudhub.governance.access import Actor, organisation_of
from fraudhub.governance.audit import chain_after_commit
from fraudhub.governance.audit_chain import CHAIN_VERSION, entry_seal
from fraudhub.governance.models import AuditEvent

from .models import Identifier, Person, Report, ReportUpdate
from .preparation import PreparedReport
from .services import RECEIVED_TEXT, hash_secret, received_at, reserve_references


def available() -> bool:
    """COPY is PostgreSQL's; SQLite keeps the ORM's bulk inserts."""
    return connection.vendor == "postgresql"


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
            **{k: v for k, v in p.report.items() if k != "source_organisation"},
            "source_organisation_id": getattr(p.report["source_organisation"], "pk", None),
            "reference": reference,
            "tracking_secret_hash": hash_secret(secrets.token_urlsafe(16)),
            "created_by_id": user.pk if user is not None else None,
        }
        for p, reference in zip(prepared, references, strict=True)
    ]
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        with_ids(cursor, Report, reports)
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
        shown_at = {day: received_at(day) for day in {p.received for p in prepared}}
        updates = [
            {
                "report_id": pk,
                "kind": ReportUpdate.Kind.RECEIVED,
                "text": RECEIVED_TEXT,
                "at": shown_at[p.received],
            }
            for pk, p in zip(ids, prepared, strict=True)
        ]
        label = user.get_username() if user is not None else "system"
        organisation = organisation_of(user)
        written_at = timezone.now()
        events = [
            {
                "actor_id": user.pk if user is not None else None,
                "actor_key": user.pk if user is not None else None,
                "actor_label": label,
                "organisation_id": organisation.pk if organisation is not None else None,
                "organisation_key": organisation.pk if organisation is not None else None,
                "chain_version": CHAIN_VERSION,
                "organisation_label": organisation.name if organisation is not None else "",
                "at": written_at,
                "action": AuditEvent.Action.CREATE,
                "object_type": Report._meta.label_lower,
                "object_id": str(report["id"]),
                "object_label": report["reference"][:200],
                "detail": {"source": report["source"]},
            }
            for report in reports
        ]
        for event in events:
            event["seal"] = entry_seal(settings.SECRET_KEY, event)
        copy_dicts(cursor, Report, reports)
        for model, rows in (
            (Person, persons),
            (Identifier, identifiers),
            (ReportUpdate, updates),
            (AuditEvent, events),
        ):
            with_ids(cursor, model, rows)
            copy_dicts(cursor, model, rows)
        chain_after_commit()
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
