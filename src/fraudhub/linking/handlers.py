"""Linking's reactions to other parts of the product."""

from __future__ import annotations

import logging
from typing import Any

from django.dispatch import receiver

from fraudhub.governance.access import Actor
from fraudhub.reports.events import AT_ONCE, KnownBefore, known_before_asked, reports_stored
from fraudhub.reports.inputs import ReportSubmission

from .events import announce_linked, announce_regrouped
from .known import known_before_for
from .persons.services import SAME_PERSON
from .services import link_arrivals
from .tasks import link_arrivals_task

logger = logging.getLogger(__name__)


@receiver(reports_stored)
def link_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Stored reports join the clusters of reports sharing a scammer's identifier, and
    their victims the groups of people already known, then `reports_linked` is announced
    so triage sees the links. A few reports (a web form, a phone call) are linked at once;
    a file's worth in the background worker."""
    if len(report_ids) > AT_ONCE:
        link_arrivals_task.enqueue(report_ids=report_ids, announce=True)
        return
    link_and_announce(report_ids, retry_later=True)


def link_and_announce(report_ids: list[int], *, retry_later: bool) -> None:
    """Link these reports and announce them linked. Announced even if linking fails, so
    triage is never lost; the linking is then queued to try again (`retry_later`), and
    triage runs again when it changes someone's group."""
    try:
        announce_regrouped(link_arrivals(report_ids=report_ids), why=SAME_PERSON)
    except Exception:
        logger.exception("Linking of reports %s failed", report_ids)
        if retry_later:
            link_arrivals_task.enqueue(report_ids=report_ids, announce=False)
    announce_linked(report_ids)


@receiver(known_before_asked)
def answer_known_before(
    sender: object, user: Actor, submission: ReportSubmission, **kwargs: Any
) -> KnownBefore:
    """What the hub knows already of a report being typed (phone entry shows it)."""
    return known_before_for(user, submission)
