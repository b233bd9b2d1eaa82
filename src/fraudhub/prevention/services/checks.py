"""Prevention's writes for "check before you pay": publishing and withdrawing identifiers,
counting look-ups, keeping unmatched values for 30 days, and owners' review requests.
Each function validates, saves and writes its audit entry in one transaction."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from fraudhub import emails
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import Cluster
from fraudhub.prevention.checking import CHECK_KINDS, KIND_NOUNS, CheckAnswer, display, read
from fraudhub.prevention.models import (
    CheckCount,
    CheckResult,
    PublishedIdentifier,
    ReviewRequest,
    UnmatchedCheck,
)

UNMATCHED_KEPT_DAYS = 30


class PublishingError(ValueError):
    """Why an identifier cannot be published or withdrawn, in words for the analyst."""


def _label(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _save_changes(record: Model, **changes: object) -> None:
    """Set these fields of a record that exists and save only them."""
    for name, value in changes.items():
        setattr(record, name, value)
    record.save(update_fields=list(changes))


def publish_identifier(
    *, actor: Actor, kind: str, typed: str, reason: str, cluster_id: int | None = None
) -> PublishedIdentifier:
    """Approve an identifier for the public to check: normalised as reports are, once at a
    time (a withdrawn one may be published again), with who approved it and why."""
    user = signed_in(actor)
    if user is None:
        raise PublishingError("Sign in to publish an identifier")
    if kind not in CHECK_KINDS:
        raise PublishingError("Only phone numbers, websites, email addresses and bank accounts")
    reading = read(kind, typed)
    if reading.value is None:
        raise PublishingError(reading.problem)
    if not reason.strip():
        raise PublishingError("Enter why the public may be told of it")
    cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id else None
    with transaction.atomic():
        if PublishedIdentifier.objects.filter(
            kind=kind, value=reading.value, withdrawn_at__isnull=True
        ).exists():
            raise PublishingError(f"{display(kind, reading.value)} is already published")
        try:
            with transaction.atomic():
                published = PublishedIdentifier.objects.create(
                    kind=kind,
                    value=reading.value,
                    display=display(kind, reading.value),
                    reason=reason.strip(),
                    cluster=cluster,
                    approved_by=user,
                    approved_by_label=_label(user),
                    approved_at=timezone.now(),
                )
        except IntegrityError as exc:  # published by someone else a moment ago
            raise PublishingError(f"{display(kind, reading.value)} is already published") from exc
        audit.record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=published,
            detail={
                "published": "for checking",
                "kind": kind,
                "reason": published.reason,
                "cluster": cluster.pk if cluster else None,
            },
        )
    return published


def withdraw_identifier(
    *, actor: Actor, published: PublishedIdentifier, reason: str
) -> PublishedIdentifier:
    """Stop the public seeing an identifier at once, keeping who withdrew it, when, why."""
    user = signed_in(actor)
    if user is None:
        raise PublishingError("Sign in to withdraw an identifier")
    if not reason.strip():
        raise PublishingError("Enter why it is withdrawn")
    with transaction.atomic():
        locked = PublishedIdentifier.objects.select_for_update().get(pk=published.pk)
        if locked.withdrawn_at is not None:
            raise PublishingError(f"{locked.display} was already withdrawn")
        _save_changes(
            locked,
            withdrawn_by=user,
            withdrawn_by_label=_label(user),
            withdrawn_at=timezone.now(),
            withdrawal_reason=reason.strip(),
        )
        audit.record(
            actor=user,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            detail={"withdrawn": "from checking", "reason": locked.withdrawal_reason},
        )
    return locked


# --- look-ups --------------------------------------------------------------------------


def checker_key(client_address: str) -> str:
    """A keyed hash of a client address: tells people apart across the 30 days a value is
    kept (one address checking on three days is one person, not three), and cannot be
    turned back into the address without the site's secret key. It goes with the rows it
    is kept on, after 30 days."""
    return salted_hmac(
        "fraudhub.prevention.checker", client_address, algorithm="sha256"
    ).hexdigest()


def result_of(answer: CheckAnswer) -> str:
    if not answer.readable:
        return CheckResult.UNREADABLE
    return CheckResult.MATCH if answer.published_match else CheckResult.NO_MATCH


def record_check(*, answer: CheckAnswer, client_address: str, today: date | None = None) -> str:
    """Count a look-up by kind and result (no value); keep an unmatched value with a
    keyed hash of who checked it, for the early signs of a new scam. No audit entry: the
    public's look-ups hold nobody's personal data, and the counts are their record."""
    day = today or timezone.localdate()
    result = result_of(answer)
    with transaction.atomic():
        counted = CheckCount.objects.filter(day=day, kind=answer.kind, result=result)
        if not counted.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    CheckCount.objects.create(day=day, kind=answer.kind, result=result, count=1)
            except IntegrityError:  # the day's first look-up was counted by another request
                counted.update(count=F("count") + 1)
        if result == CheckResult.NO_MATCH and answer.normalised:
            UnmatchedCheck.objects.bulk_create(
                [
                    UnmatchedCheck(
                        kind=answer.kind,
                        value=answer.normalised,
                        checker=checker_key(client_address),
                        day=day,
                    )
                ],
                ignore_conflicts=True,
            )
    return result


def purge_unmatched_checks(*, today: date | None = None) -> int:
    """Delete the unmatched values checked more than 30 days ago; returns how many rows."""
    day = today or timezone.localdate()
    removed, _ = UnmatchedCheck.objects.filter(
        day__lt=day - timedelta(days=UNMATCHED_KEPT_DAYS)
    ).delete()
    return removed


# --- owners' requests for review -------------------------------------------------------


def request_review(*, name: str, contact: str, kind: str, typed: str, reason: str) -> ReviewRequest:
    """Keep an owner's request to review a published identifier and email the hub's duty
    address about it. The request is accepted whether or not the value is published, and
    the owner is told the same either way."""
    reading = read(kind, typed)
    if reading.value is None:
        raise PublishingError(reading.problem)
    with transaction.atomic():
        published = PublishedIdentifier.objects.filter(
            kind=kind, value=reading.value, withdrawn_at__isnull=True
        ).first()
        made = ReviewRequest.objects.create(
            name=name.strip(),
            contact=contact.strip(),
            kind=kind,
            typed=typed.strip()[:300],
            value=reading.value,
            reason=reason.strip(),
            published=published,
        )
        audit.record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            obj=made,
            detail={"kind": kind, "published": published.pk if published else None},
        )
        to = settings.FRAUDHUB_DUTY_EMAIL or settings.FRAUDHUB_HUB_EMAIL
        link = reverse("prevention_staff:review_request", args=[made.pk])
        context = {
            "noun": KIND_NOUNS.get(kind, kind),
            "value": display(kind, reading.value),
            "published": published is not None,
            "link": settings.SITE_URL + link,
        }
        transaction.on_commit(
            lambda: emails.send(
                "prevention-review-request",
                to,
                context,
                reference=made.audit_label,
                link=link,
            )
        )
    return made


def decide_review(
    *, actor: Actor, request: ReviewRequest, withdraw: bool, reason: str
) -> ReviewRequest:
    """An analyst's decision on a review request: withdraw the identifier from checking
    (with the reason) or keep it published; either way the decision is kept and audited."""
    user = signed_in(actor)
    if user is None:
        raise PublishingError("Sign in to decide a review request")
    if not reason.strip():
        raise PublishingError("Enter the reason for your decision")
    with transaction.atomic():
        locked = ReviewRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != ReviewRequest.Status.OPEN:
            raise PublishingError("This request has already been decided")
        published = PublishedIdentifier.objects.filter(
            kind=locked.kind, value=locked.value, withdrawn_at__isnull=True
        ).first()
        if withdraw:
            if published is None:
                raise PublishingError("It is not published now, so there is nothing to withdraw")
            withdraw_identifier(actor=user, published=published, reason=reason)
        _save_changes(
            locked,
            status=ReviewRequest.Status.WITHDRAWN if withdraw else ReviewRequest.Status.KEPT,
            decided_by=user,
            decided_by_label=_label(user),
            decided_at=timezone.now(),
            decision_reason=reason.strip(),
        )
        audit.record(
            actor=user,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            detail={"decision": locked.status, "reason": locked.decision_reason},
        )
    return locked
