"""Warning the owners of data-sharing agreements whose review date has passed: an email to
the owner organisation's staff who may manage agreements (or, if it has none, to all its
staff), once a week until the agreement is reviewed, sent by the background worker each
day. Pages show the same warning (governance.policy.reviews_overdue)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

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


def _message(agreement: SharingAgreement, today: date) -> str:
    days = (today - agreement.review_on).days
    return (
        f'The review date of the data-sharing agreement "{agreement.title}" was '
        f"{agreement.review_on:%-d %B %Y} ({days} day{'s' if days != 1 else ''} ago).\n\n"
        f"{agreement.owner.name} owns it. Check that it is still needed and still right, "
        "then record the next review date on its page in Fraud Hub (Agreements). Until "
        "then, it still shares what it says.\n"
    )


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
        send_mail(
            subject=f"Review overdue: data-sharing agreement {agreement.title}"[:150],
            message=_message(agreement, day),
            from_email=None,
            recipient_list=recipients,
        )
        SharingAgreement.objects.filter(pk=agreement.pk).update(review_warned_on=day)
        warned.append(agreement)
    return warned


@task()
def daily_review_task() -> dict[str, object]:
    """Warn about overdue reviews, then book tomorrow's run."""
    warned = warn_overdue_reviews()
    schedule_reviews()
    return {"warned": [a.pk for a in warned]}


def schedule_reviews() -> datetime | None:
    """Book the next daily run, or None if the task backend cannot run work later."""
    if not daily_review_task.get_backend().supports_defer:
        return None
    when = next_checkpoint_at(timezone.now(), REVIEW_HOUR)
    daily_review_task.using(run_after=when).enqueue()
    return when
