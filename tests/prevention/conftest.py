"""Alerts as tests need them: drafted, waiting for approval or published through the
services, by a drafter and approved by a second analyst."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from fraudhub.prevention.alert_rules import Text
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.alerts import (
    AlertValues,
    approve_alert,
    draft_alert,
    submit_alert,
)
from tests.factories import staff_user

from .outreach_world import Campaign, confirmed_campaign

ENGLISH = Text(
    "Fake parcel texts",
    "A text asks for a redelivery fee",
    "The link is not the courier's website",
    "Forward it to 7726 and delete it",
)
WELSH = Text(
    "Negeseuon parsel ffug",
    "Neges destun yn gofyn am ffi",
    "Nid gwefan y cwmni yw'r ddolen",
    "Anfonwch hi ymlaen i 7726 a'i dileu",
)
NO_WELSH = Text("", "", "", "")


def alert_values(**overrides: Any) -> AlertValues:
    given: dict[str, Any] = {"english": ENGLISH, "welsh": NO_WELSH, "audiences": ["everyone"]}
    return AlertValues(**(given | overrides))


@pytest.fixture
def drafter(db: None) -> User:
    return staff_user("drafter", role="Analyst")


@pytest.fixture
def approver(db: None) -> User:
    return staff_user("approver", role="Analyst")


@pytest.fixture
def draft(drafter: User) -> Alert:
    return draft_alert(values=alert_values(), actor=drafter)


@pytest.fixture
def awaiting(draft: Alert, drafter: User) -> Alert:
    return submit_alert(alert=draft, actor=drafter)


def published_alert(drafter: User, approver: User, **overrides: Any) -> Alert:
    alert = draft_alert(values=alert_values(**overrides), actor=drafter)
    submit_alert(alert=alert, actor=drafter)
    return approve_alert(alert=alert, actor=approver)


@pytest.fixture
def published(drafter: User, approver: User) -> Alert:
    return published_alert(drafter, approver)


@pytest.fixture(autouse=True)
def _alerts_sent_without_waiting(settings) -> None:  # type: ignore[no-untyped-def]
    """Alerts go out as fast as the test runs (no pacing), and a failed message is tried
    again at once (the immediate task backend cannot run anything later)."""
    settings.FRAUDHUB_ALERTS_PER_SECOND = 0
    settings.FRAUDHUB_ALERTS_RETRY_SECONDS = 0
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = ""


@pytest.fixture
def campaign(db: None) -> Campaign:
    return confirmed_campaign()
