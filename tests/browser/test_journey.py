"""The public reporting journey, walked with a mouse from the start page to the tracking
page, for a victim reporting for themselves and for someone reporting for another person.
axe-core checks every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from fraudhub.reports.models import Person, Report
from tests.factories import staff_user

from .actions import (
    REFERENCE,
    assert_error_page,
    continue_,
    follow_error_link,
    group,
    open_menu,
    question,
    sign_in,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def send_and_track(page: Page, axe: Axe | None = None) -> str:
    """From check-your-answers: send, read the reference, follow the private tracking
    link and check the timeline (with axe too, when given). Returns the reference."""
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel.locator("h1")).to_have_text("Report sent")
    expect(page).to_have_title("Report sent – Report a scam – Hertfordshire Fraud Hub")
    reference = page.locator("#reference").inner_text().strip()
    assert REFERENCE.match(reference), reference
    expect(panel).to_contain_text(reference)
    if axe:
        axe("confirmation")

    link = page.locator("#tracking-link")
    href = link.get_attribute("href") or ""
    assert f"/track/{reference}/" in href
    expect(link).to_have_text(href)
    with page.expect_navigation():
        link.click()

    expect(page).to_have_title(f"Your report {reference} – Report a scam – Hertfordshire Fraud Hub")
    expect(page.locator("h1")).to_have_text(reference)
    expect(page.locator(".govuk-caption-l")).to_have_text("Your report")
    events = page.locator("ol.fh-timeline .fh-timeline__title")
    expect(events).to_have_text(["Report received"])
    if axe:
        axe("tracking timeline from the private link")
    return reference


def test_a_victim_reports_a_scam_for_themselves_and_tracks_it(page: Page, axe: Axe) -> None:
    page.goto("/report/")
    question(page, "Report a scam")
    axe("start page")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()

    question(page, "Who are you reporting a scam for?")
    expect(page).to_have_title(
        "Who are you reporting a scam for? – Report a scam – Hertfordshire Fraud Hub"
    )
    axe("who")
    page.get_by_label("Myself").check()
    continue_(page)

    question(page, "What kind of scam was it?")
    axe("scam-type")
    page.get_by_label("Bank or building society impersonation").check()
    continue_(page)

    question(page, "How did the scammer first get in touch with you?")
    axe("contact-method")
    page.get_by_label("Phone call").check()
    continue_(page)

    question(page, "Tell us what happened")
    axe("what-happened")
    page.get_by_label("Tell us what happened").fill(
        "A man rang saying he was from my bank's fraud team and told me to move my savings "
        "to a safe account."
    )
    continue_(page)

    question(page, "When did it happen?")
    axe("when")
    when = group(page, "When did it happen?")
    when.get_by_label("Day").fill("5")
    when.get_by_label("Month").fill("3")
    when.get_by_label("Year").fill("2026")
    continue_(page)

    question(page, "Is the scammer still in touch with you, or still asking for money?")
    axe("still-in-contact")
    page.get_by_label("No", exact=True).check()
    continue_(page)

    question(page, "What details did the scammer use?")
    axe("scammer-details")
    page.get_by_label("Phone numbers").fill("020 7946 0123")
    page.get_by_label("Names they used").fill("Dave from the fraud team")
    continue_(page)

    question(page, "Did you lose any money?")
    axe("money")
    amount = page.get_by_label("How much was lost?")
    expect(amount).to_be_hidden()
    page.get_by_label("Yes", exact=True).check()
    expect(amount).to_be_visible()
    axe("money, with the amount revealed")
    amount.fill("1,250")
    page.get_by_label("How was the money paid or moved?").select_option(label="Bank transfer")
    page.get_by_label("Sort code").fill("30-99-50")
    page.get_by_label("Account number").fill("00733445")
    continue_(page)

    question(page, "About you")
    axe("about")
    page.get_by_label("First name").fill("Margaret")
    page.get_by_label("Last name").fill("Hughes")
    page.get_by_label("Age").fill("78")
    page.get_by_label("Postcode").fill("al1 3ej")
    continue_(page)

    question(page, "Does any of this apply to you?")
    axe("support-needs")
    page.get_by_label("Lives alone").check()
    page.get_by_label("Disability").check()
    expect(page.get_by_label("Lives alone")).to_be_checked()  # checkboxes: several at once
    continue_(page)

    question(page, "How can we contact you?")
    axe("contact-details")
    page.get_by_label("Phone number").fill("01727 123456")
    page.get_by_label("Email address").fill("margaret@example.com")
    continue_(page)

    question(page, "Contact and sharing")
    axe("consent")
    group(page, "Can we contact you about this report?").get_by_label("Yes").check()
    group(
        page, "Can we share this report with partner organisations that fight scams?"
    ).get_by_label("Yes").check()
    continue_(page)

    question(page, "Check your answers before sending your report")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Myself")
    expect(summary).to_contain_text("Bank or building society impersonation")
    expect(summary).to_contain_text("Margaret Hughes")
    expect(summary).to_contain_text("AL1 3EJ")
    expect(summary).to_contain_text("£1,250.00 by bank transfer")
    support = summary.locator(".govuk-summary-list__row", has_text="Support needs")
    expect(support.locator(".govuk-summary-list__value")).to_have_text(
        "Lives alone\nDisability", use_inner_text=True
    )
    axe("check your answers")

    reference = send_and_track(page, axe)

    report = Report.objects.get(reference=reference)
    assert report.source == Report.Source.PUBLIC_WEB
    assert report.scam_type is not None and report.scam_type.slug == "bank_impersonation"
    assert report.amount_lost == Decimal("1250")
    victim = report.victim
    assert victim is not None
    assert (victim.first_name, victim.last_name, victim.postcode) == (
        "Margaret",
        "Hughes",
        "AL1 3EJ",
    )
    assert report.reporter is None
    assert victim.vulnerability_indicators == ["lives_alone", "disability"]
    # Every page was checked: start, the 13 questions (money twice), check, sent, timeline.
    assert len(axe.checked) == 17, axe.checked


def test_someone_reports_for_their_mother_and_staff_see_how_to_contact_her(
    page: Page, axe: Axe, new_page: Callable[[], Page]
) -> None:
    """On the way, the pages only someone reporting for another person sees are also sent
    with mistakes, to check how they explain them (the victim's pages are checked in
    test_errors)."""
    page.goto("/report/who/")
    question(page, "Who are you reporting a scam for?")
    page.get_by_label("Someone else").check()
    continue_(page)

    question(page, "How do you know the person the scam happened to?")
    expect(page.locator(".govuk-back-link")).to_have_attribute("href", "/report/who/")
    axe("relationship")
    continue_(page)
    assert_error_page(page, ["Select how you know the person the scam happened to"])
    follow_error_link(page, "Select how you know", "#id_relationship")
    page.get_by_label("Family member").check()
    continue_(page)

    question(page, "What kind of scam was it?")
    page.get_by_label("Courier fraud").check()
    continue_(page)

    question(page, "How did the scammer first get in touch with them?")
    page.get_by_label("Phone call").check()
    continue_(page)

    question(page, "Tell us what happened")
    page.get_by_label("Tell us what happened").fill(
        "Someone claiming to be a police officer told my mother to hand her bank cards to a "
        "courier. She did, and money was taken."
    )
    continue_(page)

    question(page, "When did it happen?")
    page.get_by_label("Day").fill("12")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2026")
    continue_(page)

    question(page, "Is the scammer still in touch with them, or still asking for money?")
    page.get_by_label("Yes", exact=True).check()
    continue_(page)

    question(page, "What details did the scammer use?")
    page.get_by_label("Phone numbers").fill("07700 900123")
    continue_(page)

    question(page, "Did they lose any money?")
    page.get_by_label("No", exact=True).check()
    continue_(page)

    question(page, "About the person it happened to")
    page.get_by_label("Their first name").fill("Joan")
    page.get_by_label("Their last name").fill("Price")
    page.get_by_label("Their age").fill("84")
    page.get_by_label("Their postcode").fill("SG1 1HN")
    continue_(page)

    question(page, "Does any of this apply to them?")
    page.get_by_label("Cognitive impairment or dementia").check()
    continue_(page)

    question(page, "How can we safely contact them?")
    expect(page).to_have_title(
        "How can we safely contact them? – Report a scam – Hertfordshire Fraud Hub"
    )
    axe("safe-contact")
    continue_(page)
    assert_error_page(page, ["Select how we can safely contact them"])
    carer = page.get_by_label("Name and phone number of their carer or attorney")
    expect(carer).to_be_hidden()
    page.get_by_label("Only through their carer or attorney").check()
    expect(carer).to_be_visible()
    axe("safe-contact, with the carer's details revealed")
    continue_(page)
    assert_error_page(page, ["Enter the name and phone number of their carer or attorney"])
    expect(page.get_by_label("Only through their carer or attorney")).to_be_checked()
    expect(carer).to_be_visible()
    axe("safe-contact, with an error in the revealed question")
    follow_error_link(page, "Enter the name and phone number", "#id_carer_details")
    page.get_by_label("Contact them directly").check()
    page.get_by_label("Their email address (optional)").fill("joan@")
    continue_(page)
    assert_error_page(page, ["Enter an email address like name@example.com"])
    expect(page.get_by_label("Contact them directly")).to_be_checked()
    expect(page.get_by_label("Their email address (optional)")).to_have_value("joan@")
    page.get_by_label("Do not phone: the scammer may still be in touch").check()
    expect(carer).to_be_hidden()
    expect(page.get_by_label("Their email address (optional)")).to_be_hidden()
    continue_(page)

    question(page, "How can we contact you?")
    axe("contact-details, for someone else")
    continue_(page)
    assert_error_page(page, ["Enter your first name", "Enter your last name"])
    follow_error_link(page, "Enter your last name", "#id_reporter_last_name")
    page.get_by_label("Your first name").fill("Sarah")
    page.get_by_label("Your last name").fill("Price")
    page.get_by_label("Phone number").fill("07700 900456")
    page.get_by_label("Email address").fill("sarah.price@example.com")
    continue_(page)

    question(page, "Contact and sharing")
    group(page, "Can we contact you about this report?").get_by_label("Yes").check()
    group(
        page, "Can we share this report with partner organisations that fight scams?"
    ).get_by_label("Yes").check()
    continue_(page)

    question(page, "Check your answers before sending your report")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("Someone else")
    expect(summary).to_contain_text("Family member")
    expect(summary).to_contain_text("Joan Price")
    expect(summary).to_contain_text("Do not phone: the scammer may still be in touch")
    expect(summary).to_contain_text("Sarah Price")

    reference = send_and_track(page)

    report = Report.objects.get(reference=reference)
    victim, reporter = report.victim, report.reporter
    assert victim is not None and reporter is not None
    assert victim.contact_rule == Person.ContactRule.NO_PHONE
    assert (reporter.first_name, reporter.relationship) == ("Sarah", Person.Relationship.FAMILY)

    staff = new_page()
    sign_in(staff, staff_user("manager", role="Case manager"))
    open_menu(staff, "Reports")
    with staff.expect_navigation():
        staff.get_by_role("link", name=reference).click()
    expect(staff.locator("h1")).to_contain_text(f"Report {reference}")
    rule = staff.locator("#contact-rule")
    expect(rule).to_be_visible()
    expect(rule).to_contain_text(
        "How to contact the victim: Do not phone: the scammer may still be in touch"
    )
    expect(rule).to_contain_text("Warning")
