"""Call handlers and partners are asked again, as residents are, when an answer is
doubtful: an amount that reads two ways and a scammer's number with too few digits on phone
entry, an amount that reads two ways on the partner referral form. What was typed is kept,
the error summary links to the box, and axe-core checks each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganisationFactory, staff_user

from .actions import assert_error_page, follow_error_link, sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser

TWO_WAYS = "We cannot tell what '12,50' means in pounds"
TWO_WAYS_IN_FULL = (
    f"{TWO_WAYS}: use a comma only between thousands and a full stop before pence, "
    "like 1,250.50 or 12.50"
)


def test_phone_entry_asks_again_for_an_amount_or_a_number_in_doubt(page: Page, axe: Axe) -> None:
    sign_in(page, staff_user("handler", role="Call handler"))
    page.goto("/staff/reports/new/")
    page.get_by_label("The person the scam happened to").check()
    page.get_by_label("First name").fill("Edith")
    page.get_by_label("What happened", exact=True).fill("A caller said he was from her bank.")
    page.get_by_label("Money lost").fill("12,50")
    page.get_by_label("Scammer's phone numbers").fill("0772 123 45")
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(TWO_WAYS)
    expect(summary).to_contain_text("0772 123 45")
    expect(page.get_by_label("Money lost")).to_have_value("12,50")
    expect(page.get_by_label("Scammer's phone numbers")).to_have_value("0772 123 45")
    axe("phone entry, with doubtful answers")
    follow_error_link(page, TWO_WAYS, "#id_amount_lost")


def test_the_referral_form_asks_again_for_an_amount_in_doubt(page: Page, axe: Axe) -> None:
    organisation = OrganisationFactory(slug="age-uk", name="Age UK")
    sign_in(page, staff_user("ageuk", role="Partner user", organisation=organisation))
    page.goto("/staff/referrals/new/")
    page.get_by_label("Your reference for this referral").fill("AGE-2")
    page.get_by_label("Day").first.fill("5")
    page.get_by_label("Month").first.fill("11")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_label("What happened").fill("A caller said her grandson was in trouble")
    page.get_by_label("Money lost").fill("12,50")
    page.get_by_role("button", name="Send referral").click()
    assert_error_page(page, [TWO_WAYS_IN_FULL])
    expect(page.get_by_label("Money lost")).to_have_value("12,50")
    expect(page.get_by_label("Your reference for this referral")).to_have_value("AGE-2")
    axe("referral form, with an amount in doubt")
