"""What a resident relies on when a page has a problem: the GOV.UK error summary, links
that take them to the field, "Error: " at the start of the title, and what they typed kept.
axe-core checks the pages in their error states. (The pages only someone reporting for
another person sees are sent with mistakes in test_journey.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .actions import (
    assert_error_page,
    continue_,
    follow_error_link,
    question,
    walk_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_empty_page_shows_the_error_summary_which_leads_to_the_question(
    page: Page, axe: Axe
) -> None:
    page.goto("/report/who/")
    continue_(page)

    expect(page).to_have_title(
        "Error: Who are you reporting a scam for? – Report a scam – Hertfordshire Fraud Hub"
    )
    assert_error_page(page, ["Select who you are reporting a scam for"])
    question(page, "Who are you reporting a scam for?")
    axe("who, sent empty")
    follow_error_link(page, "Select who you are reporting a scam for", "#id_reporting_for")

    page.get_by_label("Myself").check()
    continue_(page)
    question(page, "What kind of scam was it?")
    expect(page).to_have_title(
        "What kind of scam was it? – Report a scam – Hertfordshire Fraud Hub"
    )
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_every_page_of_a_victims_journey_explains_its_errors_and_keeps_what_was_typed(
    page: Page, axe: Axe
) -> None:
    """Each page is sent empty or with mistakes: the messages are the ones the page
    promises, each leads to its field, and what was typed is still there to correct."""
    walk_to(page, "scam-type")
    continue_(page)
    assert_error_page(page, ["Select the kind of scam, or 'Something else or not sure'"])
    axe("scam-type, sent empty")
    page.get_by_label("Parcel delivery scam").check()
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Select how the scammer first got in touch"])
    page.get_by_label("Text message").check()
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Tell us what happened"])
    page.get_by_label("Tell us what happened").fill("Scam text")
    continue_(page)
    assert_error_page(
        page, ["Tell us a little more about what happened, in at least 10 characters"]
    )
    axe("what-happened, too short")
    expect(page.get_by_label("Tell us what happened")).to_have_value("Scam text")
    follow_error_link(page, "Tell us a little more", "#id_narrative")
    page.get_by_label("Tell us what happened").fill("A scam text asked me to pay a parcel fee.")
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Enter the date it happened, or your best guess"])
    axe("when, sent empty")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    continue_(page)
    assert_error_page(page, ["The date it happened must include a year"])
    follow_error_link(page, "must include a year", "#id_incident_date_year")
    expect(page.get_by_label("Day")).to_have_value("31")
    expect(page.get_by_label("Month")).to_have_value("2")
    page.get_by_label("Year").fill("2026")
    continue_(page)
    assert_error_page(page, ["The date it happened must be a real date"])
    expect(page.get_by_label("Day")).to_have_value("31")
    expect(page.get_by_label("Month")).to_have_value("2")
    expect(page.get_by_label("Year")).to_have_value("2026")
    follow_error_link(page, "must be a real date", "#id_incident_date_day")
    page.get_by_label("Day").fill("28")
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Select yes, no or I'm not sure"])
    page.get_by_label("I'm not sure").check()
    continue_(page)

    question(page, "What details did the scammer use?")
    page.get_by_label("Phone numbers").fill("07700 900123\nring me")
    page.get_by_label("Email addresses").fill("parcels@example.com")
    page.get_by_label("Websites").fill("not a website")
    page.get_by_label("Names they used").fill("Royal Parcel Service")
    continue_(page)
    assert_error_page(
        page,
        [
            "Check the phone number 'ring me': enter it with its area code, like 01727 123456 or +44 7700 900123",
            "Check the website 'not a website': it should look like example.com",
        ],
    )
    axe("scammer-details, with errors")
    expect(page.get_by_label("Phone numbers")).to_have_value("07700 900123\nring me")
    expect(page.get_by_label("Email addresses")).to_have_value("parcels@example.com")
    expect(page.get_by_label("Websites")).to_have_value("not a website")
    expect(page.get_by_label("Names they used")).to_have_value("Royal Parcel Service")
    follow_error_link(page, "Check the website", "#id_websites")
    page.get_by_label("Phone numbers").fill("07700 900123")
    page.get_by_label("Websites").fill("royal-parcel-fees.com")
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Select yes if any money was lost"])
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Sort code").fill("12")
    continue_(page)
    assert_error_page(
        page,
        [
            "Enter how much was lost, or your best guess",
            "Select how the money was paid or moved",
            "Enter a sort code of 6 numbers, like 30 99 50",
        ],
    )
    # The answer that revealed the questions stays chosen, and they stay revealed.
    expect(page.get_by_label("Yes", exact=True)).to_be_checked()
    expect(page.get_by_label("How much was lost?")).to_be_visible()
    expect(page.get_by_label("Sort code")).to_have_value("12")
    axe("money, with errors in the revealed questions")
    follow_error_link(page, "Enter how much was lost", "#id_amount_lost")
    follow_error_link(page, "Select how the money was paid or moved", "#id_payment_method")
    page.get_by_label("How much was lost?").fill("1.99")
    page.get_by_label("How was the money paid or moved?").select_option(
        label="Debit or credit card"
    )
    page.get_by_label("Sort code").fill("")
    continue_(page)

    question(page, "About you")
    continue_(page)
    assert_error_page(
        page, ["Enter your first name", "Enter your last name", "Enter your postcode, like AL1 3EJ"]
    )
    page.get_by_label("First name").fill("Margaret")
    page.get_by_label("Age").fill("old")
    page.get_by_label("Postcode").fill("AL1")
    continue_(page)
    assert_error_page(
        page,
        [
            "Enter your last name",
            "Enter an age in years, as a number from 0 to 120",
            "Enter the full postcode, like AL1 3EJ, not just the first part",
        ],
    )
    expect(page.get_by_label("First name")).to_have_value("Margaret")
    expect(page.get_by_label("Age")).to_have_value("old")
    expect(page.get_by_label("Postcode")).to_have_value("AL1")
    axe("about, with errors")
    follow_error_link(page, "Enter your last name", "#id_last_name")
    follow_error_link(page, "Enter the full postcode", "#id_postcode")
    page.get_by_label("Last name").fill("Hughes")
    page.get_by_label("Age").fill("78")
    page.get_by_label("Postcode").fill("AL1 3EJ")
    continue_(page)

    continue_(page)
    assert_error_page(page, ["Select any that apply, or 'None of these'"])
    axe("support-needs, sent empty")
    follow_error_link(page, "Select any that apply", "#id_indicators")
    page.get_by_label("Recent bereavement").check()
    page.get_by_label("None of these").check()  # GOV.UK's script: "none" clears the others
    expect(page.get_by_label("Recent bereavement")).not_to_be_checked()
    page.get_by_label("Recent bereavement").check()
    expect(page.get_by_label("None of these")).not_to_be_checked()
    continue_(page)

    question(page, "How can we contact you?")
    page.get_by_label("Phone number").fill("call me")
    page.get_by_label("Email address").fill("margaret@")
    continue_(page)
    assert_error_page(
        page,
        [
            "Enter a phone number, like 01727 123456 or 07700 900123",
            "Enter an email address like name@example.com",
        ],
    )
    expect(page.get_by_label("Phone number")).to_have_value("call me")
    expect(page.get_by_label("Email address")).to_have_value("margaret@")
    axe("contact-details, with errors")
    follow_error_link(page, "Enter an email address", "#id_email")
    page.get_by_label("Phone number").fill("")
    page.get_by_label("Email address").fill("margaret@example.com")
    continue_(page)

    continue_(page)
    assert_error_page(
        page,
        [
            "Select yes if we can contact you about this report",
            "Select yes if we can share your report with partner organisations",
        ],
    )
    axe("consent, sent empty")
    follow_error_link(page, "Select yes if we can share", "#id_consent_to_share")
    page.locator("#id_consent_to_share").check()
    continue_(page)
    assert_error_page(page, ["Select yes if we can contact you about this report"])
    expect(page.locator("#id_consent_to_share")).to_be_checked()
    page.locator("#id_consent_to_contact").check()
    continue_(page)

    question(page, "Check your answers before sending your report")
    expect(page.locator(".govuk-summary-list")).to_contain_text("royal-parcel-fees.com")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Recent bereavement")
