"""A resident reading the alerts can find how to get them by email: the list and each
alert's page link to subscribing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from .conftest import published_alert

pytestmark = pytest.mark.django_db


def test_the_alerts_page_and_each_alert_link_to_subscribing(
    client: Client, drafter: User, approver: User
) -> None:
    alert = published_alert(drafter, approver)
    subscribe = f'href="{reverse("prevention:subscribe")}"'
    for address in (
        reverse("prevention:alert_list"),
        reverse("prevention:alert_detail", args=[alert.public_id]),
    ):
        assert subscribe in client.get(address).content.decode(), address
