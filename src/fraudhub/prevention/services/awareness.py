"""Writes for awareness activity: one session recorded on the form, or a file of them
imported (good rows kept, bad rows kept with what to fix). Audited in the same
transaction."""

from __future__ import annotations

import hashlib
from dataclasses import astuple
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.prevention.awareness_rows import COLUMNS, SessionValues, check_row
from fraudhub.prevention.models import AwarenessImport, AwarenessSession
from fraudhub.tabular import UnreadableFile, open_rows


class UnreadableAwarenessFile(ValueError):
    """The file cannot be read as awareness sessions; the message says what to fix."""


def label_of(actor: Actor) -> str:
    """How a record names who made it: their username, or "system"."""
    user = signed_in(actor)
    return user.get_username() if user is not None else "system"


def _session(actor: Actor, values: SessionValues, **extra: str) -> AwarenessSession:
    return AwarenessSession(
        held_on=values.held_on,
        kind=values.kind,
        organisation_id=values.organisation_id,
        audience=values.audience,
        council=values.council,
        attendees=values.attendees,
        trained=values.trained,
        materials=values.materials,
        recorded_by=signed_in(actor),
        recorded_by_label=label_of(actor),
        **extra,
    )


def record_session(*, actor: Actor, values: SessionValues) -> AwarenessSession:
    """Record one awareness session from the form."""
    with transaction.atomic():
        session = _session(actor, values)
        session.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=session,
            detail={"attendees": values.attendees, "trained": values.trained},
        )
    return session


def organisation_names() -> dict[str, int]:
    """Every organisation by its name in lower case, as a file names them."""
    return {name.lower(): pk for pk, name in Organisation.objects.values_list("pk", "name")}


def import_sessions(*, actor: Actor, path: Path, filename: str) -> AwarenessImport:
    """Import a CSV or Excel file of sessions (columns as awareness_rows.COLUMNS, headers
    in any case): each good row is recorded, a row imported before is not recorded
    again, and each bad row is kept, as typed, with what to fix."""
    try:
        source = open_rows(path)
        rows = list(source.rows())
    except UnreadableFile as exc:
        raise UnreadableAwarenessFile(f"{filename}: {exc}") from exc
    header = {str(h or "").strip().lower(): str(h) for h in source.header}
    missing = [c for c in COLUMNS if c not in header and c not in ("trained", "materials")]
    if missing:
        raise UnreadableAwarenessFile(
            f"{filename} has no {', '.join(missing)} column. Download the template and "
            "use its first row as the file's first row"
        )
    organisations = organisation_names()
    today = timezone.localdate()
    good: list[AwarenessSession] = []
    problems: list[dict[str, object]] = []
    for row in rows:
        typed = {c: str(row.values.get(header[c]) or "").strip() for c in COLUMNS if c in header}
        if not any(typed.values()):
            continue
        values, found = check_row(typed, organisations=organisations, today=today)
        found = {**{f"file {i}": p.message for i, p in enumerate(row.problems)}, **found}
        if values is None or row.problems:
            problems.append({"row": row.number, "values": typed, "problems": list(found.values())})
            continue
        digest = hashlib.sha256(repr(astuple(values)).encode()).hexdigest()
        good.append(
            _session(actor, values, source=AwarenessSession.Source.IMPORT, fingerprint=digest)
        )
    with transaction.atomic():
        known = set(
            AwarenessSession.objects.filter(
                fingerprint__in=[s.fingerprint for s in good]
            ).values_list("fingerprint", flat=True)
        )
        fresh = {s.fingerprint: s for s in good if s.fingerprint not in known}
        AwarenessSession.objects.bulk_create(fresh.values())
        run = AwarenessImport.objects.create(
            filename=filename[:255],
            rows_read=len(good) + len(problems),
            rows_kept=len(fresh),
            rows_already=len(good) - len(fresh),
            problems=problems,
            imported_by=signed_in(actor),
            imported_by_label=label_of(actor),
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=run,
            detail={"kept": run.rows_kept, "already": run.rows_already, "to_fix": len(problems)},
        )
    return run
