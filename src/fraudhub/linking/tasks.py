"""Background work for linking, run by the worker (`fraudhub db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .services import link_reports


@task()
def link_reports_task(report_ids: list[int]) -> int:
    return link_reports(report_ids=report_ids)
