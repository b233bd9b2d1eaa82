"""Casework's reactions to other parts of the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from fraudhub.reports.events import reports_stored

from .tasks import triage_reports_task


@receiver(reports_stored)
def triage_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Every stored or changed report is triaged in the background."""
    triage_reports_task.enqueue(report_ids=report_ids)
