"""Checking the audit log: walk the whole chain, compare it with checkpoints kept outside
the database, and write new checkpoints (daily, by the background worker)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from fraudhub import emails

from .audit import seal_pending
from .audit_chain import (
    CHAINED_FIELDS,
    KEYED_FIELDS,
    Break,
    Checkpoint,
    Existing,
    Verified,
    verify,
)
from .models import AuditChainHead, AuditEvent, Organisation

# What verify() reads of each entry: its row, its place and hashes, the chained values,
# and its links to the login and organisation now.
CHAINED_COLUMNS = (
    "id",
    "previous_hash",
    "hash",
    *CHAINED_FIELDS,
    *KEYED_FIELDS,
    "actor_id",
    "organisation_id",
)


def _existing() -> Existing:
    return Existing(
        logins=frozenset(get_user_model().objects.values_list("pk", flat=True)),
        organisations=frozenset(Organisation.objects.values_list("pk", flat=True)),
    )


def verify_chain(checkpoints: Sequence[Checkpoint] = ()) -> Verified | Break:
    """Chain what the application wrote in the last hour, then check every entry; then that
    no entry is left unchained, that the chain ends where its head row says, and that each
    checkpoint's entry still exists with the hash it had then."""
    seal_pending()
    entries = (
        AuditEvent.objects.filter(sequence__isnull=False)
        .order_by("sequence")
        .values(*CHAINED_COLUMNS)
        .iterator(chunk_size=5000)
    )
    result = verify(entries, _existing())
    if isinstance(result, Break):
        return result
    stray = list(
        AuditEvent.objects.filter(sequence__isnull=True).order_by("id").values_list("id", flat=True)
    )
    if stray:
        return Break(
            result.last_sequence + 1,
            stray[0],
            f"{len(stray)} entr{'y was' if len(stray) == 1 else 'ies were'} never chained: "
            "without the application's seal, or left unchained for over an hour, so added "
            "to the database directly "
            f"(rows {', '.join(str(i) for i in stray[:10])}{', ...' if len(stray) > 10 else ''})",
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence, head.hash) != (
        result.last_sequence,
        result.last_hash,
    ):
        return Break(
            result.last_sequence + 1,
            None,
            f"the log ends at entry {result.last_sequence} but had reached entry "
            f"{head.sequence}: the last entries were removed or rewritten",
        )
    for checkpoint in checkpoints:
        if checkpoint.sequence > result.last_sequence:
            return Break(
                checkpoint.sequence,
                None,
                f"the checkpoint of {checkpoint.at} names it, but the log now ends at entry "
                f"{result.last_sequence}: entries were removed and the chain rewritten",
            )
        now = (
            AuditEvent.objects.filter(sequence=checkpoint.sequence)
            .values_list("hash", flat=True)
            .first()
        )
        if now != checkpoint.hash:
            return Break(
                checkpoint.sequence,
                None,
                f"its hash differs from the checkpoint of {checkpoint.at}: the chain was "
                "rewritten from here or before",
            )
    return result


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Checkpoints from a file of lines written by `audit-checkpoint`, oldest first."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Checkpoint.from_line(line) for line in lines if line.strip()]


class ChainBroken(Exception):
    """No checkpoint is written for a chain that does not verify."""


def write_checkpoint(*, out: Path | None = None, email: str = "") -> Checkpoint:
    """Verify the chain, then add its latest entry and hash to a file and/or send it by
    email (to a partner or a mailbox the administrators of this system cannot change)."""
    result = verify_chain()
    if isinstance(result, Break):
        raise ChainBroken(str(result))
    point = Checkpoint(
        sequence=result.last_sequence,
        hash=result.last_hash,
        at=timezone.now().isoformat(timespec="seconds"),
    )
    if out is not None:
        with out.open("a", encoding="utf-8") as file:
            file.write(point.line() + "\n")
    if email:
        emails.send(
            "audit-checkpoint",
            email,
            {"at": point.at, "area": settings.FRAUDHUB_AREA_NAME, "line": point.line()},
            reference=f"audit entry {point.sequence}",
        )
    return point


@task()
def daily_checkpoint_task(book_next: bool = True) -> dict[str, object]:
    """Write the day's checkpoint where the settings say, then book tomorrow's (unless
    `fraudhub scheduler` books each day's, which passes book_next=False)."""
    out = settings.FRAUDHUB_AUDIT_CHECKPOINT_FILE
    point = write_checkpoint(
        out=Path(out) if out else None, email=settings.FRAUDHUB_AUDIT_CHECKPOINT_EMAIL
    )
    if book_next:
        schedule_checkpoint()
    return {"sequence": point.sequence, "hash": point.hash}


def next_checkpoint_at(now: datetime, hour: int) -> datetime:
    """The next time the clock in UTC shows `hour` o'clock, after `now`."""
    today = datetime.combine(now.astimezone(UTC).date(), time(hour), tzinfo=UTC)
    return today if today > now else today + timedelta(days=1)


def schedule_checkpoint() -> datetime | None:
    """Book the next daily checkpoint, or None if the task backend cannot run work later."""
    if not daily_checkpoint_task.get_backend().supports_defer:
        return None
    when = next_checkpoint_at(timezone.now(), settings.FRAUDHUB_AUDIT_CHECKPOINT_HOUR)
    daily_checkpoint_task.using(run_after=when).enqueue()
    return when
