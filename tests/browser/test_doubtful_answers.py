"""A resident is asked again when an answer is doubtful, told what to fix, and keeps what
they typed: money lost with £0, an amount that reads two ways, a scammer's number with too
few digits, and "contact me" with no way to contact. A likely email typo gets "did you
mean" on check answers, without stopping the report. axe-core checks each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .actions import assert_error_page, continue_, follow_error_link, question, walk_to
from .conftest import Axe

pytestmark = pytest.mark.browser

TWO_WAYS = (
    "We cannot tell what '12,50' means in pounds: use a comma only between thousands and "
    "a full stop before pence, like 1,250.50 or 12.50"
)


def test_money_lost_with_nothing_lost_or_an_amount_that_reads_two_ways_is_asked_again(
    page: Page, axe: Axe
) -> None:
    walk_to(page, "money")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("How much was lost?").fill("0")
    page.get_by_label("How was the money paid or moved?").select_option(label="Bank transfer")
    continue_(page)
    assert_error_page(page, ["You said you lost money: enter how much, more than £0, or select No"])
    expect(page.get_by_label("How much was lost?")).to_have_value("0")
    axe("money, yes with £0")
    follow_error_link(page, "You said you lost money", "#id_amount_lost")

    page.get_by_label("How much was lost?").fill("12,50")
    continue_(page)
    assert_error_page(page, [TWO_WAYS])
    expect(page.get_by_label("How much was lost?")).to_have_value("12,50")
    axe("money, an amount that reads two ways")
    page.get_by_label("How much was lost?").fill("12.50")
    continue_(page)
    question(page, "About you")


def test_a_scammers_number_with_too_few_digits_is_asked_again(page: Page, axe: Axe) -> None:
    walk_to(page, "scammer-details")
    page.get_by_label("Phone numbers").fill("0772 123 45")
    continue_(page)
    message = (
        "The phone number '0772 123 45' has too few digits: enter it in full with its area "
        "code, like 01727 123456 or +44 7700 900123"
    )
    assert_error_page(page, [message])
    expect(page.get_by_label("Phone numbers")).to_have_value("0772 123 45")
    axe("scammer details, a number with too few digits")
    follow_error_link(page, "too few digits", "#id_phones")
    page.get_by_label("Phone numbers").fill("07721 234567")
    continue_(page)
    question(page, "Did you lose any money?")


def test_contact_me_with_no_way_to_contact_is_an_error(page: Page, axe: Axe) -> None:
    walk_to(page, "contact-details")
    continue_(page)  # no phone, no email: allowed, for someone who wants no contact
    page.locator("#id_consent_to_contact").check()  # "Yes"
    page.locator("#id_consent_to_share").check()
    continue_(page)
    assert_error_page(
        page,
        [
            "You have not given a phone number or email address. Select No, or go back to "
            "'How can we contact you?' and give one"
        ],
    )
    expect(page.locator("#id_consent_to_contact")).to_be_checked()
    axe("consent, contact with no way to contact")
    page.locator("#id_consent_to_contact_1").check()  # "No"
    continue_(page)
    question(page, "Check your answers before sending your report")


def test_a_likely_email_typo_gets_did_you_mean_and_can_still_be_sent(page: Page, axe: Axe) -> None:
    walk_to(page, "contact-details")
    page.locator("#id_email").fill("margaret@gmial.com")
    continue_(page)
    page.locator("#id_consent_to_contact").check()
    page.locator("#id_consent_to_share").check()
    continue_(page)
    question(page, "Check your answers before sending your report")
    expect(page.locator(".fraudhub-did-you-mean")).to_contain_text(
        "Did you mean margaret@gmail.com?"
    )
    axe("check answers, with did you mean")
    page.get_by_role("button", name="Send report").click()
    expect(page.locator("h1")).to_contain_text("Report sent")
