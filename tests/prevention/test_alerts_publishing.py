"""Publishing: approval publishes the alert, and `alert_published` (which subscriptions
listen to) is sent exactly once, only after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from fraudhub.prevention.events import alert_published
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services import alerts as services
from fraudhub.prevention.services.alerts import AlertRefused, approve_alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard() -> Any:
    received: list[Alert] = []

    def listener(sender: type, alert: Alert, **kwargs: Any) -> None:
        received.append(alert)

    alert_published.connect(listener, weak=False)
    yield received
    alert_published.disconnect(listener)


def test_the_signal_is_sent_once_and_only_after_the_commit(
    awaiting: Alert,
    approver: User,
    heard: list[Alert],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve_alert(alert=awaiting, actor=approver)
        assert heard == [], "not before the commit"
    assert len(heard) == 1
    assert heard[0].pk == awaiting.pk
    assert heard[0].status == Alert.Status.PUBLISHED
    assert len(callbacks) >= 1


def test_no_signal_when_the_transaction_is_rolled_back(
    awaiting: Alert,
    approver: User,
    heard: list[Alert],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                approve_alert(alert=awaiting, actor=approver)
                raise RuntimeError("the request failed after approving")
        except RuntimeError:
            pass
    assert heard == []
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL


def test_approving_twice_publishes_and_announces_once(
    awaiting: Alert,
    approver: User,
    heard: list[Alert],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        approve_alert(alert=awaiting, actor=approver)
        with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
            approve_alert(alert=awaiting, actor=approver)
    assert len(heard) == 1


def test_a_draft_cannot_be_approved_without_being_sent_for_approval(
    draft: Alert, approver: User
) -> None:
    with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
        approve_alert(alert=draft, actor=approver)


def test_of_two_approvals_at_once_only_one_publishes_and_announces(
    awaiting: Alert,
    approver: User,
    heard: list[Alert],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The second approval read the alert while it still waited (no row lock on SQLite)."""
    stale = Alert.objects.get(pk=awaiting.pk)
    with django_capture_on_commit_callbacks(execute=True):
        approve_alert(alert=awaiting, actor=approver)
        monkeypatch.setattr(services, "_locked", lambda alert, step, actor: stale)
        with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
            approve_alert(alert=awaiting, actor=approver)
    assert len(heard) == 1
