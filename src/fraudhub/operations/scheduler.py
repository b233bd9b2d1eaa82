"""The scheduler books the daily work for the background worker. django-tasks runs work
later but has no calendar, so `fraudhub scheduler` wakes every half minute and books:

- the worker's heartbeat, whenever none is waiting (/readyz/ reads when it last ran);
- each daily job (the nightly linking run, refreshing refund deadlines that have passed,
  the retention run, the audit log's checkpoint, warnings of agreements due for review)
  once its hour (UTC) has come, at most once a day: a row per job and day,
  unique in the database, is claimed in the transaction that books the job, so several
  schedulers on several machines book it once between them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from fraudhub.casework.tasks import refresh_refund_deadlines_task
from fraudhub.governance.audit_checks import daily_checkpoint_task
from fraudhub.governance.reviews import REVIEW_HOUR, daily_review_task
from fraudhub.linking.tasks import nightly_linking_task, waiting_run
from fraudhub.rights.retention import daily_retention_task

from .services import claim_daily_run
from .tasks import worker_heartbeat_task

# A job not booked within this long of its hour (the scheduler was stopped) waits for the
# next day rather than starting in working hours.
CATCH_UP = timedelta(hours=6)
TICK_SECONDS = 30


@dataclass(frozen=True)
class DailyJob:
    name: str
    hour: Callable[[], int]  # read at each tick, so a changed setting applies
    book: Callable[[], None]
    # a run already waiting: booked by `fraudhub link --schedule`, or last night's, not yet
    # run (no worker): not booked again on top
    booked_elsewhere: Callable[[], bool]


def _waiting(task: Any) -> bool:
    """Whether a run of `task` is already in the queue, not yet run (booked by its own
    `--schedule` command, or yesterday's that no worker has run)."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    ).exists()


def _daily(name: str, task: Any, hour: Callable[[], int]) -> DailyJob:
    """A daily task of its own app, booked once a day (it does not book its next run)."""
    return DailyJob(
        name=name,
        hour=hour,
        book=lambda: task.enqueue(book_next=False),
        booked_elsewhere=lambda: _waiting(task),
    )


def _book_refund_deadlines() -> None:
    refresh_refund_deadlines_task.enqueue()


def _book_linking() -> None:
    nightly_linking_task.enqueue(engine=settings.FRAUDHUB_LINK_ENGINE, book_next=False)


JOBS: tuple[DailyJob, ...] = (
    DailyJob(
        name="nightly-linking",
        hour=lambda: settings.FRAUDHUB_LINK_HOUR,
        book=_book_linking,
        booked_elsewhere=lambda: waiting_run() is not None,
    ),
    # a refund deadline kept on a case that has passed gives way to the case's next one
    DailyJob(
        name="refund-deadlines",
        hour=lambda: settings.FRAUDHUB_LINK_HOUR,
        book=_book_refund_deadlines,
        booked_elsewhere=lambda: False,
    ),
    _daily("retention", daily_retention_task, lambda: settings.FRAUDHUB_RETENTION_HOUR),
    _daily(
        "audit-checkpoint", daily_checkpoint_task, lambda: settings.FRAUDHUB_AUDIT_CHECKPOINT_HOUR
    ),
    _daily("agreement-reviews", daily_review_task, lambda: REVIEW_HOUR),
)


def due_day(now: datetime, hour: int) -> date | None:
    """The day (UTC) whose run is due at `now`: today's once the clock has passed `hour`
    o'clock and for CATCH_UP after it; None outside that window."""
    start = datetime.combine(now.astimezone(UTC).date(), time(hour), tzinfo=UTC)
    return start.date() if start <= now < start + CATCH_UP else None


def heartbeat_waiting() -> bool:
    """Whether a heartbeat is already in the queue, not yet run."""
    return _waiting(worker_heartbeat_task)


def tick(now: datetime, jobs: tuple[DailyJob, ...] = JOBS) -> list[str]:
    """Book what is due at `now`; returns the names of the daily jobs this call booked."""
    if not heartbeat_waiting():
        worker_heartbeat_task.enqueue()
    booked = []
    for job in jobs:
        day = due_day(now, job.hour())
        if day is None:
            continue
        with transaction.atomic():
            if not claim_daily_run(job=job.name, day=day) or job.booked_elsewhere():
                continue
            job.book()
        booked.append(job.name)
    return booked
