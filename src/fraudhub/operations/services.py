"""The writes of running the service: claiming a day's job and the worker's heartbeat.
Neither touches personal data, so neither writes to the audit log."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ScheduledRun, WorkerHeartbeat

QUEUE = "queue"


def claim_daily_run(*, job: str, day: date) -> bool:
    """Claim `job` for `day`: True for the one caller that claimed it, False for every
    other (the unique row is the lock, so it holds across machines). Call inside the
    transaction that books the job, so a failed booking frees the day again."""
    try:
        with transaction.atomic():
            ScheduledRun.objects.create(job=job, day=day)
    except IntegrityError:
        return False
    return True


def record_heartbeat(*, name: str = QUEUE, at: datetime | None = None) -> datetime:
    """Note that a worker ran the heartbeat task now (or at `at`)."""
    when = at or timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": when})
    return when
