"""The public prevention pages answer HEAD as they answer GET, without a body: link
checkers, uptime monitors and some feed readers ask with HEAD before they read."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from .conftest import published_alert

pytestmark = pytest.mark.django_db


def test_the_public_prevention_pages_answer_head(
    client: Client, drafter: User, approver: User
) -> None:
    alert = published_alert(drafter, approver)
    for address in (
        "/alerts/",
        "/alerts/feed/",
        f"/alerts/{alert.public_id}/",
        f"/alerts/{alert.public_id}/poster/",
        "/check/",
        "/check/ask-for-a-review/",
        "/check/ask-for-a-review/sent/",
    ):
        response = client.head(address)
        assert (address, response.status_code) == (address, 200)
        assert response.content == b""
