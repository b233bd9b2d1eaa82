"""Linking's reactions to other parts of the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from fraudhub.reports.events import now_or_in_background, reports_stored

from .services import link_reports
from .tasks import link_reports_task


@receiver(reports_stored)
def link_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Stored reports join the clusters of reports sharing a scammer's identifier."""
    now_or_in_background(report_ids, now=link_reports, background=link_reports_task, what="Linking")
