"""A resident who uses only a keyboard finds the privacy notice, the accessibility
statement and the cookies page from the footer, reaches the links on each and moves on to
the next; axe finds no WCAG 2.2 A/AA violation on any of them (checked before a link has
focus: GOV.UK's focus style takes a link's underline away while it has focus, by design)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fraudhub.governance.categories import Category
from tests.factories import OrganisationFactory, agreement, hub

from .actions import press_and_wait, skip_link_is_first_tab_stop, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def footer_link(path: str) -> str:
    return f'footer a.govuk-footer__link[href="{path}"]'


def test_a_keyboard_user_reads_the_privacy_accessibility_and_cookies_pages(
    page: Page, axe: Axe
) -> None:
    bank = OrganisationFactory(slug="bank", name="Bank A", kind="bank")
    agreement(hub(), bank, categories=(Category.SCAM_DETAILS,))

    page.goto("/report/")
    tab_to(page, footer_link("/privacy/"))
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Privacy notice")
    expect(page.locator("#recipient-list")).to_contain_text("Bank A")
    expect(page.locator("#recipient-list")).to_contain_text("scam details")
    axe("privacy notice")
    tab_to(page, 'a[href="https://ico.org.uk/make-a-complaint/"]')

    page.goto("/privacy/")
    skip_link_is_first_tab_stop(page)
    tab_to(page, footer_link("/accessibility/"))
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_contain_text("Accessibility statement")
    expect(page.locator("#compliance")).to_contain_text("partially compliant")
    axe("accessibility statement")
    tab_to(page, 'a[href="https://www.equalityadvisoryservice.com/"]')

    tab_to(page, footer_link("/cookies/"))
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Cookies")
    expect(page.locator("#cookie-table tbody tr")).to_have_count(3)
    axe("cookies page")
    tab_to(page, footer_link("/privacy/"))
    assert axe.checked == ["privacy notice", "accessibility statement", "cookies page"]
