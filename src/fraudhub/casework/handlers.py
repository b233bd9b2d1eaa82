"""Casework's reactions to other parts of the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from fraudhub.reports.events import (
    FirstContact,
    first_contact_asked,
    information_added,
    now_or_in_background,
    reports_stored,
)
from fraudhub.reports.models import Report

from .selectors import first_contact_for
from .services import note_new_information, triage_reports
from .tasks import triage_reports_task


@receiver(reports_stored)
def triage_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Every stored or changed report is triaged: a few at once, so the case is in the
    queue as soon as the report is, and a file's worth in the background."""
    now_or_in_background(
        report_ids, now=triage_reports, background=triage_reports_task, what="Triage"
    )


@receiver(first_contact_asked)
def answer_first_contact(sender: object, report: Report, **kwargs: Any) -> FirstContact | None:
    """When the reporter will hear from the hub: the confirmation page promises it."""
    return first_contact_for(report)


@receiver(information_added)
def tell_team_of_new_information(
    sender: object, report_id: int, addition_id: int, **kwargs: Any
) -> None:
    """The reporter added information: flag the case and tell its case manager."""
    note_new_information(report_id=report_id, addition_id=addition_id)
