"""What is not sent once it is queued: the rest of an alert withdrawn while it goes out,
and an alert to someone who unsubscribed after it was queued (unsubscribing works at once,
not after a sending of a hundred thousand messages ends). Their rows say "Not sent"."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import TestCase

from fraudhub.prevention.models import Alert, Delivery
from fraudhub.prevention.services.alerts import withdraw_alert
from fraudhub.prevention.services.sending import queue_alert, send_alert
from fraudhub.prevention.services.subscriptions import unsubscribe
from tests.factories import staff_user

from .subscriber_factories import published_alert, subscriber

pytestmark = pytest.mark.django_db


def _queued(alert: Alert) -> None:
    """Deliveries made, the sending not yet run (as when the worker is busy or retrying)."""
    with TestCase.captureOnCommitCallbacks(execute=False):
        queue_alert(alert=alert)


def test_an_alert_withdrawn_before_it_is_sent_reaches_nobody(settings: Any) -> None:
    subscriber("ann@example.com")
    subscriber("bob@example.com")
    alert = published_alert()
    _queued(alert)
    withdraw_alert(alert=alert, reason="Sent in error", actor=staff_user(role="Analyst"))
    assert send_alert(alert_id=alert.pk) == 0
    assert mail.outbox == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"cancelled"}


def test_an_alert_withdrawn_by_another_path_is_still_not_sent() -> None:
    subscriber("ann@example.com")
    alert = published_alert()
    _queued(alert)
    Alert.objects.filter(pk=alert.pk).update(status=Alert.Status.WITHDRAWN)
    assert send_alert(alert_id=alert.pk) == 0
    assert mail.outbox == []
    assert Delivery.objects.get().status == "cancelled"


def test_someone_who_unsubscribes_after_the_alert_is_queued_does_not_get_it() -> None:
    subscriber("ann@example.com")
    bob = subscriber("bob@example.com")
    alert = published_alert()
    _queued(alert)
    unsubscribe(subscription=bob, how="one-click")
    assert send_alert(alert_id=alert.pk) == 1
    assert [m.to[0] for m in mail.outbox] == ["ann@example.com"]
    assert Delivery.objects.get(subscription=bob).status == "cancelled"
    assert Delivery.objects.get(subscription=bob).sent_at is None
