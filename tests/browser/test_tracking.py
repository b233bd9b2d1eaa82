"""Following a report without the private link: the /track/ form, its errors, and the
timeline it leads to. axe-core checks each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.reports import services
from tests.factories import make_report, staff_user

from .actions import assert_error_page, follow_error_link, question, skip_link_is_first_tab_stop
from .conftest import Axe

pytestmark = pytest.mark.browser


def find_report(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Find report").click()


def test_a_reporter_finds_their_report_with_its_reference_and_postcode(
    page: Page, axe: Axe
) -> None:
    created = make_report()
    reference = created.report.reference
    assert reference is not None
    services.add_update(
        report=created.report,
        text="We have passed your report to Trading Standards, who are looking into the caller.",
        actor=staff_user("manager"),
    )

    page.goto("/track/")
    question(page, "Track a report")
    expect(page).to_have_title("Track a report – Report a scam – Hertfordshire Fraud Hub")
    skip_link_is_first_tab_stop(page)
    axe("track form")

    find_report(page)
    assert_error_page(
        page,
        [
            "Enter your report reference, like FH-2026-000123",
            "Enter the email address or postcode you gave us",
        ],
    )
    axe("track form, sent empty")
    follow_error_link(page, "Enter the email address or postcode", "#id_email_or_postcode")

    page.get_by_label("Report reference").fill(reference.lower())
    page.get_by_label("Email address or postcode you gave us").fill("SG1 1AA")
    find_report(page)
    assert_error_page(
        page,
        [
            "We could not find a report with that reference and email address or postcode. "
            "Check both and try again."
        ],
    )
    expect(page.get_by_label("Report reference")).to_have_value(reference.lower())
    expect(page.get_by_label("Email address or postcode you gave us")).to_have_value("SG1 1AA")

    page.get_by_label("Email address or postcode you gave us").fill("al1 3ej")
    find_report(page)
    expect(page).to_have_url(re.compile(rf"/track/{reference}/$"))
    expect(page.locator("h1")).to_have_text(reference)
    events = page.locator("ol.fh-timeline .fh-timeline__title")
    expect(events).to_have_text(["Update", "Report received"])
    expect(page.locator("ol.fh-timeline")).to_contain_text(
        "passed your report to Trading Standards"
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Bank or building society impersonation"
    )
    axe("tracking timeline, found with the form")


def test_a_wrong_private_link_says_the_report_was_not_found(page: Page, axe: Axe) -> None:
    reference = make_report().report.reference
    response = page.goto(f"/track/{reference}/not-the-secret/")
    assert response is not None and response.status == 404
    question(page, "We could not find that report")
    expect(page.locator("main")).not_to_contain_text("Report received")
    axe("tracking link not found")
