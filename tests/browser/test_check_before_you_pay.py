"""A resident checks a number before paying: a published number shows the warning with
its reports, an unknown one the plain advice that no report is not proof of safety. axe
finds nothing on the check pages; the whole check works by keyboard alone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fraudhub.reports.inputs import IdentifierInput
from tests.factories import make_report, published

from .actions import (
    assert_error_page,
    assert_focus_visible,
    focused,
    press_and_wait,
    question,
    skip_link_is_first_tab_stop,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser
PUBLISHED = "01632 960001"


def _check(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Check", exact=True).click()


@pytest.fixture
def reported_and_published() -> None:
    for _ in range(3):
        make_report(identifiers=[IdentifierInput(kind="phone", value=PUBLISHED)])
    published("phone", PUBLISHED)


def test_a_published_number_warns_and_an_unknown_one_gives_the_plain_advice(
    page: Page, axe: Axe, reported_and_published: None
) -> None:
    page.goto("/check/")
    question(page, "Check before you pay")
    expect(page).to_have_title("Check before you pay – Report a scam – Hertfordshire Fraud Hub")
    axe("check form")

    _check(page)
    assert_error_page(page, ["Select what you want to check"])
    axe("check form, sent empty")

    page.get_by_label("A phone number").check()
    page.get_by_label("Phone number", exact=True).fill("0770")
    _check(page)
    assert_error_page(
        page, ["Enter a phone number in the right format, like 01632 960 001 or 07700 900 982"]
    )
    expect(page.locator("#id_phone")).to_have_value("0770")
    axe("check form, a number that cannot be read")

    page.locator("#id_phone").fill("+44 1632 960001")
    _check(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "This phone number has been reported in scams."
    )
    question(page, "Do not pay")
    expect(page.locator(".govuk-body-l")).to_contain_text("we have 3 reports of it since")
    expect(page.get_by_role("link", name="Report it to us")).to_have_attribute("href", "/report/")
    axe("check result, a published number")

    page.locator("#id_phone").fill("01632 960999")
    _check(page)
    question(page, "We have no published warning about “01632 960999”")
    expect(page.locator(".govuk-inset-text")).to_contain_text("This does not mean it is safe.")
    axe("check result, an unknown number")

    expect(page.get_by_role("link", name="ask us to review it")).to_have_count(0)
    page.goto("/check/ask-for-a-review/")
    question(page, "Ask us to review a warning")
    axe("review request form")


def test_a_keyboard_user_checks_a_number(page: Page, reported_and_published: None) -> None:
    page.goto("/check/")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_kind")
    page.keyboard.press("Space")
    expect(page.locator("#id_kind")).to_be_checked()
    expect(page.locator("#id_phone")).to_be_visible()
    expect(page.locator("#id_sort_code")).to_be_hidden()
    tab_to(page, "#id_phone")
    page.keyboard.type(PUBLISHED)
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")

    question(page, "Do not pay")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "a[href='/report/']")
    assert_focus_visible(page)

    # and a bank account: arrow keys move to the last choice, revealing its two boxes
    tab_to(page, "input[name=kind]:checked")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    expect(page.locator("#id_kind_3")).to_be_checked()
    tab_to(page, "#id_sort_code")
    page.keyboard.type("30-94-30")
    page.keyboard.press("Tab")
    assert focused(page).startswith('<input id="id_account_number"'), focused(page)
    page.keyboard.type("00733445")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    question(page, "We have no published warning about “30-94-30 00733445”")
