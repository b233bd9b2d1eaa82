"""Background work for casework, run by the worker (`fraudhub db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import triage_reports


@task()
def triage_reports_task(report_ids: list[int]) -> int:
    """Triage the victims of newly stored or changed reports; returns how many cases."""
    return len(triage_reports(report_ids=report_ids))
