"""Scam alerts in the browser: an analyst drafts an alert by keyboard alone, sends it for
approval, a second analyst approves it, and the public page shows it; axe-core checks the
staff and public alert pages and the poster, which prints on exactly one A4 page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from fraudhub.prevention.alert_rules import SECTION_LIMIT, TITLE_LIMIT, Text
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.alerts import (
    AlertValues,
    approve_alert,
    draft_alert,
    submit_alert,
)
from tests.factories import staff_user

from .actions import press_and_wait, sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def _pages(pdf: bytes) -> int:
    """How many pages a PDF has, from its page tree's root (Chromium writes it plainly)."""
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    assert counts, "no page tree found in the PDF"
    return max(counts)


def _published(drafter: User, approver: User, english: Text, welsh: Text) -> Alert:
    alert = draft_alert(
        values=AlertValues(english=english, welsh=welsh, audiences=["everyone"]), actor=drafter
    )
    submit_alert(alert=alert, actor=drafter)
    return approve_alert(alert=alert, actor=approver)


def test_an_analyst_drafts_by_keyboard_another_approves_and_the_public_see_it(
    page: Page, axe: Axe, new_page: object
) -> None:
    drafter = staff_user("drafter", role="Analyst")
    approver = staff_user("approver", role="Analyst")
    sign_in(page, drafter)
    page.goto("/staff/prevention/alerts/")
    expect(page.locator("h1")).to_have_text("Scam alerts")
    expect(page.locator("a[aria-current]")).to_have_text("Scam alerts")
    axe("staff alert list, empty")

    tab_to(page, "a.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Draft a scam alert")
    axe("draft form")

    tab_to(page, "#id_title")
    page.keyboard.type("Fake parcel texts asking for a fee")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page).to_have_title(re.compile(r"^Error: Draft a scam alert"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter what the scam looks like")
    expect(page.locator("#id_title")).to_have_value("Fake parcel texts asking for a fee")
    axe("draft form, with errors")

    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_looks_like")).to_be_focused()
    page.keyboard.type("A text says a parcel is waiting and asks for a small fee.")
    tab_to(page, "#id_how_to_spot")
    page.keyboard.type("Couriers do not ask for fees by text.")
    tab_to(page, "#id_what_to_do")
    page.keyboard.type("Forward the text to 7726 and delete it.")
    tab_to(page, "input[name=area][value=county]")  # a radio group is one tab stop
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=area][value=councils]")).to_be_checked()
    tab_to(page, "input[name=councils][value='St Albans']")
    page.keyboard.press("Space")
    tab_to(page, "input[name=audiences][value=older_residents]")
    page.keyboard.press("Space")
    tab_to(page, "#id_title_cy")
    page.keyboard.type("Negeseuon parsel ffug")
    tab_to(page, "#id_looks_like_cy")
    page.keyboard.type("Neges destun yn gofyn am ffi.")
    tab_to(page, "#id_how_to_spot_cy")
    page.keyboard.type("Nid yw negeswyr yn gofyn am ffi.")
    tab_to(page, "#id_what_to_do_cy")
    page.keyboard.type("Anfonwch hi ymlaen i 7726.")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft saved")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Draft")
    axe("alert page, draft")
    tab_to(page, "#alert-actions button")
    expect(page.locator("#alert-actions button")).to_have_text("Send for approval")
    press_and_wait(page, "Enter")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Waiting for approval")
    expect(page.locator("#own-alert")).to_contain_text("you cannot approve it")
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)
    axe("alert page, waiting, seen by its drafter")
    alert = Alert.objects.get()
    assert (alert.councils, alert.audiences, alert.has_welsh) == (
        ["St Albans"],
        ["older_residents"],
        True,
    )

    second = new_page()  # type: ignore[operator]
    sign_in(second, approver)
    second.goto(f"/staff/prevention/alerts/{alert.pk}/")
    second.get_by_role("button", name="Approve and publish").click()
    expect(second.locator(".govuk-notification-banner--success")).to_contain_text(
        "Alert approved and published"
    )
    expect(second.locator("#history")).to_contain_text("Approved and published")
    second.goto("/staff/prevention/alerts/")
    expect(second.locator("#published + table")).to_contain_text("Fake parcel texts")

    page.context.clear_cookies()
    page.goto("/alerts/")
    expect(page.locator("#alerts")).to_contain_text("Fake parcel texts asking for a fee")
    axe("public alert list")
    page.get_by_role("link", name="Fake parcel texts asking for a fee").click()
    expect(page.locator("h1")).to_have_text("Fake parcel texts asking for a fee")
    axe("public alert page")
    page.get_by_role("link", name="Cymraeg").click()
    expect(page.locator("h1")).to_have_text("Negeseuon parsel ffug")
    expect(page.locator("h1")).to_have_attribute("lang", "cy")
    axe("public alert page in Welsh")
    page.get_by_role("link", name="Print this alert as a poster").click()
    expect(page.locator("#poster-title")).to_have_text("Negeseuon parsel ffug")
    axe("poster in Welsh")


def _alert_text(characters: int) -> Text:
    """An alert of about this many characters in all: the longest title, and the rest
    shared by its three sections (each at most as long as the form takes)."""
    words = "Scammers call and say your account is at risk and you must act now. "
    section = (words * 50)[: min(SECTION_LIMIT, (characters - TITLE_LIMIT) // 3)].strip()
    return Text(("Long title " * 20)[:TITLE_LIMIT].strip(), section, section, section)


# The longest alert printed at each size (poster_size), and the longest the form takes.
@pytest.mark.parametrize("characters", [900, 1800, TITLE_LIMIT + 3 * SECTION_LIMIT])
def test_the_poster_prints_on_exactly_one_a4_page(page: Page, axe: Axe, characters: int) -> None:
    drafter = staff_user("drafter", role="Analyst")
    approver = staff_user("approver", role="Analyst")
    english = _alert_text(characters)
    alert = _published(drafter, approver, english, Text("", "", "", ""))
    page.goto(f"/alerts/{alert.public_id}/poster/")
    expect(page.locator("#poster-title")).to_have_text(english.title.strip())
    expect(page.locator("#poster-contact")).to_contain_text("01632 960 001")
    axe(f"poster, {characters} characters")
    pdf = page.pdf(format="A4")
    assert _pages(pdf) == 1
    page.emulate_media(media="print")
    expect(page.locator(".govuk-header")).to_be_hidden()
    expect(page.locator("#poster-contact")).to_be_visible()
