"""The staff search box, the intelligence export and the missing-page pages in a browser:
an analyst finds a report by a scammer's number typed another way and reaches the export
by keyboard alone; each page passes axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput
from tests.factories import make_report, staff_user

from .actions import sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_analyst_searches_then_exports_a_cluster_by_keyboard(page: Page, axe: Axe) -> None:
    reports = []
    for typed in ("020 7946 0123", "02079460123"):
        created = make_report(identifiers=[IdentifierInput(kind="phone", value=typed)])
        link_reports(report_ids=[created.report.pk])
        reports.append(created.report)
    sign_in(page, staff_user("analyst", role="Analyst"))
    page.goto("/staff/search/")
    axe("staff search, empty")
    tab_to(page, "#id_q")
    page.keyboard.type("+44 20 7946 0123")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/search/?q=*")
    results = page.locator("#by-identifier")
    for report in reports:
        expect(results).to_contain_text(report.reference)
    axe("staff search, with results")
    tab_to(page, "#by-identifier a[href^='/staff/insight/export/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/insight/export/?cluster=*")
    expect(page.locator("h1")).to_contain_text("Export cluster")
    axe("intelligence export")
    page.get_by_label("CSV list (for a spreadsheet or a bank's blocking list)").check()
    tab_to(page, "form button.govuk-button")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".csv")


def test_missing_pages_pass_axe(page: Page, axe: Axe) -> None:
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    axe("public page not found")
    sign_in(page, staff_user("manager"))
    response = page.goto("/staff/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    axe("staff page not found")
