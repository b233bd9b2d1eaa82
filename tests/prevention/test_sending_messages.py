"""Each subscriber's alert is built once and copied with their own address, links and
reference: the bytes a mail server or the local folder gets are those of a message built
whole for them, with no placeholder left, even when a very long line changes how the
text is encoded."""

from __future__ import annotations

import email
from email.message import Message as Parsed

import pytest
from django.core import signing

from fraudhub.prevention.models import Delivery
from fraudhub.prevention.services.sending import PLACEHOLDER, SUBSCRIPTION, message_for, moulds
from fraudhub.prevention.services.subscriptions import MANAGE_SALT

from .subscriber_factories import published_alert, subscriber, welsh

pytestmark = pytest.mark.django_db


def _parts(raw: bytes) -> tuple[Parsed, str, str]:
    parsed = email.message_from_bytes(raw)
    text, html = (
        part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in parsed.walk()
        if part.get_content_maintype() == "text"
    )
    return parsed, text, html


@pytest.mark.parametrize("looks_like", ["A text with a link.", "A very long text. " * 80])
def test_each_copy_has_the_subscribers_own_address_links_and_reference(looks_like: str) -> None:
    alert = published_alert(looks_like=looks_like)
    ann = subscriber("ann@example.com")
    delivery = Delivery.objects.create(alert=alert, subscription=ann)
    made = moulds(alert)
    raw = message_for(delivery, ann, made).message().as_bytes()
    parsed, text, html = _parts(raw)
    token = parsed["List-Unsubscribe"].split("/alerts/unsubscribe/")[1].split("/")[0]
    assert signing.loads(token, salt=MANAGE_SALT) == str(ann.key)
    assert parsed["To"] == "ann@example.com"
    assert parsed["X-Fraudhub-Reference"] == delivery.reference
    assert parsed["Message-ID"].startswith(f"<{delivery.reference}@")
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    for part in (text, html):
        assert f"/alerts/unsubscribe/{token}/" in part
        assert f"/alerts/manage/{token}/" in part
        assert looks_like.strip() in part
    assert PLACEHOLDER.encode() not in raw and SUBSCRIPTION.encode() not in raw
    assert b"placeholder.invalid" not in raw


def test_each_alert_links_to_its_page_and_poster_in_the_subscribers_language() -> None:
    alert = published_alert(**welsh())
    ann = subscriber("ann@example.com")
    gwen = subscriber("gwen@example.com", language="cy")
    made = moulds(alert)
    for who, language, ending in ((ann, "en", "/"), (gwen, "cy", "/?lang=cy")):
        delivery = Delivery.objects.create(alert=alert, subscription=who, language=language)
        _, text, html = _parts(message_for(delivery, who, made).message().as_bytes())
        for page in (f"/alerts/{alert.public_id}", f"/alerts/{alert.public_id}/poster"):
            assert f"{page}{ending}" in text and f"{page}{ending}" in html
