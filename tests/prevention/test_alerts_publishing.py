"""Publishing: approval publishes the alert, and `alert_published` (which subscriptions
listen to) is sent exactly once, only after the transaction commits."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction

from fraudhub.prevention.events import alert_published
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services import alerts as services
from fraudhub.prevention.services.alerts import AlertRefused, approve_alert

pytestmark = pytest.mark.django_db


@dataclass
class Publishing:
    alert: Alert  # waiting for approval
    approver: User
    heard: list[Alert]  # every alert `alert_published` announced
    commits: Callable[..., Any]  # a block whose on-commit work runs at its end

    def approve(self) -> Alert:
        return approve_alert(alert=self.alert, actor=self.approver)


@pytest.fixture
def publishing(
    awaiting: Alert, approver: User, django_capture_on_commit_callbacks: Callable[..., Any]
) -> Iterator[Publishing]:
    received: list[Alert] = []

    def listener(sender: type, alert: Alert, **kwargs: Any) -> None:
        received.append(alert)

    alert_published.connect(listener, weak=False)
    yield Publishing(awaiting, approver, received, django_capture_on_commit_callbacks)
    alert_published.disconnect(listener)


def test_the_signal_is_sent_once_and_only_after_the_commit(publishing: Publishing) -> None:
    with publishing.commits(execute=True):
        publishing.approve()
        assert publishing.heard == [], "not before the commit"
    assert len(publishing.heard) == 1
    assert publishing.heard[0].pk == publishing.alert.pk
    assert publishing.heard[0].status == Alert.Status.PUBLISHED


def test_no_signal_when_the_transaction_is_rolled_back(publishing: Publishing) -> None:
    with publishing.commits(execute=True):
        try:
            with transaction.atomic():
                publishing.approve()
                raise RuntimeError("the request failed after approving")
        except RuntimeError:
            pass
    assert publishing.heard == []
    publishing.alert.refresh_from_db()
    assert publishing.alert.status == Alert.Status.AWAITING_APPROVAL


def test_approving_twice_publishes_and_announces_once(publishing: Publishing) -> None:
    with publishing.commits(execute=True):
        publishing.approve()
        with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
            publishing.approve()
    assert len(publishing.heard) == 1


def test_of_two_approvals_at_once_only_one_publishes_and_announces(
    publishing: Publishing, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second approval read the alert while it still waited (no row lock on SQLite)."""
    stale = Alert.objects.get(pk=publishing.alert.pk)
    with publishing.commits(execute=True):
        publishing.approve()
        monkeypatch.setattr(services, "_locked", lambda alert, step, actor: stale)
        with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
            publishing.approve()
    assert len(publishing.heard) == 1


def test_a_draft_cannot_be_approved_without_being_sent_for_approval(
    draft: Alert, approver: User
) -> None:
    with pytest.raises(AlertRefused, match="Only an alert waiting for approval"):
        approve_alert(alert=draft, actor=approver)
