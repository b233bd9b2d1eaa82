"""Alerts go through Django's own email backends as well as ours: the console backend
(the default, which the demo writes to the worker's log) and the file backend take each
subscriber's copy built once and write it whole."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from fraudhub.prevention.models import Delivery
from fraudhub.prevention.services.sending import send_alert

from .subscriber_factories import published_alert, send_to_subscribers, subscriber

pytestmark = pytest.mark.django_db


def test_the_console_backend_writes_every_subscribers_alert(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    subscriber("ann@example.com")
    subscriber("bob@example.com")
    send_to_subscribers(published_alert(title="Fake parcel delivery texts"))
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    written = out.getvalue()
    assert "To: ann@example.com" in written and "To: bob@example.com" in written
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in written


def test_the_file_backend_writes_every_subscribers_alert(settings: Any, tmp_path: Path) -> None:
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    subscriber("ann@example.com")
    send_to_subscribers(published_alert())
    assert send_alert(alert_id=Delivery.objects.get().alert_id) == 0
    assert Delivery.objects.get().status == "sent"
    assert "To: ann@example.com" in "".join(p.read_text() for p in tmp_path.iterdir())
