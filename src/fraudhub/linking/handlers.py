"""Linking's reactions to other parts of the product."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from fraudhub.reports.events import reports_stored

from .services import link_reports
from .tasks import link_reports_task

logger = logging.getLogger(__name__)
LINK_AT_ONCE = 20


@receiver(reports_stored)
def link_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """A few reports join their clusters at once; a file's worth in the background."""
    if len(report_ids) <= LINK_AT_ONCE:
        try:
            link_reports(report_ids=report_ids)
            return
        except Exception:  # the report is stored: never fail its sender over linking
            logger.exception("Linking of reports %s failed; queued to try again", report_ids)
    link_reports_task.enqueue(report_ids=report_ids)
