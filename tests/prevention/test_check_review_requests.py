"""The owner of a published number or site asks for a review through a public form; the
request reaches the analysts (a staff list and an email to the duty address), and an
analyst withdraws the identifier from there, or keeps it, with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import ReviewRequest

from ..factories import published, sign_in, staff_user

pytestmark = pytest.mark.django_db
OWNER = {
    "name": "Priya Shah",
    "contact": "priya@shah-plumbing.example",
    "kind": "phone",
    "value": "01632 960001",
    "reason": "This is my plumbing business's number.",
}


@pytest.fixture
def analyst(db: None) -> User:
    return staff_user("analyst", role="Analyst")


def test_an_owner_asks_for_a_review_and_the_duty_address_is_emailed(
    client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FRAUDHUB_DUTY_EMAIL = "duty@hub.example"
    item = published("phone", "01632960001")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/check/ask-for-a-review/", OWNER)

    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("We have your request") >= 1
    request = ReviewRequest.objects.get()
    assert (request.name, request.value, request.published) == ("Priya Shah", "+441632960001", item)
    [email] = mail.outbox
    assert email.to == ["duty@hub.example"]
    assert email.subject == "Review requested: phone number 01632 960001"
    assert f"/staff/prevention/review-requests/{request.pk}/" in email.body
    assert "Priya" not in email.body and "plumbing" not in email.body


def test_the_form_says_what_to_fix_and_keeps_what_was_typed(client: Client) -> None:
    page = client.post("/check/ask-for-a-review/", OWNER | {"value": "12", "name": ""}).content
    text = page.decode()
    assert "Enter your name" in text
    assert "Enter a phone number in the right format" in text
    assert 'value="priya@shah-plumbing.example"' in text
    assert not ReviewRequest.objects.exists()


def test_an_analyst_withdraws_from_the_request_with_a_reason(client: Client, analyst: User) -> None:
    item = published("phone", "01632960001")
    client.post("/check/ask-for-a-review/", OWNER)
    request = ReviewRequest.objects.get()
    sign_in(client, analyst)

    listing = client.get("/staff/prevention/review-requests/").content.decode()
    assert "Priya Shah" in listing and "Waiting for a decision" in listing
    detail = client.get(f"/staff/prevention/review-requests/{request.pk}/").content.decode()
    assert "This is my plumbing business" in detail
    client.post(
        f"/staff/prevention/review-requests/{request.pk}/",
        {"decision": "withdraw", "reason": "Checked with the phone company: it is hers"},
    )

    item.refresh_from_db()
    request.refresh_from_db()
    assert not item.is_published
    assert item.withdrawal_reason == "Checked with the phone company: it is hers"
    assert (request.status, request.decided_by) == ("withdrawn", analyst)
    assert AuditEvent.objects.filter(
        object_type="prevention.reviewrequest", object_id=str(request.pk), action="change"
    ).exists()
    assert AuditEvent.objects.filter(
        object_type="prevention.reviewrequest", actor=analyst, action="view"
    ).exists()


def test_keeping_it_published_is_recorded_too(client: Client, analyst: User) -> None:
    item = published("phone", "01632960001")
    client.post("/check/ask-for-a-review/", OWNER)
    request = ReviewRequest.objects.get()
    sign_in(client, analyst)

    client.post(
        f"/staff/prevention/review-requests/{request.pk}/",
        {"decision": "keep", "reason": "Forty reports name it"},
    )

    item.refresh_from_db()
    request.refresh_from_db()
    assert item.is_published
    assert (request.status, request.decision_reason) == ("kept", "Forty reports name it")


def test_the_owner_is_told_the_same_whether_or_not_it_is_published(client: Client) -> None:
    first = client.post("/check/ask-for-a-review/", OWNER)
    published("phone", "01632 960002")
    second = client.post("/check/ask-for-a-review/", OWNER | {"value": "01632 960002"})
    assert first["Location"] == second["Location"] == "/check/ask-for-a-review/sent/"


def test_one_address_cannot_flood_the_duty_address(client: Client, settings: Any) -> None:
    settings.FRAUDHUB_CHECK_LOOKUPS_PER_HOUR = 2
    for _ in range(3):
        response = client.post("/check/ask-for-a-review/", OWNER)
    assert ReviewRequest.objects.count() == 2
    assert "You have made a lot of checks in a short time" in response.content.decode()
    assert 'value="Priya Shah"' in response.content.decode()
