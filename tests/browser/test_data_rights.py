"""The data protection officer answers a person's rights with the keyboard alone: finds
their records, restricts processing (through the error state), downloads everything held,
and opens the retention schedule; an administrator changes a period. Every page passes
axe-core (WCAG 2.2 A and AA)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from fraudhub.governance.models import Restriction, RetentionRule
from fraudhub.governance.retention import Kind
from fraudhub.reports.inputs import PersonInput
from tests.factories import make_report, staff_user

from .actions import (
    assert_error_page,
    press_and_wait,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_a_data_protection_officer_answers_a_request_with_the_keyboard_alone(
    page: Page, axe: Axe
) -> None:
    margaret = PersonInput(
        first_name="Margaret", last_name="Hughes", date_of_birth="07/03/1948", postcode="AL1 3EJ"
    )
    first = make_report(victim=margaret).report
    second = make_report(victim=margaret, received_date=date(2026, 1, 5)).report
    sign_in(page, staff_user("dpo", role="Data protection officer"))

    tab_through_to(page, "nav a[href='/staff/data-rights/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Find a person's records")
    skip_link_is_first_tab_stop(page)
    axe("find a person's records")

    # A name with no date of birth: the error state, which passes axe too.
    tab_through_to(page, "#id_name")
    page.keyboard.type("Margaret Hughes")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/data-rights/?*")
    assert_error_page(page, ["Enter the date of birth"])
    axe("find a person's records, with an error")

    tab_through_to(page, "#id_date_of_birth_day")
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("1948")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/data-rights/?*")
    expect(page.locator("#result-count")).to_have_text("2 records found")
    axe("find a person's records, with results")

    tab_through_to(page, "#found a.govuk-link")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Margaret Hughes")
    expect(page.locator("#records tbody tr")).to_have_count(2)
    expect(page.locator("#records")).to_contain_text(str(first.reference))
    expect(page.locator("#records")).to_contain_text(str(second.reference))
    axe("a person's records")

    # Restrict processing: first without a reason, then with one.
    tab_through_to(page, "#actions a[href$='/restrict/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Restrict processing")
    axe("restrict processing")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(page, ["Enter why processing is being restricted"])
    axe("restrict processing, with an error")
    tab_through_to(page, "#id_reason")
    page.keyboard.type("She disputes the account of what happened")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Processing restricted")
    expect(page.locator("#restricted-notice")).to_be_visible()
    assert Restriction.objects.filter(lifted_at__isnull=True).count() == 2
    axe("a person's records, restricted")

    # Download everything held, from the keyboard.
    tab_through_to(page, "#export")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    data = json.loads(archive.read("subject-access.json"))
    assert {r["reference"] for r in data["reports"]} == {first.reference, second.reference}
    assert data["restrictions"]

    # The restricted report's own page is a notice and nothing more.
    tab_through_to(page, f"#records a[href='/staff/reports/{first.reference}/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Processing of this report is restricted")
    expect(page.locator("main")).not_to_contain_text("Margaret")
    axe("a restricted report")

    # The retention schedule, which the officer sees but cannot change.
    page.goto("/staff/data-rights/")
    tab_through_to(page, "main a[href='/staff/data-rights/retention/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Retention schedule")
    expect(page.locator("#schedule")).to_contain_text("Reports with no support case")
    expect(page.locator("main")).to_contain_text("Only an administrator can change the periods")
    axe("retention schedule")
    tab_through_to(page, "#dry-run")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("nothing was changed")
    expect(page.locator("#runs tbody tr")).to_have_count(1)
    axe("retention schedule, after a count")


def test_an_administrator_changes_a_retention_period_with_the_keyboard_alone(
    page: Page, axe: Axe
) -> None:
    sign_in(page, staff_user("admin", role="Administrator"))
    page.goto("/staff/data-rights/retention/")
    tab_through_to(page, f"#id_{Kind.QUARANTINED_ROWS.value}")
    page.keyboard.press("Control+A")
    page.keyboard.type("sixty")
    tab_through_to(page, "#schedule-form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(page, ["Enter a whole number of days, like 90 or 1095"])
    axe("retention schedule, with an error")
    tab_through_to(page, f"#id_{Kind.QUARANTINED_ROWS.value}")
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    tab_through_to(page, "#schedule-form button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Retention schedule saved")
    expect(page.locator("#schedule")).to_contain_text("60 days")
    assert RetentionRule.objects.get(kind=Kind.QUARANTINED_ROWS).keep_days == 60
    axe("retention schedule, saved")
