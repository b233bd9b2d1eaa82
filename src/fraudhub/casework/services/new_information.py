"""Information the reporter adds to a report: its cases are flagged on the queue and
the team is emailed, until someone opens the case."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from fraudhub import emails
from fraudhub.reports.models import ReportAddition

from ..models import Case, CaseEvent


def _team_addresses(case: Case) -> list[str]:
    """Who hears of new information: the case manager assigned, else the hub's team at its
    duty address, else (with no duty address set) everyone in the team."""
    if case.assigned_to is not None and case.assigned_to.is_active and case.assigned_to.email:
        return [case.assigned_to.email]
    if settings.FRAUDHUB_DUTY_EMAIL:
        return [settings.FRAUDHUB_DUTY_EMAIL]
    return sorted(
        set(
            User.objects.filter(staff_profile__organisation=case.team, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def note_new_information(*, report_id: int, addition_id: int) -> list[Case]:
    """The reporter added information or evidence: each case of the report is flagged on
    the queue ("new information") and its case manager (or the team) is emailed."""
    addition = ReportAddition.objects.select_related("report").get(pk=addition_id)
    report = addition.report
    cases = list(Case.objects.filter(reports__pk=report_id).select_related("assigned_to", "team"))
    for case in cases:
        with transaction.atomic():
            Case.objects.filter(pk=case.pk).update(new_information_at=addition.at)
            CaseEvent.objects.create(
                case=case, text=f"New information from the reporter on {report.reference}"
            )
        recipients = _team_addresses(case)
        if not recipients:
            continue
        link = reverse("casework:case", args=[case.pk])
        emails.send(
            "new-information",
            recipients,
            {
                "case_id": case.pk,
                "reference": report.reference,
                "files": addition.files.count(),
                "case_url": f"{settings.SITE_URL}{link}",
            },
            reference=f"case {case.pk}",
            link=link,
        )
    return cases


def information_seen(*, case: Case) -> None:
    """Someone on the team opened the case page: its new information has been seen."""
    if case.new_information_at is None:
        return
    Case.objects.filter(pk=case.pk).update(new_information_at=None)
    case.new_information_at = None
