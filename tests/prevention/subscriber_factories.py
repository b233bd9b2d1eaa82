"""Records for the tests of alert subscriptions and sending: published alerts (made
directly, as if approved and published) and confirmed subscribers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core import mail
from django.test import TestCase
from django.utils import timezone

from fraudhub.prevention.models import Alert, Subscription
from fraudhub.prevention.services.sending import queue_alert

LINK = re.compile(r"https?://\S+/alerts/(confirm|unsubscribe|manage)/([^/\s]+)/")


def published_alert(**overrides: Any) -> Alert:
    values: dict[str, Any] = {
        "status": Alert.Status.PUBLISHED,
        "title": "Fake parcel delivery texts",
        "looks_like": "A text saying a parcel could not be delivered, with a link.",
        "how_to_spot": "The link is not to Royal Mail's own website.",
        "what_to_do": "Do not open the link. Forward the text to 7726.",
        "drafted_by_label": "analyst",
        "approved_by_label": "senior",
        "published_at": timezone.now(),
        "whole_county": True,
        "audiences": [],
    }
    values.update(overrides)
    return Alert.objects.create(**values)


def welsh(**overrides: Any) -> dict[str, str]:
    return {
        "title_cy": "Negeseuon testun parseli ffug",
        "looks_like_cy": "Neges destun yn dweud na ellid danfon parsel.",
        "how_to_spot_cy": "Nid yw'r ddolen i wefan y Post Brenhinol.",
        "what_to_do_cy": "Peidiwch ag agor y ddolen.",
        **overrides,
    }


def subscriber(
    email: str = "ann@example.com",
    *,
    councils: Sequence[str] = (),
    audiences: Sequence[str] = (),
    language: str = "en",
    passes_on: bool = False,
    group_kind: str = "",
    confirmed: bool = True,
    unsubscribed: bool = False,
) -> Subscription:
    now = timezone.now()
    return Subscription.objects.create(
        email=email,
        whole_county=not councils,
        councils=list(councils),
        audiences=list(audiences),
        language=language,
        passes_on=passes_on,
        group_kind=group_kind,
        confirmed_at=now if confirmed else None,
        unsubscribed_at=now if unsubscribed else None,
    )


def links_in_mail(kind: str) -> list[str]:
    """The tokens of every link of `kind` ("confirm", "unsubscribe", "manage") in the
    emails sent so far, in order."""
    return [token for m in mail.outbox for k, token in LINK.findall(m.body) if k == kind]


SUBSCRIBE_FORM = {
    "email": "Ann.Smith@Example.com",
    "where": "councils",
    "councils": ["St Albans", "Watford"],
    "audiences": ["older_residents"],
    "language": "cy",
    "passes_on": "yes",
    "group_kind": "neighbourhood_watch",
}


def send_to_subscribers(alert: Alert) -> int:
    """Publish-time work as the worker would do it: the deliveries are made, and once that
    commits the sending runs (at once, with the tests' task backend)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return queue_alert(alert=alert)
