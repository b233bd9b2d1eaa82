"""A case manager helps a victim get money back in the browser: records payments on a
level 1 case, sees their routes and deadlines, lodges and decides a claim, and sees the
team dashboard change; axe-core finds nothing on the new pages (error states too); the
payments page can be worked with the keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.casework import recovery_library
from fraudhub.casework.models import Bank, Case, MessageTemplate
from fraudhub.reports.inputs import PersonInput
from tests.factories import make_report, staff_user

from .actions import (
    assert_error_page,
    group,
    press_and_wait,
    press_tab,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_through_to,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _banks_and_letters(taxonomy_rows: None) -> None:
    """The banks and letters the data migration made (transactional tests flush them)."""
    recovery_library.seed(Bank, MessageTemplate)


def _level_1_case() -> Case:
    victim = PersonInput(
        first_name="Margaret",
        last_name="Hughes",
        age="78",
        postcode="AL1 3EJ",
        consent_to_contact=True,
        consent_to_share=True,
    )
    created = make_report(victim=victim, amount_lost="£12,000")
    case = Case.objects.get(reports=created.report)
    assert case.level == 1
    return case


def _save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def _date(page: Page, legend: str, day: object) -> None:
    fieldset = group(page, legend)
    fieldset.get_by_label("Day").fill(str(day.day))  # type: ignore[attr-defined]
    fieldset.get_by_label("Month").fill(str(day.month))  # type: ignore[attr-defined]
    fieldset.get_by_label("Year").fill(str(day.year))  # type: ignore[attr-defined]


def test_payments_claims_and_the_dashboard(page: Page, axe: Axe) -> None:
    case = _level_1_case()
    sign_in(page, staff_user("priya", role="Case manager"))
    today = timezone.localdate()

    page.goto(f"/staff/cases/{case.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Payments, refund routes and claims").click()
    expect(page.get_by_role("heading", name="Payments and claims", level=1)).to_be_visible()
    axe("payments page, empty")

    # A payment with what is wrong: the page says what to fix and keeps what was typed.
    with page.expect_navigation():
        page.get_by_role("link", name="Record a payment").click()
    _save(page)
    assert_error_page(
        page,
        [
            "Enter the date of the payment",
            "Enter the amount, like 250 or 1,250.50",
            "Select how the money was paid",
            "Select yes if the victim made the payment themselves",
        ],
    )
    axe("record a payment, errors")
    _date(page, "Date of the payment", today - timedelta(days=10))
    page.get_by_label("Amount").fill("9,500")
    page.get_by_label("Faster Payment (bank transfer)").check()
    group(page, "Did the victim make the payment themselves?").get_by_label(
        "Yes, the victim made it"
    ).check()
    page.get_by_label("The victim's bank or building society").select_option(label="Barclays")
    page.get_by_label("Payee's sort code").fill("20-00-00")
    page.get_by_label("Payee's account number").fill("55779911")
    axe("record a payment")
    _save(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Payment of £9,500.00")

    # Its routes, deadlines and what can be claimed.
    card = page.locator(".govuk-summary-card").first
    expect(card).to_contain_text("APP scam reimbursement")
    expect(card).to_contain_text("days left")
    axe("payments page with a payment")

    # A claim: started, lodged, decided in part.
    with page.expect_navigation():
        page.get_by_role("link", name="Start a claim").click()
    page.get_by_label("APP scam reimbursement").check()
    page.get_by_label("The bank the claim goes to").select_option(label="Barclays")
    page.get_by_label("£9,500.00", exact=False).check()
    page.get_by_label("Amount claimed").fill("9500")
    axe("start a claim")
    _save(page)
    expect(page.locator("#claims")).to_be_visible()
    expect(page.get_by_role("cell", name="Drafting")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Update the claim").click()
    page.get_by_label("Lodged with the bank").check()
    _date(page, "When?", today - timedelta(days=4))
    axe("update a claim")
    _save(page)
    expect(page.get_by_role("cell", name="Lodged with the bank")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Bank's answer due")

    with page.expect_navigation():
        page.get_by_role("link", name="Update the claim").click()
    page.get_by_label("Reimbursed in part").check()
    _date(page, "When?", today)
    page.get_by_label("Amount the bank has paid back so far").fill("6000")
    _save(page)
    expect(page.get_by_role("cell", name="Reimbursed in part")).to_be_visible()
    expect(page.locator("body")).to_contain_text("£3,500.00")  # still outstanding

    # A letter kept on the case.
    with page.expect_navigation():
        page.get_by_role("link", name="Write a letter").click()
    page.get_by_label("Complaint letter").check()
    page.get_by_label("PDF").check()
    axe("write a letter")
    _save(page)
    expect(page.get_by_role("link", name="Complaint letter (PDF")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Write a letter").first.click()
    page.get_by_label("Complaint letter").check()
    page.get_by_label("Word").check()
    _save(page)
    axe("payments page with its letters")
    page.set_viewport_size({"width": 390, "height": 900})  # a phone: the smaller type
    axe("payments page with its letters, on a phone")
    page.set_viewport_size({"width": 1024, "height": 900})

    # The team dashboard counts the money.
    page.goto("/staff/cases/dashboard/")
    expect(page.locator("#money-claimed")).to_have_text("£9,500.00")
    expect(page.locator("#money-reimbursed")).to_have_text("£6,000.00")
    expect(page.locator("#money-share")).to_have_text("63%")
    expect(page.locator("#money-per-bank")).to_contain_text("Barclays")
    axe("dashboard with money recovered")

    page.goto("/staff/cases/claims-to-chase/")
    expect(page.get_by_role("heading", name="Claims to chase")).to_be_visible()
    axe("claims to chase")


def test_the_payments_page_by_keyboard_alone(page: Page) -> None:
    case = _level_1_case()
    sign_in(page, staff_user("priya", role="Case manager"))
    today = timezone.localdate() - timedelta(days=3)
    page.goto(f"/staff/cases/{case.pk}/money/")
    skip_link_is_first_tab_stop(page)
    tab_through_to(page, "a[href$='/money/payments/new/']")
    press_and_wait(page, "Enter")

    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_paid_on_day")
    page.keyboard.type(str(today.day))
    press_tab(page, "#id_paid_on_month")
    page.keyboard.type(str(today.month))
    press_tab(page, "#id_paid_on_year")
    page.keyboard.type(str(today.year))
    press_tab(page, "#id_amount")
    page.keyboard.type("480")
    press_tab(page, "#id_method")
    page.keyboard.press("Space")  # the first method: Faster Payment
    tab_to(page, "#id_authorised")
    page.keyboard.press("Space")
    tab_to(page, "#id_bank")
    page.keyboard.press("ArrowDown")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Payment of £480.00")
    expect(page.locator(".govuk-summary-card")).to_contain_text("APP scam reimbursement")
    tab_through_to(page, "a[href$='/money/claims/new/']")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="Start a claim")).to_be_visible()
