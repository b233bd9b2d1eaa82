"""An alert's words reach feed readers and partners' websites as the words drafted: the
feed's summary is HTML, so markup typed in an alert is shown as text, never run, and a
stray control character pasted into an alert does not break the feed for everyone."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.prevention.alert_rules import Text

from .conftest import published_alert

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _summary(client: Client) -> str:
    response = client.get("/alerts/feed/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None and summary.get("type") == "html"
    return summary.text or ""


def test_markup_in_an_alert_is_escaped_in_the_feeds_html_summary(
    client: Client, drafter: User, approver: User
) -> None:
    published_alert(
        drafter,
        approver,
        english=Text(
            "Fake <b>bank</b> calls",
            'The caller says <img src=x onerror="alert(1)"> is your bank',
            "They ask you to move money & keep it secret",
            "Hang up",
        ),
    )
    summary = _summary(client)
    assert "<img" not in summary
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in summary
    assert "move money &amp; keep it secret" in summary


def test_a_control_character_in_an_alert_does_not_break_the_feed(
    client: Client, drafter: User, approver: User
) -> None:
    published_alert(
        drafter,
        approver,
        english=Text("Fake\x0b parcel texts", "A text\x1b asks for a fee", "Spot", "Do"),
    )
    summary = _summary(client)
    assert "A text asks for a fee" in summary
