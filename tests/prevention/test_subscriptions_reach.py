"""Analysts see the reach of the alerts: confirmed subscribers counted by council,
audience, language and whom they pass alerts on to; never an address."""

from __future__ import annotations

import pytest
from django.test import Client

from fraudhub.prevention.demo_subscribers import seed_subscribers
from fraudhub.prevention.models import Subscription
from tests.factories import sign_in, staff_user

from .subscriber_factories import subscriber

pytestmark = pytest.mark.django_db


def _row(page: str, name: str) -> str:
    start = page.index(f'<th scope="row" class="govuk-table__header">{name}</th>')
    return page[start : page.index("</tr>", start)]


def test_the_reach_counts_confirmed_subscribers_by_what_they_chose(client: Client) -> None:
    subscriber("a@example.com", councils=["Watford", "Dacorum"], audiences=["carers"])
    subscriber("b@example.com", language="cy", passes_on=True, group_kind="neighbourhood_watch")
    subscriber("c@example.com", councils=["Watford"], passes_on=True, group_kind="care_staff")
    subscriber("d@example.com", confirmed=False)
    subscriber("e@example.com", unsubscribed=True)
    sign_in(client, staff_user("analyst", role="Analyst"))
    page = client.get("/staff/prevention/subscribers/").content.decode()
    assert "3 confirmed subscribers get scam alerts by email. 2 of them pass alerts on" in page
    assert ">2<" in _row(page, "Watford")
    assert ">1<" in _row(page, "Dacorum")
    assert ">1<" in _row(page, "The whole county")
    assert ">1<" in _row(page, "Carers and families")
    assert ">2<" in _row(page, "Everyone")
    assert ">1<" in _row(page, "Cymraeg (Welsh)")
    assert ">1<" in _row(page, "Neighbourhood Watch")
    assert "@example.com" not in page


def test_the_demo_has_subscribers_some_welsh_some_passing_alerts_on() -> None:
    count = seed_subscribers(seed=1)
    assert count == seed_subscribers(seed=1) == 60
    active = Subscription.objects.active()
    assert active.filter(language="cy").exists()
    assert active.filter(passes_on=True).exclude(group_kind="").exists()
    assert active.filter(whole_county=False).exclude(councils=[]).exists()
