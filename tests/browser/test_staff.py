"""Staff pages: signing in, the report list, a report with an update for the reporter, and
the form for a report taken by phone. axe-core checks each page, in its error states too."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from tests.factories import make_report, staff_user

from .actions import (
    assert_error_page,
    follow_error_link,
    open_menu,
    question,
    sign_in,
    skip_link_is_first_tab_stop,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def for_someone_else() -> Report:
    """A report made by a daughter for her father, who must be contacted through her."""
    return make_report(
        victim=PersonInput(
            first_name="Derek",
            last_name="Shaw",
            age="88",
            postcode="SG1 1HN",
            contact_rule=Person.ContactRule.VIA_REPORTER,
            vulnerability_indicators=[Person.Vulnerability.COGNITIVE],
        ),
        reporter=PersonInput(
            role=Person.Role.REPORTER,
            relationship=Person.Relationship.FAMILY,
            first_name="Lucy",
            last_name="Shaw",
            email="lucy@example.com",
            consent_to_contact=True,
        ),
        amount_lost="about two grand",
    ).report


def test_staff_search_reports_and_send_the_reporter_an_update(page: Page, axe: Axe) -> None:
    make_report()
    make_report(scam_type="courier", identifiers=[])
    report = for_someone_else()
    user = staff_user("manager", role="Case manager")

    page.goto("/staff/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/"))
    question(page, "Sign in to Fraud Hub")
    axe("staff sign-in")
    sign_in(page, user)
    question(page, "Cases")  # the fraud hub's staff start at their case queue
    open_menu(page, "Reports")

    question(page, "Reports")
    expect(page.locator("#result-count")).to_have_text("3 reports")
    skip_link_is_first_tab_stop(page)
    axe("staff report list")

    page.get_by_label("Received from").fill("last Tuesday")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert_error_page(page, ["Enter a date as day/month/year, like 1/3/2026"])
    expect(page.get_by_label("Received from")).to_have_value("last Tuesday")
    axe("staff report list, with a filter error")
    follow_error_link(page, "Enter a date", "#id_received_from")

    page.get_by_label("Received from").fill("")
    page.get_by_label("Reference or name").fill("Shaw")
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 report")
    with page.expect_navigation():
        page.get_by_role("link", name=str(report.reference)).click()

    expect(page.locator("h1")).to_contain_text(f"Report {report.reference}")
    rule = page.locator("#contact-rule")
    expect(rule).to_contain_text("Only through the person who reported it")
    expect(page.locator("main")).to_contain_text("Reported on their behalf by")
    expect(page.locator("main")).to_contain_text("“about two grand” is not an amount")
    axe("staff report page")

    with page.expect_navigation():
        page.get_by_role("button", name="Add update").click()
    assert_error_page(page, ["Enter the update for the person who reported this"])
    axe("staff report page, update sent empty")
    follow_error_link(page, "Enter the update", "#id_text")

    page.get_by_label("Add an update for the person who reported this").fill(
        "We have spoken to your father's bank, which has stopped the payments."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Update added and emailed to the person who reported this"
    )
    expect(page.locator("ol.fh-timeline .fh-timeline__title")).to_have_text(
        ["Update", "Report received"]
    )
    expect(page.locator("ol.fh-timeline")).to_contain_text("stopped the payments")
    axe("staff report page, after adding an update")


def test_a_wrong_password_is_explained_the_gov_uk_way(page: Page, axe: Axe) -> None:
    staff_user("manager", role="Case manager")
    page.goto("/staff/sign-in/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("not-the-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    question(page, "Sign in to Fraud Hub")
    assert_error_page(page, ["Enter a correct username and password. Both are case-sensitive."])
    expect(page.get_by_label("Username")).to_have_value("manager")
    expect(page.get_by_label("Password")).to_have_value("")
    axe("staff sign-in, with a wrong password")
    follow_error_link(page, "Enter a correct username", "#id_username")


def test_a_call_handler_types_a_report_taken_by_phone(page: Page, axe: Axe) -> None:
    sign_in(page, staff_user("handler", role="Case manager"))
    with page.expect_navigation():
        page.get_by_role("link", name="Take a report by phone").click()

    question(page, "Take a report by phone")
    expect(page.get_by_role("link", name="Take a report by phone")).to_have_attribute(
        "aria-current", "page"
    )
    axe("phone entry")

    page.get_by_label("Postcode").fill("AL1 3")
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()
    assert_error_page(page, ["Select who is calling", "Enter what happened, in the caller's words"])
    expect(page.get_by_label("Postcode")).to_have_value("AL1 3")
    axe("phone entry, with errors")
    follow_error_link(page, "Enter what happened", "#id_narrative")

    page.get_by_label("Someone calling for them").check()
    page.get_by_label("Caller's full name").fill("Tom Baker")
    page.get_by_label("First name").fill("Edith")
    page.get_by_label("Last name").fill("Baker")
    page.get_by_label("Only through the person who reported it").check()
    page.get_by_label("What happened", exact=True).fill(
        "A man came to the door offering to fix the roof and took £900 in cash."
    )
    axe("phone entry, filled in, with the caller's details revealed")
    with page.expect_navigation():
        page.get_by_role("button", name="Save report").click()

    expect(page).to_have_url(re.compile(r"/staff/reports/FH-\d{4}-\d{6}/after-the-call/$"))
    question(page, "Report saved")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile(r"^Open report FH-")).click()
    expect(page).to_have_url(re.compile(r"/staff/reports/FH-\d{4}-\d{6}/$"))
    expect(page.locator("h1")).to_contain_text("Report FH-")
    expect(page.locator("#contact-rule")).to_contain_text("Only through the person who reported it")
    expect(page.locator("main")).to_contain_text("Tom Baker")
