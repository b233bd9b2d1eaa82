"""Background work of running the service, run by `fraudhub db_worker`."""

from __future__ import annotations

from django_tasks import task

from .services import record_heartbeat


@task()
def worker_heartbeat_task() -> str:
    """Prove the queue moves: the scheduler books this every minute and /readyz/ reads when
    a worker last ran it."""
    return record_heartbeat().isoformat()
