"""A call handler who uses only a keyboard takes a report by phone and reaches its ending:
the reference to read back in groups, the advice for the scam, what happens next; sends
the caller the tracking link by text (after a landline is refused), then prints a letter.
axe-core finds nothing on the ending page (with and without an error) or the letter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.reports.models import Report, ReportUpdate
from fraudhub.sms import TextMessage
from tests.factories import staff_user

from .actions import (
    assert_focus_visible,
    focused,
    is_focused,
    press_and_wait,
    question,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def type_into(page: Page, selector: str, text: str) -> None:
    """Tab to a box and type into it, as a keyboard user does."""
    tab_to(page, selector)
    page.keyboard.type(text)


def test_a_keyboard_user_takes_a_call_and_texts_the_caller_their_link(
    page: Page, axe: Axe, sms_outbox: list[TextMessage]
) -> None:
    sign_in(page, staff_user("handler", role="Case manager"))
    page.goto("/staff/reports/new/")
    question(page, "Take a report by phone")

    tab_to(page, "#id_caller")
    page.keyboard.press("Space")
    type_into(page, "#id_first_name", "Edna")
    type_into(page, "#id_last_name", "Smith")
    type_into(page, "#id_date_of_birth_day", "5")
    type_into(page, "#id_date_of_birth_month", "3")
    type_into(page, "#id_date_of_birth_year", "1948")
    type_into(page, "#id_postcode", "SG1")
    tab_to(page, "#id_scam_type")
    page.keyboard.type("Rogue")
    expect(page.locator("#id_scam_type")).to_have_value("rogue_trader")
    type_into(page, "#id_narrative", "Two men charged £4,000 to fix a roof that was not broken.")
    tab_to(page, "#save-report")
    press_and_wait(page, "Enter")

    # The ending: the reference in groups, the advice, what happens next.
    question(page, "Report saved")
    expect(page).to_have_url(re.compile(r"/after-the-call/$"))
    report = Report.objects.get()
    year, number = report.reference.split("-")[1:]
    groups = page.locator("#reference .fh-reference__group")
    expect(groups).to_have_text(["FH", year, number[:3], number[3:]])
    expect(page.locator("#reference")).to_have_text(f"FH-{year}-{number[:3]}{number[3:]}")
    expect(page.locator("main")).to_contain_text("Do not agree to work on the doorstep")
    expect(page.locator("#next-step")).to_contain_text(
        "the fraud hub will first make contact within"
    )
    skip_link_is_first_tab_stop(page)
    axe("phone report's ending")

    # A landline cannot take a text: refused, saying why, with what was typed kept.
    type_into(page, "#id_by-text-mobile", "01438 123456")
    tab_to(page, "#send-text")
    press_and_wait(page, "Enter")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That is not a mobile number")
    axe("phone report's ending, with a refused number")
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_by-text-mobile")).to_be_focused()
    expect(page.locator("#id_by-text-mobile")).to_have_value("01438 123456")
    assert_focus_visible(page)
    assert not sms_outbox

    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type("07400 900982")
    tab_to(page, "#send-text")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Reference and tracking link sent by text message"
    )
    expect(page.locator("#sent")).to_contain_text("the number ending 982")
    [message] = sms_outbox
    assert message.to == "+447400900982" and report.reference in message.body
    assert ReportUpdate.objects.filter(report=report, text__contains="ending 982").exists()

    # A letter for a caller with neither: the letter alone is printed.
    tab_to(page, "#print-letter")
    press_and_wait(page, "Enter")
    question(page, "Letter to post to the caller")
    letter = page.locator("#letter")
    expect(letter).to_contain_text(report.reference)
    expect(page.locator("#letter-link")).to_contain_text(f"/track/{report.reference}/")
    axe("letter to post")
    page.emulate_media(media="print")
    expect(letter).to_be_visible()
    for hidden in ("header.govuk-header", "footer.govuk-footer", ".govuk-back-link"):
        expect(page.locator(hidden)).to_be_hidden()
    page.emulate_media(media="screen")
    tab_to(page, ".govuk-back-link")
    assert is_focused(page, ".govuk-back-link"), focused(page)
    press_and_wait(page, "Enter")
    question(page, "Report saved")
