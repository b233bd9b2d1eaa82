"""GOV.UK Notify as the email and text backend: the requests Notify's REST API expects,
signed with a token made from the API key; the HTTP call is replaced, the network never
touched."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core import mail

from fraudhub import notify, sms
from fraudhub.emails import compose, open_connection

SERVICE = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
KEY = f"fraudhub_test-{SERVICE}-{SECRET}"


class FakeNotify:
    def __init__(self, answer: dict[str, Any] | None = None, status: int = 201) -> None:
        self.requests: list[urllib.request.Request] = []
        self.answer = answer or {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}
        self.status = status

    def __call__(self, request: urllib.request.Request, timeout: float) -> Any:
        self.requests.append(request)
        if self.status >= 400:
            body = json.dumps({"errors": [{"message": "Can't send to ann@example.com"}]})
            raise urllib.error.HTTPError(
                request.full_url,
                self.status,
                "Bad",
                {},
                io.BytesIO(body.encode()),  # type: ignore[arg-type]
            )
        return io.BytesIO(json.dumps(self.answer).encode())

    def body(self, index: int = 0) -> dict[str, Any]:
        return json.loads(self.requests[index].data)  # type: ignore[arg-type]


@pytest.fixture
def notify_settings(settings: Any) -> Any:
    settings.NOTIFY_API_KEY = KEY
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "email-template"
    settings.NOTIFY_SMS_TEMPLATE_ID = "sms-template"
    return settings


def _fake(monkeypatch: pytest.MonkeyPatch, fake: FakeNotify) -> FakeNotify:
    monkeypatch.setattr(notify.urllib.request, "urlopen", fake)
    return fake


def _message() -> mail.EmailMessage:
    return compose(
        to="ann@example.com",
        subject="Scam alert: Fake parcel texts",
        text="Do not open the link.",
        html="<p>Do not open the link.</p>",
        reference="alert-3-14",
        headers={"List-Unsubscribe": "<https://hub.example/alerts/unsubscribe/abc/>"},
    )


def test_an_email_is_posted_to_notify_with_its_reference_and_unsubscribe_link(
    monkeypatch: pytest.MonkeyPatch, notify_settings: Any
) -> None:
    fake = _fake(monkeypatch, FakeNotify())
    connection = open_connection("fraudhub.notify.EmailBackend")
    assert connection.send_messages([_message()]) == 1
    [request] = fake.requests
    assert request.full_url == "https://api.notifications.service.gov.uk/v2/notifications/email"
    assert request.get_method() == "POST"
    assert fake.body() == {
        "email_address": "ann@example.com",
        "template_id": "email-template",
        "personalisation": {
            "subject": "Scam alert: Fake parcel texts",
            "body": "Do not open the link.",
        },
        "reference": "alert-3-14",
        "one_click_unsubscribe_url": "https://hub.example/alerts/unsubscribe/abc/",
    }


def test_the_bearer_token_is_a_jwt_signed_with_the_keys_secret(
    monkeypatch: pytest.MonkeyPatch, notify_settings: Any
) -> None:
    fake = _fake(monkeypatch, FakeNotify())
    open_connection("fraudhub.notify.EmailBackend").send_messages([_message()])
    token = fake.requests[0].get_header("Authorization").removeprefix("Bearer ")
    header, claims, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "==") == expected
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=="))
    assert decoded["iss"] == SERVICE
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {"typ": "JWT", "alg": "HS256"}


def test_a_refusal_raises_with_the_address_masked(
    monkeypatch: pytest.MonkeyPatch, notify_settings: Any
) -> None:
    _fake(monkeypatch, FakeNotify(status=400))
    with pytest.raises(notify.NotifyError) as refused:
        open_connection("fraudhub.notify.EmailBackend").send_messages([_message()])
    assert "400" in str(refused.value)
    assert "a•••@example.com" in str(refused.value)
    assert "ann@example.com" not in str(refused.value)


def test_notify_is_asked_whether_it_holds_a_reference(
    monkeypatch: pytest.MonkeyPatch, notify_settings: Any
) -> None:
    fake = _fake(monkeypatch, FakeNotify({"notifications": [{"reference": "alert-3-14"}]}))
    backend = notify.EmailBackend()
    assert backend.already_sent("alert-3-14") is True
    assert fake.requests[0].get_method() == "GET"
    assert fake.requests[0].full_url.endswith(
        "/v2/notifications?reference=alert-3-14&template_type=email"
    )
    fake.answer = {"notifications": []}
    assert backend.already_sent("alert-3-15") is False


def test_a_text_message_is_posted_to_notify(
    monkeypatch: pytest.MonkeyPatch, notify_settings: Any
) -> None:
    fake = _fake(monkeypatch, FakeNotify())
    notify_settings.SMS_BACKEND = "fraudhub.notify.SmsBackend"
    sms.send_text(to="+447700900123", body="Your report FH-2026-000042 has an update.")
    assert fake.requests[0].full_url.endswith("/v2/notifications/sms")
    assert fake.body() == {
        "phone_number": "+447700900123",
        "template_id": "sms-template",
        "personalisation": {"body": "Your report FH-2026-000042 has an update."},
    }
