"""Background work for warnings to people at risk, run by the worker (`fraudhub
db_worker`)."""

from __future__ import annotations

from django_tasks import task

from fraudhub.prevention.services.warnings import send_batch


@task()
def send_warning_batch_task(batch_id: int) -> int:
    """Send an approved batch of warnings; returns how many were sent."""
    return send_batch(batch_id=batch_id)
