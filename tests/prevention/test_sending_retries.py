"""A message the email backend refuses is tried again after a wait that doubles, up to
FRAUDHUB_ALERTS_ATTEMPTS tries; each delivery's status, tries, last error (address masked)
and time sent are kept, and staff at the hub read the log with masked addresses only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from smtplib import SMTPRecipientsRefused
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from fraudhub.emails import Message
from fraudhub.prevention.models import Delivery
from fraudhub.prevention.services.sending import send_alert
from tests.factories import sign_in, staff_user

from .subscriber_factories import published_alert, send_to_subscribers, subscriber

pytestmark = pytest.mark.django_db


class Refusing(EmailBackend):
    """Refuses the addresses in `refused` the first `times` times each is tried."""

    refused: dict[str, int] = {}

    def send_messages(self, email_messages: Sequence[Message]) -> int:
        for message in email_messages:
            [address] = message.to
            if Refusing.refused.get(address, 0) > 0:
                Refusing.refused[address] -= 1
                raise SMTPRecipientsRefused({address: (550, b"Mailbox unavailable")})
        return super().send_messages(email_messages)


@pytest.fixture
def refusing(settings: Any) -> type[Refusing]:
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = f"{__name__}.Refusing"
    settings.FRAUDHUB_ALERTS_ATTEMPTS = 3
    Refusing.refused = {}
    return Refusing


def test_a_refused_message_is_sent_on_a_later_try_and_the_log_says_so(
    refusing: type[Refusing],
) -> None:
    refusing.refused = {"bob@example.com": 2}
    subscriber("ann@example.com")
    bob = subscriber("bob@example.com")
    send_to_subscribers(published_alert())
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.com", "bob@example.com"]
    delivery = Delivery.objects.get(subscription=bob)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, "")
    assert delivery.sent_at is not None


def test_after_the_last_try_a_message_is_failed_with_the_address_masked(
    refusing: type[Refusing],
) -> None:
    refusing.refused = {"bob@example.com": 99}
    bob = subscriber("bob@example.com")
    send_to_subscribers(published_alert())
    delivery = Delivery.objects.get(subscription=bob)
    assert (delivery.status, delivery.attempts, delivery.sent_at) == ("failed", 3, None)
    assert "b•••@example.com" in delivery.last_error
    assert "bob@example.com" not in delivery.last_error
    assert mail.outbox == []


def test_the_wait_before_the_next_try_doubles(refusing: type[Refusing], settings: Any) -> None:
    settings.FRAUDHUB_ALERTS_RETRY_SECONDS = 60
    refusing.refused = {"bob@example.com": 99}
    bob = subscriber("bob@example.com")
    alert = published_alert()
    before = timezone.now()
    send_to_subscribers(alert)
    delivery = Delivery.objects.get(subscription=bob)
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at is not None
    assert timedelta(seconds=59) < delivery.next_attempt_at - before < timedelta(seconds=62)
    assert send_alert(alert_id=alert.pk) == 0  # not due yet: not tried again
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    send_alert(alert_id=alert.pk)
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert (
        timedelta(seconds=119) < delivery.next_attempt_at - timezone.now() < timedelta(seconds=121)
    )


def test_staff_read_the_delivery_log_with_counts_and_masked_addresses(
    client: Client, refusing: type[Refusing]
) -> None:
    refusing.refused = {"bob@example.com": 99}
    subscriber("ann@example.com")
    subscriber("bob@example.com")
    alert = published_alert()
    send_to_subscribers(alert)
    sign_in(client, staff_user("analyst", role="Analyst"))
    page = client.get(f"/staff/prevention/alerts/{alert.pk}/deliveries/").content.decode()
    assert "The alert goes to 2 subscribers." in page
    assert "b•••@example.com" in page
    assert "bob@example.com" not in page and "ann@example.com" not in page
    assert "SMTPRecipientsRefused" in page
    listed = client.get("/staff/prevention/subscribers/").content.decode()
    assert f'href="/staff/prevention/alerts/{alert.pk}/deliveries/"' in listed


def test_partner_analysts_do_not_see_the_hubs_subscribers(
    client: Client, partner_analyst: Any
) -> None:
    alert = published_alert()
    sign_in(client, partner_analyst)
    assert client.get(f"/staff/prevention/alerts/{alert.pk}/deliveries/").status_code == 403
    assert client.get("/staff/prevention/subscribers/").status_code == 403
