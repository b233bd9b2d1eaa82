"""Casework's reactions to other parts of the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from fraudhub.linking.events import people_regrouped, reports_linked
from fraudhub.reports.events import (
    FirstContact,
    first_contact_asked,
    information_added,
    now_or_in_background,
)
from fraudhub.reports.models import Report

from .selectors import first_contact_for
from .services import note_new_information, retriage_victims, triage_reports
from .tasks import triage_reports_task


@receiver(reports_linked)
def triage_stored_reports(sender: object, report_ids: list[int], **kwargs: Any) -> None:
    """Every stored or changed report is triaged once linking has placed it (or tried
    to), so the repeat-victim rule sees its victim's earlier reports at once: a few at
    once, so the case is in the queue as soon as the report is, and a file's worth in
    the background."""
    now_or_in_background(
        report_ids, now=triage_reports, background=triage_reports_task, what="Triage"
    )


@receiver(people_regrouped)
def retriage_regrouped_victims(
    sender: object, person_ids: list[int], why: str = "", **kwargs: Any
) -> int:
    """A victim's people group changed: the repeat-victim rule counts the group's reports,
    so their cases are triaged again. Answers how many cases."""
    return retriage_victims(person_ids=person_ids, why=why)


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
