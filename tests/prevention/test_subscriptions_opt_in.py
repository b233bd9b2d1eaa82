"""Subscribing is double opt-in: asking stores nothing and sends only a link to confirm;
following the link stores the subscription; asking again for an address already
subscribed answers exactly as for a new one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from fraudhub.prevention.models import Delivery, Subscription

from .subscriber_factories import (
    SUBSCRIBE_FORM,
    links_in_mail,
    published_alert,
    send_to_subscribers,
    subscriber,
)

pytestmark = pytest.mark.django_db
SUBSCRIBE = "/alerts/subscribe/"


def test_asking_to_subscribe_emails_a_link_and_stores_nothing(client: Client) -> None:
    response = client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("prevention:check_email")
    assert not Subscription.objects.exists()
    [message] = mail.outbox
    assert message.to == ["ann.smith@example.com"]
    assert message.subject.startswith("Confirm you want scam alerts")
    assert len(links_in_mail("confirm")) == 1


def test_nothing_is_sent_to_an_address_until_it_is_confirmed(client: Client) -> None:
    client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    mail.outbox.clear()
    send_to_subscribers(published_alert())
    assert not Delivery.objects.exists()
    assert mail.outbox == []


def test_following_the_link_stores_the_subscription_with_its_choices(client: Client) -> None:
    client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    [token] = links_in_mail("confirm")
    response = client.get(reverse("prevention:confirm", args=[token]))
    assert response.status_code == 200
    assert "You will get scam alerts" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "ann.smith@example.com"
    assert subscription.confirmed_at is not None
    assert (subscription.whole_county, subscription.councils) == (False, ["St Albans", "Watford"])
    assert subscription.audiences == ["older_residents"]
    assert subscription.language == "cy"
    assert (subscription.passes_on, subscription.group_kind) == (True, "neighbourhood_watch")


def test_asking_again_for_a_subscribed_address_answers_the_same_as_for_a_new_one(
    client: Client,
) -> None:
    new = client.post(SUBSCRIBE, {**SUBSCRIBE_FORM, "email": "new@example.com"}, follow=True)
    subscriber("ann.smith@example.com")
    again = client.post(SUBSCRIBE, SUBSCRIBE_FORM, follow=True)
    assert again.redirect_chain == new.redirect_chain
    assert again.content == new.content
    first, second = mail.outbox
    assert first.subject == second.subject
    assert Subscription.objects.count() == 1


def test_confirming_again_changes_the_choices_of_a_subscribed_address(client: Client) -> None:
    existing = subscriber("ann.smith@example.com", unsubscribed=True)
    client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    [token] = links_in_mail("confirm")
    client.get(reverse("prevention:confirm", args=[token]))
    existing.refresh_from_db()
    assert existing.unsubscribed_at is None
    assert existing.councils == ["St Albans", "Watford"]
    assert Subscription.objects.count() == 1


def test_an_expired_or_altered_link_stores_nothing_and_says_so(
    client: Client, settings: object
) -> None:
    client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    [token] = links_in_mail("confirm")
    altered = client.get(reverse("prevention:confirm", args=[token[:-2] + "xx"]))
    assert altered.status_code == 404
    assert "This link does not work" in altered.content.decode()
    settings.FRAUDHUB_ALERTS_CONFIRM_DAYS = 0  # type: ignore[attr-defined]
    expired = client.get(reverse("prevention:confirm", args=[token]))
    assert expired.status_code == 404
    assert not Subscription.objects.exists()


def test_mistakes_are_explained_and_what_was_typed_is_kept(client: Client) -> None:
    response = client.post(
        SUBSCRIBE,
        {"email": "ann at example", "where": "councils", "passes_on": "yes", "language": "en"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    for message in (
        "Enter an email address in the correct format, like name@example.com",
        "Select at least one council area",
        "Select who you want alerts for",
        "Select who you pass alerts on to",
    ):
        assert message in page
    assert 'value="ann at example"' in page
    assert mail.outbox == []


def test_whole_county_subscribers_keep_no_councils(client: Client) -> None:
    client.post(
        SUBSCRIBE,
        {**SUBSCRIBE_FORM, "where": "county", "passes_on": "no", "language": "en"},
    )
    client.get(reverse("prevention:confirm", args=links_in_mail("confirm")))
    subscription = Subscription.objects.get()
    assert (subscription.whole_county, subscription.councils) == (True, [])
    assert (subscription.passes_on, subscription.group_kind) == (False, "")


def test_one_connection_cannot_flood_inboxes(client: Client) -> None:
    for _ in range(12):
        client.post(SUBSCRIBE, SUBSCRIBE_FORM)
    assert len(mail.outbox) == 10
