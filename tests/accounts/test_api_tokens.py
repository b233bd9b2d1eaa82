"""API tokens are kept only as digests, stop at their expiry or when revoked, and the API
slows down anyone sending bad tokens or too many requests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from fraudhub.accounts import services
from fraudhub.accounts.models import ApiToken
from tests.factories import api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def client(token: str, address: str = "192.0.2.10") -> APIClient:
    api = APIClient(REMOTE_ADDR=address)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def test_no_plain_token_is_stored_anywhere_in_its_table(partner: User) -> None:
    token = api_token(partner)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        row = cursor.fetchone()
    assert row is not None
    assert not any(token in str(value) for value in row)
    assert not any(token[10:30] in str(value) for value in row)


def test_an_expired_token_is_refused_saying_when_it_expired(partner: User) -> None:
    token = api_token(partner)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client(token).get(URL)
    assert response.status_code == 401
    assert "This token expired on" in response.json()["message"]


def test_a_revoked_token_is_refused(partner: User) -> None:
    token = api_token(partner)
    assert client(token).get(URL).status_code == 200
    services.revoke_api_tokens(user=partner, name="Case system")
    response = client(token).get(URL)
    assert response.status_code == 401
    assert "revoked" in response.json()["message"]


def test_use_is_noted(partner: User) -> None:
    token = api_token(partner)
    client(token).get(URL)
    assert ApiToken.objects.get().last_used_at is not None


def test_ten_bad_tokens_stop_an_address_even_with_a_good_token(partner: User) -> None:
    good = api_token(partner)
    for n in range(10):
        assert client(f"fh_guess{n}").get(URL).status_code == 401
    response = client(good).get(URL)
    assert response.status_code == 429
    assert "Too many bad tokens" in response.json()["message"]
    assert 0 < int(response["Retry-After"]) <= 600
    assert client(good, address="192.0.2.11").get(URL).status_code == 200


def test_a_signed_in_system_is_throttled_past_its_rate(settings, partner: User) -> None:  # type: ignore[no-untyped-def]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "3/min", "bad_token": "10/10min"},
    }
    api = client(api_token(partner))
    assert [api.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_schema_is_for_signed_in_partners_only(partner: User) -> None:
    assert APIClient().get("/api/schema/").status_code == 401
    assert client(api_token(partner)).get("/api/schema/?format=json").status_code == 200
