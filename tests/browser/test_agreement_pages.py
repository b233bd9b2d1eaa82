"""An administrator records a data-sharing agreement, is asked again for what is missing,
reads it and ends it, by keyboard alone; axe-core checks every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.governance.models import SharingAgreement
from tests.factories import OrganisationFactory, hub, staff_user

from .actions import press_and_wait, sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_administrator_records_reads_and_ends_an_agreement_by_keyboard(
    page: Page, axe: Axe
) -> None:
    parties = [
        hub(),
        OrganisationFactory(slug="police", name="Hertfordshire Police", kind="police"),
    ]
    sign_in(page, staff_user("admin", role="Administrator"))
    page.goto("/staff/agreements/")
    expect(page.locator("h1")).to_have_text("Data-sharing agreements")
    axe("agreement list, empty")

    tab_to(page, "a.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Record a data-sharing agreement")
    axe("new agreement form")

    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page).to_have_title(re.compile(r"^Error: Record a data-sharing agreement"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the name of the agreement")
    axe("new agreement form, with errors")

    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Victim referrals: police and hub")
    tab_to(page, "#id_owner")
    page.keyboard.type("Fraud Hub")
    expect(page.locator("#id_owner option:checked")).to_have_text("Fraud Hub")
    for party in parties:
        tab_to(page, f"input[name=parties][value='{party.pk}']")
        page.keyboard.press("Space")
    tab_to(page, "#id_purpose")
    page.keyboard.type("To support victims of fraud")
    tab_to(page, "#id_lawful_basis")
    page.keyboard.type("Law enforcement purposes")
    tab_to(page, "input[name=categories][value=scam_details]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=shows_counts][value=yes]")  # a radio group is one tab stop
    page.keyboard.press("ArrowDown")
    expect(page.locator("input[name=shows_counts][value=no]")).to_be_checked()
    today = timezone.localdate()
    review = today + timedelta(days=365)
    for name, day in (("starts_on", today), ("review_on", review)):
        tab_to(page, f"#id_{name}_day")
        page.keyboard.type(str(day.day))
        page.keyboard.press("Tab")
        page.keyboard.type(str(day.month))
        page.keyboard.press("Tab")
        page.keyboard.type(str(day.year))
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page.locator("h1")).to_contain_text("Victim referrals: police and hub")
    expect(page.locator("h1 .govuk-tag")).to_have_text("In force")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Agreement recorded"
    )
    axe("agreement page")
    made = SharingAgreement.objects.get()
    assert made.categories == ["scam_details"]
    assert {p.name for p in made.parties.all()} == {"Fraud Hub", "Hertfordshire Police"}

    tab_to(page, "a.govuk-button--warning")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("End the agreement")
    axe("end an agreement")
    tab_to(page, "#id_reason")
    page.keyboard.type("The pilot finished")
    tab_to(page, "button.govuk-button--warning")
    press_and_wait(page, "Enter")
    expect(page.locator("#ended")).to_contain_text("The pilot finished")
    expect(page.locator("h1 .govuk-tag")).to_have_text("Ended")
    axe("agreement page, ended")

    page.goto("/staff/agreements/")
    expect(page.locator("#agreements")).to_contain_text("Ended")
    axe("agreement list")
