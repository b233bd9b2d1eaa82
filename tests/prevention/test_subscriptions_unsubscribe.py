"""Every alert carries a link to unsubscribe (a page with one button) and the headers of
RFC 8058, so a mail program unsubscribes in one click with a POST that has no CSRF token
and no sign-in; the same link's owner can change what they get."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import Delivery, Subscription

from .subscriber_factories import links_in_mail, published_alert, send_to_subscribers, subscriber

pytestmark = pytest.mark.django_db


def _alert_to(subscription: Subscription) -> mail.EmailMessage:
    send_to_subscribers(published_alert())
    [message] = [m for m in mail.outbox if m.to == [subscription.email]]
    return message


def test_each_alert_carries_the_one_click_headers_and_a_link_in_its_text() -> None:
    ann = subscriber()
    message = _alert_to(ann)
    [token] = links_in_mail("unsubscribe")
    url = f"http://127.0.0.1:8000/alerts/unsubscribe/{token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [(html, _)] = message.alternatives  # type: ignore[attr-defined]
    assert url in message.body and url in html


def test_a_mail_programs_one_click_post_unsubscribes_at_once_without_csrf_or_sign_in() -> None:
    ann = subscriber()
    message = _alert_to(ann)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(
        url.removeprefix("http://127.0.0.1:8000"),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    ann.refresh_from_db()
    assert ann.unsubscribed_at is not None
    entry = AuditEvent.objects.filter(object_type="prevention.subscription").latest("id")
    assert entry.detail["how"] == "one-click"


def test_opening_the_link_shows_one_button_and_unsubscribes_only_when_pressed(
    client: Client,
) -> None:
    ann = subscriber()
    _alert_to(ann)
    [token] = links_in_mail("unsubscribe")
    page = client.get(f"/alerts/unsubscribe/{token}/")
    assert page.status_code == 200
    assert page.content.decode().count('type="submit"') == 1
    ann.refresh_from_db()
    assert ann.unsubscribed_at is None
    done = client.post(f"/alerts/unsubscribe/{token}/")
    assert "You have unsubscribed" in done.content.decode()
    ann.refresh_from_db()
    assert ann.unsubscribed_at is not None


def test_nothing_more_is_sent_after_unsubscribing(client: Client) -> None:
    ann = subscriber()
    _alert_to(ann)
    [token] = links_in_mail("unsubscribe")
    client.post(f"/alerts/unsubscribe/{token}/")
    mail.outbox.clear()
    second = published_alert(title="Fake bank calls")
    assert send_to_subscribers(second) == 0
    assert mail.outbox == []
    assert not Delivery.objects.filter(alert=second).exists()


def test_a_made_up_link_unsubscribes_nobody(client: Client) -> None:
    ann = subscriber()
    response = client.post(
        "/alerts/unsubscribe/not-a-token/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 404
    ann.refresh_from_db()
    assert ann.unsubscribed_at is None


def test_the_manage_link_changes_what_the_subscriber_gets(client: Client) -> None:
    ann = subscriber()
    _alert_to(ann)
    [token] = links_in_mail("manage")
    page = client.get(f"/alerts/manage/{token}/")
    assert "Change which scam alerts you get" in page.content.decode()
    client.post(
        f"/alerts/manage/{token}/",
        {
            "where": "councils",
            "councils": ["Dacorum"],
            "audiences": ["carers"],
            "language": "cy",
            "passes_on": "no",
        },
    )
    ann.refresh_from_db()
    assert (ann.whole_county, ann.councils, ann.audiences) == (False, ["Dacorum"], ["carers"])
    assert ann.language == "cy"
