"""Nothing unpublished is ever reachable by the public: a draft, an alert waiting for
approval and a withdrawn one are on no list, in no feed, and their pages and posters show
nothing of them. Published alerts are listed newest first and filtered by council and
audience; a filter nobody could have chosen never breaks the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fraudhub.prevention.alert_rules import Text
from fraudhub.prevention.models import Alert, PublishedIdentifier
from fraudhub.prevention.services.alerts import draft_alert, submit_alert, withdraw_alert
from fraudhub.reports.models import ScamType

from .conftest import alert_values, published_alert

pytestmark = pytest.mark.django_db


def _titled(title: str) -> Text:
    return Text(title, "It looks like this", "Spot it like this", "Do this")


def test_drafts_alerts_waiting_and_withdrawn_alerts_are_never_public(
    client: Client, drafter: User, approver: User
) -> None:
    draft = draft_alert(values=alert_values(english=_titled("Secret draft")), actor=drafter)
    waiting = submit_alert(
        alert=draft_alert(values=alert_values(english=_titled("Secret waiting")), actor=drafter),
        actor=drafter,
    )
    withdrawn = withdraw_alert(
        alert=published_alert(drafter, approver, english=_titled("Secret withdrawn")),
        reason="Wrong",
        actor=approver,
    )
    published_alert(drafter, approver, english=_titled("Public alert"))
    listing = client.get("/alerts/").content.decode()
    feed = client.get("/alerts/feed/").content.decode()
    assert "Public alert" in listing and "Public alert" in feed
    for alert in (draft, waiting, withdrawn):
        assert alert.title not in listing
        assert alert.title not in feed
        assert str(alert.public_id) not in listing + feed
        for path in (f"/alerts/{alert.public_id}/", f"/alerts/{alert.public_id}/poster/"):
            response = client.get(path)
            assert response.status_code == (410 if alert is withdrawn else 404), path
            assert alert.title not in response.content.decode()
            assert client.get(path + "?lang=cy").status_code == response.status_code


def test_an_address_that_is_not_an_alert_is_not_found(client: Client) -> None:
    for path in ("/alerts/not-a-uuid/", "/alerts/00000000-0000-0000-0000-000000000000/poster/"):
        assert client.get(path).status_code == 404


def test_published_alerts_are_newest_first(client: Client, drafter: User, approver: User) -> None:
    older = published_alert(drafter, approver, english=_titled("Older alert"))
    newer = published_alert(drafter, approver, english=_titled("Newer alert"))
    Alert.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    page = client.get("/alerts/").content.decode()
    assert page.index(newer.title) < page.index(older.title)


def test_filters_by_council_and_audience_keep_county_wide_and_everyone_alerts(
    client: Client, drafter: User, approver: User
) -> None:
    published_alert(drafter, approver, english=_titled("Across the county"))
    published_alert(
        drafter,
        approver,
        english=_titled("Only Watford carers"),
        whole_county=False,
        councils=["Watford"],
        audiences=["carers"],
    )
    published_alert(
        drafter,
        approver,
        english=_titled("Only Dacorum businesses"),
        whole_county=False,
        councils=["Dacorum"],
        audiences=["businesses"],
    )
    watford = client.get("/alerts/", {"council": "Watford"}).content.decode()
    assert "Across the county" in watford and "Only Watford carers" in watford
    assert "Only Dacorum businesses" not in watford
    businesses = client.get("/alerts/", {"audience": "businesses"}).content.decode()
    assert "Only Dacorum businesses" in businesses and "Across the county" in businesses
    assert "Only Watford carers" not in businesses
    both = client.get("/alerts/", {"council": "Watford", "audience": "businesses"})
    assert "Across the county" in both.content.decode()
    assert "Only" not in both.content.decode().split('id="alerts"')[1].split("</ul>")[0]
    odd = client.get("/alerts/", {"council": "<script>", "audience": "x" * 500, "page": "9z"})
    assert odd.status_code == 200
    assert "Only Dacorum businesses" in odd.content.decode()


def test_a_published_alert_names_only_identifiers_still_published(
    client: Client, drafter: User, approver: User
) -> None:
    now = timezone.now()
    kept, later_withdrawn = (
        PublishedIdentifier.objects.create(
            kind="phone",
            value=value,
            display=value,
            reason="Reported",
            approved_by_label="a",
            approved_at=now,
        )
        for value in ("01632 960111", "01632 960222")
    )
    alert = published_alert(drafter, approver, identifiers=[kept, later_withdrawn])
    PublishedIdentifier.objects.filter(pk=later_withdrawn.pk).update(withdrawn_at=now)
    page = client.get(f"/alerts/{alert.public_id}/").content.decode()
    assert "01632 960111" in page
    assert "01632 960222" not in page


def test_the_poster_has_the_three_sections_and_the_hubs_phone_and_website(
    client: Client, published: Alert, settings: object
) -> None:
    page = client.get(f"/alerts/{published.public_id}/poster/").content.decode()
    for words in (
        published.title,
        "What it looks like",
        "How to spot it",
        "What to do",
        published.what_to_do,
        "01632 960 001",
        "http://127.0.0.1:8000/alerts/",
    ):
        assert words in page


def test_the_list_and_the_feed_read_the_same_few_queries_however_many_alerts(
    client: Client, drafter: User, approver: User
) -> None:
    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, {"council": "Watford"}).status_code == 200
        return len(captured)

    scam_type = ScamType.objects.first()
    published_alert(drafter, approver, scam_type=scam_type)
    few = (queries("/alerts/"), queries("/alerts/feed/"))
    for _ in range(6):
        published_alert(drafter, approver, scam_type=scam_type)
    assert (queries("/alerts/"), queries("/alerts/feed/")) == few


def test_every_page_links_residents_to_the_scam_alerts(client: Client) -> None:
    for path in ("/report/", "/track/", "/alerts/"):
        assert 'href="/alerts/">Scam alerts</a>' in client.get(path).content.decode()
