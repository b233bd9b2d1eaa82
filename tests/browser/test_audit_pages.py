"""The reason asked before opening a report from outside the reader's organisation, and the
data protection officer's search of the audit log, by keyboard alone; axe-core checks each
page, empty, in error and with results."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent, Organisation
from tests.factories import OrganisationFactory, hub, make_report, staff_user

from .actions import assert_focus_visible, press_and_wait, sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_officer_gives_a_reason_by_keyboard_and_is_not_asked_again(page: Page, axe: Axe) -> None:
    hub()
    report = make_report().report
    force = OrganisationFactory(
        slug="police", name="Police", kind=Organisation.Kind.POLICE, sees_all_reports=True
    )
    officer = staff_user("officer", role="Partner user", organisation=force)
    sign_in(page, officer)
    # Their list of reports shows other organisations' reports: asked why once first.
    expect(page.locator("h1")).to_have_text("Why are you opening reports of other organisations?")
    expect(page.get_by_text(report.reference)).to_have_count(0)
    axe("reason prompt for lists")
    tab_to(page, "#id_reason")
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page).to_have_url(re.compile(r"/staff/reports/$"))
    expect(page.get_by_text(report.reference)).to_have_count(1)
    page.goto(f"/staff/reports/{report.reference}/")
    expect(page).to_have_url(re.compile(f"/staff/reports/{report.reference}/reason/$"))
    expect(page.locator("h1")).to_have_text("Why are you opening this report?")
    expect(page.get_by_text("Margaret")).to_have_count(0)
    axe("reason prompt")

    # Continue without choosing: the error summary takes focus and links to the radios.
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Select why you are opening this report")
    expect(page).to_have_title(re.compile(r"^Error: "))
    axe("reason prompt, nothing chosen")
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_reason")).to_be_focused()

    # Arrow keys move through the radios; "Other" reveals the box for the reason.
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Other", exact=True)).to_be_checked()
    other = page.get_by_label("Give the reason")
    expect(other).to_be_visible()
    page.keyboard.press("Tab")
    expect(other).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type("Request 2026/41 from the force")
    axe("reason prompt, other reason revealed")
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_contain_text(f"Report {report.reference}")

    seen = AuditEvent.objects.filter(object_id=str(report.pk), action="view", actor=officer)
    assert seen.get().detail == {
        "reason": "Other",
        "reason_given": "Request 2026/41 from the force",
    }

    # Not asked again in this sign-in.
    page.goto(f"/staff/reports/{report.reference}/")
    expect(page.locator("h1")).to_contain_text(f"Report {report.reference}")
    assert seen.count() == 2


def test_the_data_protection_officer_searches_the_log_by_keyboard(page: Page, axe: Axe) -> None:
    hub()
    report = make_report().report
    audit.record(actor=staff_user("manager"), action="view", obj=report)
    dpo = staff_user("dpo", role="Data protection officer")
    sign_in(page, dpo)
    expect(page).to_have_url(re.compile(r"/staff/audit/$"))
    expect(page.locator("h1")).to_have_text("Search the audit log")
    axe("audit log search, empty")

    # Searching with nothing filled in says what to enter.
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a person, a member of staff, an organisation or dates"
    )
    axe("audit log search, nothing entered")

    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_person")).to_be_focused()
    page.keyboard.type("Margaret Hughes")
    tab_to(page, "#id_user")
    page.keyboard.type("manager")
    press_and_wait(page, "Enter")
    expect(page.locator("#result-count")).to_have_text("1 entry found")
    rows = page.locator("tbody .govuk-table__row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(report.reference)
    expect(rows.first).to_contain_text("manager")
    axe("audit log search, results")

    tab_to(page, "#export-csv")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("audit-log-")
    assert AuditEvent.objects.filter(detail__page="audit log search", actor=dpo).count() == 2
