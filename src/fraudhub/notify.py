"""GOV.UK Notify as an email backend (EMAIL_BACKEND = "fraudhub.notify.EmailBackend") and a
text message backend (SMS_BACKEND = "fraudhub.notify.SmsBackend"), through Notify's REST
API (https://docs.notifications.service.gov.uk/rest-api.html) with the standard library.

Notify sends from its own templates: the email template's body is ((body)) and its subject
((subject)); the text template's ((body)). Each request carries a bearer token, a JSON Web
Token signed (HS256) with the API key's secret, made here with hmac. A message's reference
(fraudhub.emails.REFERENCE_HEADER) goes to Notify as `reference`; Notify does not refuse a
second message with the same reference, so `already_sent` asks Notify for one before a
message whose first hand-over is in doubt is sent again."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend

from fraudhub.emails import REFERENCE_HEADER, Message, mask
from fraudhub.sms import TextMessage

TIMEOUT_SECONDS = 20


class NotifyError(Exception):
    """Notify refused a request or could not be reached (the message names no address)."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def bearer_token(api_key: str, now: float | None = None) -> str:
    """The JWT Notify asks for: issued by the service id, signed with the key's secret
    (the last two 36-character parts of the API key)."""
    if len(api_key) < 74:
        raise ImproperlyConfigured("NOTIFY_API_KEY is not a GOV.UK Notify API key")
    service_id, secret = api_key[-73:-37], api_key[-36:]
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}).encode())
    claims = _b64(json.dumps({"iss": service_id, "iat": int(now or time.time())}).encode())
    signed = f"{header}.{claims}".encode("ascii")
    signature = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


def _request(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    url = settings.NOTIFY_API_URL.rstrip("/") + path
    request = urllib.request.Request(  # noqa: S310 (the configured https address of Notify)
        url,
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={
            "Authorization": f"Bearer {bearer_token(settings.NOTIFY_API_KEY)}",
            "Content-Type": "application/json",
            "User-Agent": "fraudhub-notify",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return dict(json.loads(response.read() or b"{}"))
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:300]
        raise NotifyError(f"Notify answered {exc.code}: {detail}") from exc
    except (urllib.error.URLError, TimeoutError) as exc:
        raise NotifyError(f"Notify could not be reached: {exc}") from exc


def _template(name: str) -> str:
    template = getattr(settings, name)
    if not template:
        raise ImproperlyConfigured(f"Set {name} to use GOV.UK Notify")
    return str(template)


def _unsubscribe_url(message: Message) -> str:
    header = message.extra_headers.get("List-Unsubscribe", "")
    return header.strip().removeprefix("<").removesuffix(">") if header.startswith("<") else ""


class EmailBackend(BaseEmailBackend):
    """Each message to each recipient is one Notify email (its text, not its HTML: Notify
    formats its own). A failure raises; this backend never fails silently."""

    def send_messages(self, email_messages: Sequence[Message]) -> int:
        template = _template("NOTIFY_EMAIL_TEMPLATE_ID")
        sent = 0
        for message in email_messages:
            for address in message.to:
                body: dict[str, Any] = {
                    "email_address": address,
                    "template_id": template,
                    "personalisation": {"subject": message.subject, "body": message.body},
                }
                if reference := message.extra_headers.get(REFERENCE_HEADER, ""):
                    body["reference"] = reference
                if unsubscribe := _unsubscribe_url(message):
                    body["one_click_unsubscribe_url"] = unsubscribe
                try:
                    _request("/v2/notifications/email", body)
                except NotifyError as exc:
                    raise NotifyError(str(exc).replace(address, mask(address))) from None
            sent += 1
        return sent

    def already_sent(self, reference: str) -> bool:
        """Whether Notify holds an email with this reference (sent or on its way)."""
        query = urllib.parse.urlencode({"reference": reference, "template_type": "email"})
        return bool(_request(f"/v2/notifications?{query}").get("notifications"))


class SmsBackend:
    """A text message through Notify (fraudhub.sms)."""

    def send(self, message: TextMessage) -> None:
        _request(
            "/v2/notifications/sms",
            {
                "phone_number": message.to,
                "template_id": _template("NOTIFY_SMS_TEMPLATE_ID"),
                "personalisation": {"body": message.body},
            },
        )
