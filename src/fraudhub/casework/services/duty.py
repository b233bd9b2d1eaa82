"""Telling the hub's duty address of cases that have become level 1."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails

from ..lifecycle import OPEN_VALUES
from ..models import Case, CaseEvent


def _queue_duty_email() -> None:
    from ..tasks import tell_duty_of_level_1_task  # the tasks module imports this one

    tell_duty_of_level_1_task.enqueue()


def _for_duty(case: Case) -> dict[str, object]:
    """One case for the duty email (emails/duty-level-1-*): what it is, why, when first
    contact is due, a link. No name or contact details: the case page has them, behind
    sign-in."""
    about = ", ".join(
        p
        for p in (
            f"aged {case.age}" if case.age is not None else "age not known",
            case.district,
            case.scam_type.name if case.scam_type else "",
        )
        if p
    )
    return {
        "pk": case.pk,
        "about": about,
        "reasons": list(case.triage_reasons),
        "due": case.due_date,
        "link": settings.SITE_URL + reverse("casework:case", args=[case.pk]),
    }


def tell_duty_of_level_1() -> int:
    """Email the hub's duty address about every open case that has become level 1 since
    the duty team was last told of it: one email, however many (a partner's file can bring
    hundreds at once). Each case told is marked, and noted in its history, so a case is
    told once each time it becomes level 1. Returns how many cases the email named."""
    to = settings.FRAUDHUB_DUTY_EMAIL
    if not to:
        return 0
    with transaction.atomic():
        waiting = list(
            Case.objects.filter(state__in=OPEN_VALUES, level=1)
            .filter(level_1_since__isnull=False)
            .filter(Q(duty_told_at__isnull=True) | Q(duty_told_at__lt=F("level_1_since")))
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("scam_type")
            .order_by("due_date", "pk")
        )
        if not waiting:
            return 0
        context = {"cases": [_for_duty(case) for case in waiting]}
        reference = ", ".join(f"case {case.pk}" for case in waiting)
        link = reverse("casework:case", args=[waiting[0].pk]) if len(waiting) == 1 else ""
        transaction.on_commit(
            lambda: emails.send("duty-level-1", to, context, reference=reference[:100], link=link)
        )
        now = timezone.now()
        Case.objects.filter(pk__in=[c.pk for c in waiting]).update(duty_told_at=now)
        CaseEvent.objects.bulk_create(
            CaseEvent(case=case, text="Duty team emailed: new level 1 case") for case in waiting
        )
    return len(waiting)
