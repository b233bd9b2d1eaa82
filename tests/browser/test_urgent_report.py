"""A resident who moved money to a "safe account" and is not sure whether the scammer is
still in touch: the confirmation page promises contact within 1 working day and gives the
hub's phone; the hub's case manager sees the new level 1 case counted on the queue, with
its contact rule. axe-core checks each changed page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.casework.calendar import add_working_days
from fraudhub.casework.models import Case
from tests.factories import staff_user

from .actions import continue_, group, question, sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser


def gov_uk(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def report_a_safe_account_scam(page: Page, axe: Axe) -> None:
    page.goto("/report/")
    expect(page.locator("#hub-contact")).to_contain_text("01632 960 001")
    axe("start page, with the hub's details")
    page.goto("/report/who/")
    page.get_by_label("Myself").check()
    continue_(page)
    page.get_by_label("Bank or building society impersonation").check()
    continue_(page)
    page.get_by_label("Phone call").check()
    continue_(page)
    page.get_by_label("Tell us what happened").fill(
        "The bank's fraud team rang and I moved £4,000 where they told me."
    )
    continue_(page)
    when = group(page, "When did it happen?")
    when.get_by_label("Day").fill("1")
    when.get_by_label("Month").fill("12")
    when.get_by_label("Year").fill("2026")
    continue_(page)
    page.get_by_label("I'm not sure").check()
    continue_(page)
    page.get_by_label("Phone numbers").fill("020 7946 0123")
    continue_(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("How much was lost?").fill("4,000")
    page.get_by_label("How was the money paid or moved?").select_option(
        label="Moved to a 'safe account' the caller gave"
    )
    axe("money, with a safe account chosen")
    continue_(page)
    page.get_by_label("First name").fill("Rita")
    page.get_by_label("Last name").fill("Jones")
    page.get_by_label("Age").fill("79")
    page.get_by_label("Postcode").fill("AL10 9AB")
    continue_(page)
    page.get_by_label("None of these").check()
    continue_(page)
    page.get_by_label("Email address").fill("rita@example.com")
    continue_(page)
    group(page, "Can we contact you about this report?").get_by_label("Yes").check()
    group(
        page, "Can we share this report with partner organisations that fight scams?"
    ).get_by_label("Yes").check()
    continue_(page)
    question(page, "Check your answers before sending your report")
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("£4,000.00 moved to a 'safe account' the caller gave")
    with page.expect_navigation():
        page.get_by_role("button", name="Send report").click()


def test_a_safe_account_report_is_promised_a_day_and_the_duty_team_sees_it_at_once(
    page: Page, axe: Axe, new_page: Callable[[], Page]
) -> None:
    report_a_safe_account_scam(page, axe)

    expect(page.locator("h1")).to_have_text("Report sent")
    due = gov_uk(add_working_days(timezone.localdate(), 1))
    expect(page.locator("#promise")).to_have_text(
        f"You need help quickly: we will contact you within 1 working day, by {due}."
    )
    expect(page.locator("#no-phone")).to_contain_text("we will not phone out of the blue")
    hub = page.locator("#hub-contact")
    expect(hub).to_contain_text("Hertfordshire Fraud Hub")
    expect(hub.get_by_role("link", name="01632 960 001")).to_have_attribute(
        "href", "tel:+441632960001"
    )
    expect(page.locator(".govuk-phase-banner")).to_contain_text(
        "If you need help, call Hertfordshire Fraud Hub on 01632 960 001."
    )
    axe("confirmation, level 1")

    case = Case.objects.get()
    assert case.level == 1
    assert [m.to for m in mail.outbox if m.subject.startswith("New level 1 case")] == [
        ["duty@fraudhub.example"]
    ]

    with page.expect_navigation():
        page.locator("#tracking-link").click()
    expect(page.locator("#hub-contact")).to_contain_text("01632 960 001")
    axe("tracking timeline, with the hub's details")

    page.goto("/accessibility/")
    expect(page.locator("#hub-address")).to_contain_text("1 Example Road")
    axe("accessibility statement")

    staff = new_page()
    sign_in(staff, staff_user("priya", role="Case manager"))
    expect(staff.locator("#level-1-waiting")).to_contain_text(
        "1 level 1 case has nobody assigned (1 new since you last looked)."
    )
    row = staff.locator("tbody tr", has_text="Rita Jones")
    expect(row).to_contain_text("Do not call: scammer may be in touch – write or visit")
    Axe(staff)("case queue, with a new level 1 case")
