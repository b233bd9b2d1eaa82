"""A case manager records the victim's own answers on contact and sharing at first
contact, given by the victim or by someone with lasting power of attorney: until then the
case and report pages say "Not asked yet", whatever the person who reported answered.
axe-core checks the pages, in their error state too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fraudhub.casework.services import triage_reports
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person
from tests.factories import make_report, staff_user

from .actions import assert_error_page, sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_a_case_manager_records_an_attorneys_answers_for_the_victim(page: Page, axe: Axe) -> None:
    created = make_report(
        victim=PersonInput(first_name="Edna", last_name="Smith", age="84", postcode="SG1 2AB"),
        reporter=PersonInput(
            role=Person.Role.REPORTER,
            relationship="family",
            first_name="Sam",
            last_name="Smith",
            phone="07700 900123",
            consent_to_contact=True,
            consent_to_share=True,
        ),
    )
    case = triage_reports(report_ids=[created.report.pk])[0]
    sign_in(page, staff_user("priya", role="Case manager"))

    page.goto(f"/staff/reports/{created.report.reference}/")
    expect(page.locator("#victim-consent-share")).to_have_text("Not asked yet")
    axe("report page, the victim not asked yet")

    page.goto(f"/staff/cases/{case.pk}/")
    expect(page.locator("#victim-consent-contact")).to_have_text("Not asked yet")
    expect(page.locator("#victim-consent-by")).to_have_text("Not asked yet")
    with page.expect_navigation():
        page.get_by_role("link", name="Record the victim's answers on contact and sharing").click()
    expect(page.locator("h1")).to_have_text("Record the victim's consent")
    axe("record the victim's consent")

    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert_error_page(
        page,
        [
            "Select who answered: the victim or their attorney",
            "Enter the date they answered",
            "Select yes if they agreed that the fraud hub may contact them",
            "Select yes if they agreed to sharing with partner organisations",
        ],
    )
    axe("record the victim's consent, sent empty")

    attorney_name = page.get_by_label("Name of the person with lasting power of attorney")
    expect(attorney_name).to_be_hidden()
    page.get_by_label("Someone with lasting power of attorney for them").check()
    expect(attorney_name).to_be_visible()
    attorney_name.fill("Sam Smith")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2026")
    page.locator("#id_consent_to_contact").check()
    page.locator("#id_consent_to_share_1").check()  # No
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The victim's answers on contact and sharing are recorded"
    )
    expect(page.locator("#victim-consent-contact")).to_have_text("Yes")
    expect(page.locator("#victim-consent-share")).to_have_text("No")
    expect(page.locator("#victim-consent-by")).to_have_text(
        "Someone with lasting power of attorney for them: Sam Smith, 2 December 2026"
    )
    axe("case page, the victim's answers recorded")
