"""An alert goes to each confirmed subscriber whose council, audience and language it
matches: either side may be the whole county or everyone; Welsh subscribers get the Welsh
text when the alert has one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import TestCase

from fraudhub.prevention.events import alert_published
from fraudhub.prevention.models import Delivery
from fraudhub.prevention.targeting import Reach, language_for, reaches

from .subscriber_factories import published_alert, send_to_subscribers, subscriber, welsh


def _reach(councils: tuple[str, ...] = (), audiences: tuple[str, ...] = ()) -> Reach:
    return Reach.of(not councils, councils, audiences)


@pytest.mark.parametrize(
    ("alert", "person", "expected"),
    [
        (_reach(), _reach(), True),
        (_reach(("Watford",)), _reach(), True),  # the subscriber asked for the whole county
        (_reach(), _reach(("Watford",)), True),  # the alert is for the whole county
        (_reach(("Watford",)), _reach(("Watford", "Dacorum")), True),
        (_reach(("Watford",)), _reach(("Dacorum",)), False),
        (_reach(audiences=("carers",)), _reach(audiences=("carers", "businesses")), True),
        (_reach(audiences=("carers",)), _reach(audiences=("businesses",)), False),
        (_reach(audiences=("everyone",)), _reach(audiences=("businesses",)), True),
        (_reach(audiences=("carers",)), _reach(audiences=("everyone",)), True),
        (_reach(audiences=("carers",)), _reach(), True),  # no audience chosen: everyone
        (_reach(("Watford",), ("carers",)), _reach(("Watford",), ("businesses",)), False),
        (_reach(("Watford",), ("carers",)), _reach(("Dacorum",), ("carers",)), False),
    ],
)
def test_an_alert_reaches_a_subscriber_when_places_and_people_meet(
    alert: Reach, person: Reach, expected: bool
) -> None:
    assert reaches(alert, person) is expected


def test_welsh_only_when_asked_for_and_the_alert_has_it() -> None:
    assert language_for("cy", True) == "cy"
    assert language_for("cy", False) == "en"
    assert language_for("en", True) == "en"


@pytest.mark.django_db
def test_publishing_makes_one_delivery_a_matching_subscriber_and_sends_each_once() -> None:
    watford = subscriber("w@example.com", councils=["Watford"])
    county = subscriber("c@example.com")
    subscriber("d@example.com", councils=["Dacorum"])
    subscriber("b@example.com", audiences=["businesses"])
    carers = subscriber("carer@example.com", audiences=["carers"])
    subscriber("u@example.com", unsubscribed=True)
    subscriber("p@example.com", confirmed=False)
    alert = published_alert(whole_county=False, councils=["Watford"], audiences=["carers"])
    assert send_to_subscribers(alert) == 3
    assert set(Delivery.objects.values_list("subscription", flat=True)) == {
        watford.pk,
        county.pk,
        carers.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "c@example.com",
        "carer@example.com",
        "w@example.com",
    ]
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    assert send_to_subscribers(alert) == 3  # made again: nothing new, nothing sent twice
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_welsh_subscribers_get_the_welsh_text_when_there_is_one() -> None:
    subscriber("cy@example.com", language="cy")
    subscriber("en@example.com")
    send_to_subscribers(published_alert(**welsh()))
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["cy@example.com"].subject == "Rhybudd sgam: Negeseuon testun parseli ffug"
    assert "Peidiwch ag agor y ddolen." in by_address["cy@example.com"].body
    assert by_address["en@example.com"].subject == "Scam alert: Fake parcel delivery texts"
    mail.outbox.clear()
    send_to_subscribers(published_alert(title="No Welsh yet"))
    assert {m.subject for m in mail.outbox} == {"Scam alert: No Welsh yet"}


@pytest.mark.django_db
def test_publishing_announced_by_the_alert_sends_it() -> None:
    subscriber()
    alert = published_alert()
    with TestCase.captureOnCommitCallbacks(execute=True):
        alert_published.send(sender=None, alert=alert)
    assert Delivery.objects.get().status == "sent"
    assert len(mail.outbox) == 1
