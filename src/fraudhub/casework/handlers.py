"""Casework's reactions to other parts of the product."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from fraudhub.reports.events import reports_stored

from .services import triage_reports
from .tasks import triage_reports_task

logger = logging.getLogger(__name__)
TRIAGE_AT_ONCE = 20  # a few reports (a web form, a phone call) are triaged straight away


@receiver(reports_stored)
def triage_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Every stored or changed report is triaged: a few at once, so the case is in the queue
    as soon as the report is, and a file's worth in the background."""
    if len(report_ids) <= TRIAGE_AT_ONCE:
        try:
            triage_reports(report_ids=report_ids)
            return
        except Exception:  # the report is stored: never fail its sender over triage
            logger.exception("Triage of reports %s failed; queued to try again", report_ids)
    triage_reports_task.enqueue(report_ids=report_ids)
