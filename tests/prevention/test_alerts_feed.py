"""The Atom feed of published alerts: what feed readers and partners' websites read."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fraudhub.prevention.alert_rules import Text
from fraudhub.prevention.models import Alert

from .conftest import published_alert

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_each_published_alert_newest_first(
    client: Client, drafter: User, approver: User
) -> None:
    older = published_alert(
        drafter, approver, english=Text("Older alert", "Looks", "Spot", "Do this")
    )
    Alert.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=2))
    newer = published_alert(drafter, approver)
    response = client.get("/alerts/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.tag == f"{ATOM}feed"
    assert "Scam alerts from Hertfordshire Fraud Hub" in feed.findtext(f"{ATOM}title", "")
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [newer.title, older.title]
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == f"urn:uuid:{newer.public_id}"
    link = first.find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(f"/alerts/{newer.public_id}/")
    summary = first.findtext(f"{ATOM}summary", "")
    assert "How to spot it:" in summary and newer.what_to_do in summary


def test_the_feed_takes_no_post(client: Client) -> None:
    assert client.post("/alerts/feed/").status_code == 405


def test_the_public_list_points_feed_readers_to_the_feed(client: Client) -> None:
    page = client.get("/alerts/").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert 'href="/alerts/feed/"' in page
