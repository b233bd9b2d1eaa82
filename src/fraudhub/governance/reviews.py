"""Warning the owners of data-sharing agreements whose review date has passed: an email to
the owner organisation's staff who may manage agreements (or, if it has none, to all its
staff), once a week until the agreement is reviewed, sent by the background worker each
day. Pages show the same warning (governance.policy.reviews_overdue)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from fraudhub import emails

from . import policy
from .access import allowed
from .audit_checks import next_checkpoint_at
from .models import Organisation, SharingAgreement
from .roles import Permission

REMIND_EVERY = timedelta(days=7)
REVIEW_HOUR = 7  # UTC: before the working day


def owners_to_warn(organisation: Organisation) -> list[str]:
    """Email addresses of the owner's staff who may manage agreements, else all its staff."""
    staff = list(
        User.objects.filter(is_active=True, staff_profile__organisation=organisation).exclude(
            email=""
        )
    )
    managers = [u.email for u in staff if allowed(u, Permission.MANAGE_AGREEMENTS)]
    return sorted(set(managers or [u.email for u in staff]))


def _context(agreement: SharingAgreement, today: date) -> dict[str, object]:
    """What the warning (emails/agreement-review-overdue-*) says about the agreement."""
    return {
        "title": agreement.title,
        "review_on": agreement.review_on,
        "days": (today - agreement.review_on).days,
        "owner": agreement.owner.name,
    }


def warn_overdue_reviews(today: date | None = None) -> list[SharingAgreement]:
    """Email the owners of every agreement whose review is overdue and who were not warned
    in the last week; return the agreements they were warned about."""
    day = today or policy.today()
    due = policy.reviews_overdue(None, day).filter(
        Q(review_warned_on__isnull=True) | Q(review_warned_on__lte=day - REMIND_EVERY)
    )
    warned: list[SharingAgreement] = []
    for agreement in due:
        recipients = owners_to_warn(agreement.owner)
        if not recipients:
            continue
        emails.send(
            "agreement-review-overdue",
            recipients,
            _context(agreement, day),
            reference=f"agreement {agreement.title}",
        )
        SharingAgreement.objects.filter(pk=agreement.pk).update(review_warned_on=day)
        warned.append(agreement)
    return warned


@task()
def daily_review_task(book_next: bool = True) -> dict[str, object]:
    """Warn about overdue reviews, then book tomorrow's run (unless `fraudhub scheduler`
    books each day's, which passes book_next=False)."""
    warned = warn_overdue_reviews()
    if book_next:
        schedule_reviews()
    return {"warned": [a.pk for a in warned]}


def schedule_reviews() -> datetime | None:
    """Book the next daily run, or None if the task backend cannot run work later."""
    if not daily_review_task.get_backend().supports_defer:
        return None
    when = next_checkpoint_at(timezone.now(), REVIEW_HOUR)
    daily_review_task.using(run_after=when).enqueue()
    return when
