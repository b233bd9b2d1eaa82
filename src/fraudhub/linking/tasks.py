"""Background work for linking, run by the worker (`fraudhub db_worker`)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .events import announce_linked, announce_regrouped
from .persons.services import SAME_PERSON
from .services import link_arrivals, run_linking


@task()
def link_arrivals_task(report_ids: list[int], announce: bool = True) -> int:
    """Link stored reports (identifiers and victims), then, if `announce`, tell listeners
    they are linked; they are told even if linking fails, so triage is never lost.
    Returns how many victim records changed group."""
    try:
        changed = link_arrivals(report_ids=report_ids)
        announce_regrouped(changed, why=SAME_PERSON)
    finally:
        if announce:
            announce_linked(report_ids)
    return len(changed)


@task()
def nightly_linking_task(engine: str = "duckdb", book_next: bool = True) -> dict[str, Any]:
    """Recompute identifier clusters and people groups, then book tomorrow night's run
    (unless `fraudhub scheduler` books each night's, which passes book_next=False)."""
    figures = run_linking(engine=engine)
    if book_next:
        schedule_linking(engine=engine)
    return figures


def next_run_at(now: datetime, hour: int) -> datetime:
    """The next time the clock in UTC shows `hour` o'clock, after `now`."""
    today = datetime.combine(now.astimezone(UTC).date(), time(hour), tzinfo=UTC)
    return today if today > now else today + timedelta(days=1)


def schedule_linking(*, engine: str = "duckdb") -> datetime | None:
    """Book the nightly run at FRAUDHUB_LINK_HOUR (UTC) unless one is already waiting.
    Returns when it runs, or None if the task backend cannot run work later."""
    if not nightly_linking_task.get_backend().supports_defer:
        return None
    when = next_run_at(timezone.now(), settings.FRAUDHUB_LINK_HOUR)
    waiting = waiting_run()
    if waiting is not None:
        return waiting
    nightly_linking_task.using(run_after=when).enqueue(engine=engine)
    return when


def waiting_run() -> datetime | None:
    """When the nightly run already booked in the database queue is due, if there is one."""
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return None
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    booked = (
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=nightly_linking_task.module_path,
        )
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    return booked
