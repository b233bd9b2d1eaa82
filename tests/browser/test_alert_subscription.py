"""A resident subscribes to scam alerts, confirms with the link in the email the local
backend holds, gets a published alert and unsubscribes from its link; axe-core checks every
subscription page, and a keyboard-only resident subscribes without a mouse."""

from __future__ import annotations

import email
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from fraudhub.prevention.models import Subscription
from fraudhub.prevention.services.sending import queue_alert
from tests.prevention.subscriber_factories import published_alert

from .actions import assert_error_page, press_and_wait, skip_link_is_first_tab_stop, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser
LINK = re.compile(r"https?://\S+?(/alerts/(?:confirm|unsubscribe|manage)/[^/\s]+/)")


@pytest.fixture
def folder(settings: Any, tmp_path: Path) -> Path:
    """Every email goes to the local backend's folder, alerts at full speed."""
    settings.EMAIL_BACKEND = "fraudhub.mail_folder.EmailBackend"
    settings.FRAUDHUB_ALERTS_EMAIL_BACKEND = ""
    settings.FRAUDHUB_MAIL_FOLDER = tmp_path
    settings.FRAUDHUB_ALERTS_PER_SECOND = 0
    return tmp_path


def _text_of(path: Path) -> tuple[str, str]:
    message = email.message_from_bytes(path.read_bytes())
    [text] = [
        part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    ]
    return str(message["Subject"]), text


def _link(text: str, kind: str) -> str:
    [path] = [p for p in LINK.findall(text) if p.startswith(f"/alerts/{kind}/")]
    return path


def test_a_resident_subscribes_confirms_gets_an_alert_and_unsubscribes(
    page: Page, axe: Axe, folder: Path
) -> None:
    page.goto("/alerts/subscribe/")
    expect(page.locator("h1")).to_have_text("Get scam alerts by email")
    axe("subscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Subscribe").click()
    assert_error_page(
        page,
        [
            "Enter your email address",
            "Select where you want alerts about",
            "Select who you want alerts for",
            "Select the language you want alerts in",
            "Select yes if you pass alerts on to other people",
        ],
    )
    axe("subscribe, sent empty")

    page.get_by_label("Email address").fill("margaret@example.com")
    page.get_by_label("Only some council areas").check()
    page.get_by_label("St Albans").check()
    page.get_by_label("Older residents").check()
    page.get_by_label("English").check()
    page.get_by_label("Yes").check()
    page.get_by_label("Neighbourhood Watch").check()
    axe("subscribe, filled in with the reveals open")
    with page.expect_navigation():
        page.get_by_role("button", name="Subscribe").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    axe("check your email")
    assert not Subscription.objects.exists()

    [confirmation] = list(folder.glob("*.eml"))
    subject, text = _text_of(confirmation)
    assert subject.startswith("Confirm you want scam alerts")
    page.goto(_link(text, "confirm"))
    expect(page.locator("h1")).to_have_text("You will get scam alerts")
    axe("confirmed")

    confirmation.unlink()
    queue_alert(alert=published_alert(whole_county=False, councils=["St Albans"]))
    [alert_message] = list(folder.glob("alert-*.eml"))
    subject, text = _text_of(alert_message)
    assert subject == "Scam alert: Fake parcel delivery texts"

    page.goto(_link(text, "manage"))
    expect(page.locator("h1")).to_have_text("Change which scam alerts you get")
    expect(page.get_by_label("St Albans")).to_be_checked()
    axe("manage")

    page.goto(_link(text, "unsubscribe"))
    expect(page.locator("h1")).to_have_text("Unsubscribe from scam alerts")
    axe("unsubscribe")
    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("h1")).to_have_text("You have unsubscribed")
    axe("unsubscribed")
    assert Subscription.objects.get().unsubscribed_at is not None


def test_a_keyboard_user_subscribes(page: Page, folder: Path) -> None:
    page.goto("/alerts/subscribe/")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_email")
    page.keyboard.type("keyboard@example.com")
    tab_to(page, "#id_where")
    page.keyboard.press("Space")
    expect(page.locator("#id_where")).to_be_checked()
    tab_to(page, "#id_audiences")
    page.keyboard.press("Space")
    expect(page.locator("#id_audiences")).to_be_checked()
    tab_to(page, "#id_language")
    page.keyboard.press("Space")
    tab_to(page, "#id_passes_on")
    page.keyboard.press("Space")
    expect(page.get_by_label("Neighbourhood Watch")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("No", exact=True)).to_be_checked()
    expect(page.get_by_label("Neighbourhood Watch")).to_be_hidden()
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Check your email")
    assert len(list(folder.glob("*.eml"))) == 1
