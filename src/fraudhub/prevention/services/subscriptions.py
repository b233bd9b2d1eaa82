"""Subscribing to scam alerts, confirming, changing what one gets and unsubscribing.

Double opt-in: asking to subscribe stores nothing; the choices travel in a signed link
(django.core.signing) emailed to the address, which works for FRAUDHUB_ALERTS_CONFIRM_DAYS.
Only following it stores the subscription, so an address typed by someone else is never
kept or sent an alert, and asking again for an address already subscribed looks exactly the
same from outside. Unsubscribing and managing use a second signed token naming the
subscription's random key; it does not expire, so the link in any alert keeps working."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails
from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import Audience, GroupKind, Language, Subscription
from fraudhub.reports.geography import COUNCILS

CONFIRM_SALT = "fraudhub.prevention.subscription.confirm"
MANAGE_SALT = "fraudhub.prevention.subscription.manage"


@dataclass(frozen=True)
class Choices:
    """What a subscriber asks for."""

    whole_county: bool
    councils: tuple[str, ...]
    audiences: tuple[str, ...]
    language: str
    passes_on: bool
    group_kind: str

    def checked(self) -> Choices:
        """The choices with anything unknown dropped (a link is signed, but the choices in
        it were typed), councils only when not the whole county, a group only when
        passing on."""
        councils = tuple(c for c in self.councils if c in COUNCILS)
        audiences = tuple(a for a in self.audiences if a in Audience.values)
        return Choices(
            whole_county=self.whole_county or not councils,
            councils=() if self.whole_county else councils,
            audiences=audiences,
            language=self.language if self.language in Language.values else Language.ENGLISH,
            passes_on=self.passes_on,
            group_kind=self.group_kind
            if self.passes_on and self.group_kind in GroupKind.values
            else "",
        )

    @classmethod
    def of(cls, subscription: Subscription) -> Choices:
        return cls(
            whole_county=subscription.whole_county,
            councils=tuple(subscription.councils),
            audiences=tuple(subscription.audiences),
            language=subscription.language,
            passes_on=subscription.passes_on,
            group_kind=subscription.group_kind,
        )

    def fields(self) -> dict[str, Any]:
        values = asdict(self)
        values["councils"] = list(self.councils)
        values["audiences"] = list(self.audiences)
        return values


def normalised_email(email: str) -> str:
    return email.strip().lower()


def confirm_link(email: str, choices: Choices) -> str:
    token = signing.dumps(
        {"email": normalised_email(email), **choices.checked().fields()},
        salt=CONFIRM_SALT,
        compress=True,
    )
    return settings.SITE_URL + reverse("prevention:confirm", args=[token])


def manage_token(subscription: Subscription) -> str:
    return signing.dumps(str(subscription.key), salt=MANAGE_SALT)


def unsubscribe_link(token: str) -> str:
    return settings.SITE_URL + reverse("prevention:unsubscribe", args=[token])


def manage_link(token: str) -> str:
    return settings.SITE_URL + reverse("prevention:manage", args=[token])


def request_subscription(*, email: str, choices: Choices) -> str:
    """Email `email` a link to confirm the subscription `choices` describe; store nothing.
    The same for an address already subscribed (following the link changes its choices),
    so nobody can learn from the answer who subscribes. Returns the message's key."""
    return emails.send(
        "alert-subscription-confirm",
        normalised_email(email),
        {"link": confirm_link(email, choices), "days": settings.FRAUDHUB_ALERTS_CONFIRM_DAYS},
    )


def confirm_subscription(*, token: str) -> Subscription | None:
    """Store (or renew) the subscription the confirmation link carries; None when the link
    is not one we made or has expired."""
    try:
        data = signing.loads(
            token,
            salt=CONFIRM_SALT,
            max_age=timedelta(days=settings.FRAUDHUB_ALERTS_CONFIRM_DAYS),
        )
        email = normalised_email(str(data["email"]))
        choices = Choices(
            whole_county=bool(data["whole_county"]),
            councils=tuple(data["councils"]),
            audiences=tuple(data["audiences"]),
            language=str(data["language"]),
            passes_on=bool(data["passes_on"]),
            group_kind=str(data["group_kind"]),
        ).checked()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    now = timezone.now()
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(email=email).first()
        if subscription is None:
            subscription = Subscription.objects.create(
                email=email, confirmed_at=now, **choices.fields()
            )
            action = AuditEvent.Action.CREATE
        else:
            for name, value in choices.fields().items():
                setattr(subscription, name, value)
            subscription.unsubscribed_at = None
            subscription.confirmed_at = subscription.confirmed_at or now
            subscription.save(
                update_fields=[*choices.fields(), "unsubscribed_at", "confirmed_at", "updated_at"]
            )
            action = AuditEvent.Action.CHANGE
        audit.record(
            actor=None,
            action=action,
            obj=subscription,
            detail={"event": "alert subscription confirmed", **choices.fields()},
        )
    return subscription


def subscription_for(token: str) -> Subscription | None:
    """The subscription an unsubscribe or manage link names, or None."""
    try:
        key = uuid.UUID(str(signing.loads(token, salt=MANAGE_SALT)))
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return Subscription.objects.filter(key=key).first()


def unsubscribe(*, subscription: Subscription, how: str) -> None:
    """Send nothing more to `subscription` from now on, at once (`how`: "link" or
    "one-click"). Unsubscribing twice changes nothing."""
    with transaction.atomic():
        updated = Subscription.objects.filter(
            pk=subscription.pk, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=timezone.now(), updated_at=timezone.now())
        if updated:
            audit.record(
                actor=None,
                action=AuditEvent.Action.CHANGE,
                obj=subscription,
                detail={"event": "alert subscription ended", "how": how},
            )


def change_choices(*, subscription: Subscription, choices: Choices) -> Subscription:
    """Change what a confirmed subscriber gets (through their own manage link); resumes a
    subscription that was ended."""
    checked = choices.checked()
    with transaction.atomic():
        for name, value in checked.fields().items():
            setattr(subscription, name, value)
        subscription.unsubscribed_at = None
        subscription.save(update_fields=[*checked.fields(), "unsubscribed_at", "updated_at"])
        audit.record(
            actor=None,
            action=AuditEvent.Action.CHANGE,
            obj=subscription,
            detail={"event": "alert subscription changed", **checked.fields()},
        )
    return subscription
