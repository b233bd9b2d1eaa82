"""`fraudhub scheduler` books the nightly linking run once a day at its hour, however many
schedulers run, and the worker's heartbeat whenever none is waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from fraudhub.linking.tasks import nightly_linking_task, schedule_linking
from fraudhub.operations.models import ScheduledRun, WorkerHeartbeat
from fraudhub.operations.scheduler import JOBS, due_day, tick
from fraudhub.operations.services import claim_daily_run
from fraudhub.operations.tasks import worker_heartbeat_task

pytestmark = pytest.mark.django_db

NIGHT = datetime(2026, 12, 7, 2, 0, 30, tzinfo=UTC)
LINKING = tuple(job for job in JOBS if job.name == "nightly-linking")


@pytest.fixture(autouse=True)
def _queue_in_the_database(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FRAUDHUB_LINK_HOUR = 2


def waiting(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task_path))


def test_a_job_is_due_from_its_hour_for_six_hours() -> None:
    assert due_day(datetime(2026, 12, 7, 1, 59, tzinfo=UTC), 2) is None
    assert due_day(datetime(2026, 12, 7, 2, 0, tzinfo=UTC), 2) == date(2026, 12, 7)
    assert due_day(datetime(2026, 12, 7, 7, 59, tzinfo=UTC), 2) == date(2026, 12, 7)
    assert due_day(datetime(2026, 12, 7, 8, 0, tzinfo=UTC), 2) is None


def test_the_hour_is_read_in_utc_whatever_the_zone_of_the_clock() -> None:
    from zoneinfo import ZoneInfo

    summer_london = datetime(2026, 7, 1, 3, 30, tzinfo=ZoneInfo("Europe/London"))  # 02:30 UTC
    assert due_day(summer_london, 2) == date(2026, 7, 1)


def test_the_nightly_run_is_booked_once_however_many_schedulers_tick() -> None:
    assert tick(NIGHT, jobs=LINKING) == ["nightly-linking"]
    assert (
        tick(NIGHT + timedelta(seconds=30), jobs=LINKING) == []
    )  # the same scheduler, or another one
    assert tick(NIGHT + timedelta(hours=1), jobs=LINKING) == []
    runs = waiting(nightly_linking_task.module_path)
    assert len(runs) == 1
    assert runs[0].args_kwargs["kwargs"] == {"engine": "duckdb", "book_next": False}
    # still waiting the next night (no worker ran it): not piled up
    assert tick(NIGHT + timedelta(days=1), jobs=LINKING) == []
    DBTaskResult.objects.filter(pk=runs[0].pk).update(status=TaskResultStatus.SUCCESSFUL)
    assert tick(NIGHT + timedelta(days=2), jobs=LINKING) == ["nightly-linking"]
    assert list(ScheduledRun.objects.values_list("day", flat=True).order_by("day")) == [
        date(2026, 12, 7),
        date(2026, 12, 8),
        date(2026, 12, 9),
    ]


def test_every_daily_job_is_booked_once_a_day_at_its_hour(settings) -> None:  # type: ignore[no-untyped-def]
    from fraudhub.casework.tasks import refresh_refund_deadlines_task
    from fraudhub.governance.audit_checks import daily_checkpoint_task
    from fraudhub.governance.reviews import daily_review_task
    from fraudhub.rights.retention import daily_retention_task

    settings.FRAUDHUB_RETENTION_HOUR = 2
    settings.FRAUDHUB_AUDIT_CHECKPOINT_HOUR = 3
    assert tick(NIGHT) == ["nightly-linking", "refund-deadlines", "retention"]
    assert tick(NIGHT + timedelta(minutes=5)) == []
    assert tick(NIGHT + timedelta(hours=1)) == ["audit-checkpoint"]
    assert tick(NIGHT + timedelta(hours=5)) == ["agreement-reviews"]  # 07:00, before work
    assert tick(NIGHT + timedelta(hours=5, minutes=30)) == []
    for task in (
        refresh_refund_deadlines_task,
        daily_retention_task,
        daily_checkpoint_task,
        daily_review_task,
    ):
        (booked,) = waiting(task.module_path)
        if task is not refresh_refund_deadlines_task:  # the scheduler books each day's
            assert booked.args_kwargs["kwargs"] == {"book_next": False}


def test_a_daily_run_booked_by_its_own_command_is_not_booked_again() -> None:
    from fraudhub.rights.retention import daily_retention_task, schedule_retention

    schedule_retention()
    assert "retention" not in tick(NIGHT)
    assert len(waiting(daily_retention_task.module_path)) == 1


def test_nothing_is_booked_before_the_hour_or_long_after_it() -> None:
    assert tick(NIGHT - timedelta(minutes=1), jobs=LINKING) == []
    assert tick(NIGHT + timedelta(hours=7), jobs=LINKING) == []
    assert waiting(nightly_linking_task.module_path) == []


def test_a_day_is_claimed_by_one_caller_only() -> None:
    assert claim_daily_run(job="nightly-linking", day=date(2026, 12, 7)) is True
    assert claim_daily_run(job="nightly-linking", day=date(2026, 12, 7)) is False
    assert claim_daily_run(job="nightly-linking", day=date(2026, 12, 8)) is True


def test_a_run_booked_by_link_schedule_is_not_booked_twice() -> None:
    schedule_linking()
    tick(NIGHT)
    assert len(waiting(nightly_linking_task.module_path)) == 1


def test_a_failed_booking_leaves_the_day_free_for_the_next_tick(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from fraudhub.operations import scheduler

    def broken() -> None:
        raise RuntimeError("queue unavailable")

    job = scheduler.JOBS[0]
    failing = scheduler.DailyJob(job.name, job.hour, broken, job.booked_elsewhere)
    with pytest.raises(RuntimeError):
        tick(NIGHT, jobs=(failing,))
    assert not ScheduledRun.objects.exists()
    assert tick(NIGHT, jobs=LINKING) == ["nightly-linking"]


# the worker and the command close their database connections as in production, so these
# run outside the test's transaction
@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_booked_when_none_waits_and_the_worker_records_it() -> None:
    tick(NIGHT - timedelta(hours=3))
    tick(NIGHT - timedelta(hours=3))
    booked = waiting(worker_heartbeat_task.module_path)
    assert len(booked) == 1
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert WorkerHeartbeat.objects.get().beat_at is not None
    assert waiting(worker_heartbeat_task.module_path) == []


@pytest.mark.django_db(transaction=True)
def test_the_command_books_what_is_due_now_with_once() -> None:
    call_command("scheduler", "--once")
    assert len(waiting(worker_heartbeat_task.module_path)) == 1
