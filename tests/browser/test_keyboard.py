"""A resident who uses only a keyboard reports a scam for themselves: Tab and Shift+Tab to
move, Space and arrow keys to choose, Enter to go on, typing into what has focus. No mouse
and no filling of fields the keyboard has not reached. Every control used must show where
focus is, and the skip link must be the first thing Tab reaches."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .actions import (
    REFERENCE,
    assert_focus_visible,
    focused,
    is_focused,
    press_and_wait,
    press_tab,
    question,
    skip_link_is_first_tab_stop,
    tab_to,
)

pytestmark = pytest.mark.browser

CONTINUE = "button.govuk-button:not(.govuk-button--warning)"


def continue_by_keyboard(page: Page) -> None:
    tab_to(page, CONTINUE)
    expect(page.locator(CONTINUE)).to_have_text("Continue")
    press_and_wait(page, "Enter")


def checked(page: Page, name: str) -> str:
    return str(page.locator(f"input[name={name}]:checked").get_attribute("value"))


def test_a_keyboard_user_reports_a_scam_and_opens_the_tracking_link(page: Page) -> None:
    page.goto("/report/")
    skip_link_is_first_tab_stop(page, stay=True)
    page.keyboard.press("Enter")
    assert is_focused(page, "main#main-content"), focused(page)
    tab_to(page, "a.govuk-button--start")
    press_and_wait(page, "Space")  # GOV.UK's button script makes Space work on link buttons

    # Who: first send the page empty, then use the error summary to reach the question.
    question(page, "Who are you reporting a scam for?")
    skip_link_is_first_tab_stop(page)
    continue_by_keyboard(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # GOV.UK's script moves focus to the summary
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_reporting_for")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert checked(page, "reporting_for") == "myself"
    continue_by_keyboard(page)

    # Kind of scam: arrow keys move through the radios, choosing as they go.
    question(page, "What kind of scam was it?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_scam_type")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert checked(page, "scam_type") == "courier", focused(page)
    assert_focus_visible(page)
    continue_by_keyboard(page)

    question(page, "How did the scammer first get in touch with you?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_contact_method")
    page.keyboard.press("Space")
    assert checked(page, "contact_method") == "phone_call"
    continue_by_keyboard(page)

    question(page, "Tell us what happened")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_narrative")
    page.keyboard.type("A caller said he was a police officer and sent a courier for my bank card.")
    continue_by_keyboard(page)

    question(page, "When did it happen?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_incident_date_day")
    page.keyboard.type("14")
    press_tab(page, "#id_incident_date_month")
    page.keyboard.type("9")
    press_tab(page, "#id_incident_date_year")
    page.keyboard.type("2026")
    continue_by_keyboard(page)

    question(page, "Is the scammer still in touch with you, or still asking for money?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_still_in_contact")
    page.keyboard.press("ArrowDown")
    assert checked(page, "still_in_contact") == "no"
    continue_by_keyboard(page)

    question(page, "What details did the scammer use?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_phones")
    page.keyboard.type("020 7946 0123")
    page.keyboard.press("Enter")  # a new line in the box, not a submit
    page.keyboard.type("07700 900123")
    continue_by_keyboard(page)

    # Money: choosing Yes reveals the amount; Shift+Tab goes back to it.
    question(page, "Did you lose any money?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_lost_money")
    page.keyboard.press("Space")
    expect(page.locator("#id_amount_lost")).to_be_visible()
    press_tab(page, "#id_amount_lost")
    page.keyboard.type("480")
    press_tab(page, "#id_payment_method")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_payment_method")).to_have_value("bank_transfer")
    press_tab(page, "#id_amount_lost", backwards=True)
    expect(page.locator("#id_amount_lost")).to_have_value("480")
    press_tab(page, "#id_payment_method")
    continue_by_keyboard(page)

    question(page, "About you")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_first_name")
    page.keyboard.type("Alan")
    press_tab(page, "#id_last_name")
    page.keyboard.type("Turner")
    press_tab(page, "#id_age")
    page.keyboard.type("81")
    tab_to(page, "#id_postcode")
    page.keyboard.type("AL1 3EJ")
    continue_by_keyboard(page)

    question(page, "Does any of this apply to you?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_indicators")
    page.keyboard.press("Space")
    expect(page.locator("#id_indicators")).to_be_checked()
    continue_by_keyboard(page)

    question(page, "How can we contact you?")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_phone")
    page.keyboard.type("01727 654321")
    press_tab(page, "#id_email")
    page.keyboard.type("alan@example.com")
    continue_by_keyboard(page)

    question(page, "Contact and sharing")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_consent_to_contact")
    page.keyboard.press("Space")
    tab_to(page, "#id_consent_to_share")
    page.keyboard.press("Space")
    assert checked(page, "consent_to_contact") == checked(page, "consent_to_share") == "yes"
    continue_by_keyboard(page)

    question(page, "Check your answers before sending your report")
    skip_link_is_first_tab_stop(page)
    expect(page.locator(".govuk-summary-list")).to_contain_text("Courier fraud")
    expect(page.locator(".govuk-summary-list")).to_contain_text("£480.00 by bank transfer")
    tab_to(page, "a[href='/report/who/?change=1']")  # the Change links are reachable too
    tab_to(page, "form button[type=submit]:not(.govuk-button--warning)")
    expect(page.locator("form button[type=submit]:not(.govuk-button--warning)")).to_have_text(
        "Send report"
    )
    press_and_wait(page, "Enter")

    expect(page.locator(".govuk-panel__title")).to_have_text("Report sent")
    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#tracking-link")
    press_and_wait(page, "Enter")

    expect(page.locator("h1")).to_have_text(reference)
    expect(page.locator("ol.fh-timeline .fh-timeline__title")).to_have_text(["Report received"])
    skip_link_is_first_tab_stop(page)
