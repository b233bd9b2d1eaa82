"""The partner API under hostile or careless input: deep JSON, impossible dates and large
bodies each get a 400 or 413 that says what to fix, and nothing is stored."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from rest_framework.test import APIClient

from fraudhub.intake.api import MAX_JSON_DEPTH, json_depth
from fraudhub.reports.models import Report
from tests.factories import api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"
REFERRAL: dict[str, Any] = {
    "partner_reference": "TS-1",
    "received_date": "2026-03-06",
    "description": "A caller said he was from her bank.",
}


@pytest.fixture
def api(partner: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    return client


@pytest.mark.parametrize("depth", [11, 1_000, 100_000])
def test_json_nested_deeply_is_a_400_saying_so(api: APIClient, depth: int) -> None:
    body = '{"description": ' + "[" * depth + "]" * depth + "}"
    response = api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "message": f"The body is JSON nested more than {MAX_JSON_DEPTH} levels deep. A "
        "referral is one JSON object of field names and text values: send that.",
        "errors": {},
    }
    assert not Report.objects.exists()


def test_json_within_the_depth_limit_is_read_as_usual(api: APIClient) -> None:
    nested: Any = "x"
    for _ in range(MAX_JSON_DEPTH - 1):
        nested = [nested]
    response = api.post(
        URL, json.dumps({**REFERRAL, "notes": nested}), content_type="application/json"
    )
    assert response.status_code == 400  # a list is not text, but the body was read
    assert list(response.json()["errors"]) == ["notes"]


def test_json_depth_counts_lists_and_objects() -> None:
    assert json_depth("x") == 0
    assert json_depth({}) == 1
    assert json_depth({"a": [1, {"b": []}]}) == 4
    deep: Any = []
    for _ in range(50_000):
        deep = [deep]
    assert json_depth(deep) == 50_001


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ("2099-01-05", "received_date '2099-01-05' is in the future: check the year"),
        ("9999-12-31", "received_date '9999-12-31' is in the future: check the year"),
        ("31/12/9999", "received_date '31/12/9999' is in the future: check the year"),
        ("1901-01-01", "received_date '1901-01-01' is before 2000: check the year"),
        ("0001-01-01", "received_date '0001-01-01' is not a date (use day/month/year)"),
    ],
)
def test_received_dates_in_the_future_or_absurd_are_refused(
    api: APIClient, sent: str, reason: str
) -> None:
    response = api.post(URL, {**REFERRAL, "received_date": sent}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {"received_date": [reason]}
    assert reason in body["message"]
    assert not Report.objects.exists()


def test_a_referral_received_today_is_taken(api: APIClient) -> None:
    today = timezone.localdate()
    response = api.post(URL, {**REFERRAL, "received_date": today.isoformat()}, format="json")
    assert response.status_code == 201
    tomorrow = (today + timedelta(days=1)).isoformat()
    again = api.post(
        URL, {**REFERRAL, "partner_reference": "TS-2", "received_date": tomorrow}, format="json"
    )
    assert again.status_code == 400
