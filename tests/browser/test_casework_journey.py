"""A case manager takes a level 1 case from the queue to closure in the browser, the
reporter sees each step on their tracking page, every page passes axe-core, a stale edit
is refused, and the contact page works with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.casework.models import Case
from fraudhub.reports.services import PersonInput
from tests.factories import OrganisationFactory, make_report, staff_user

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def _victim(first: str, last: str, age: str) -> PersonInput:
    return PersonInput(
        first_name=first,
        last_name=last,
        age=age,
        postcode="AL1 3EJ",
        phone="01727 123456",
        email=f"{first.lower()}@example.com",
        consent_to_contact=True,
    )


def _save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def _action(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()


def test_a_level_1_case_goes_from_the_queue_to_closure_and_the_reporter_sees_it(
    page: Page, new_page, axe: Axe
) -> None:
    created = make_report(victim=_victim("Margaret", "Hughes", "78"), amount_lost="£12,000")
    make_report(victim=_victim("Brian", "Cole", "45"), amount_lost="")
    make_report(victim=_victim("Dora", "Lane", "72"), amount_lost="")
    OrganisationFactory(slug="citizens-advice", name="Citizens Advice")
    manager = staff_user("manager", role="Case manager")
    manager.first_name, manager.last_name = "Priya", "Shah"
    manager.save()

    sign_in(page, manager)
    expect(page.locator("h1")).to_have_text("Cases")
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text("Level 1")
    expect(first_row).to_contain_text("Margaret Hughes")
    skip_link_is_first_tab_stop(page)
    axe("case queue")

    with page.expect_navigation():
        page.get_by_role("link", name="Margaret Hughes").click()
    expect(page.locator("#triage-reasons")).to_contain_text("Lost £12,000.00, at least £10,000.00")
    axe("case page")

    _action(page, "Change who the case is assigned to")
    page.get_by_label("Assign to").select_option(label="Priya Shah")
    _save(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assigned to Priya Shah")

    _action(page, "Record a contact")
    _save(page)  # empty: every question is flagged
    assert_error_page(
        page,
        ["Select how you made contact", "Select who you contacted", "Select what happened"],
    )
    axe("record a contact, with errors")
    page.get_by_role("group", name="How").get_by_label("Phone").check()
    page.get_by_role("group", name="With whom").get_by_label("The victim").check()
    page.get_by_role("group", name="What happened").get_by_label("Spoke to them").check()
    page.get_by_label(re.compile("how much has this affected them")).select_option("8")
    _save(page)
    expect(page.locator("h1")).to_contain_text("In contact")

    _action(page, "Assess needs")
    for need, level in (
        ("Practical", "Some need"),
        ("Emotional", "High need"),
        ("Financial", "High need"),
        ("Safeguarding", "No need"),
        ("Digital", "Some need"),
    ):
        page.get_by_role("group", name=need).get_by_label(level).check()
    _save(page)
    expect(page.locator("#assessment")).to_contain_text("High need")

    _action(page, "Add an action to the plan")
    axe("add to the support plan")
    page.get_by_label("Action").select_option(label="Call blocker")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2030")
    _save(page)
    expect(page.locator("h1")).to_contain_text("Plan active")
    _action(page, "Change the status of Call blocker")
    page.get_by_label("Status").select_option(label="Done")
    _save(page)
    expect(page.locator("#plan")).to_contain_text("Done")

    _action(page, "Refer to a partner")
    page.get_by_label("Refer to").select_option(label="Citizens Advice")
    page.get_by_label("Why").fill("Help to claim back the money from the bank")
    _save(page)
    expect(page.locator("#referrals")).to_contain_text("Citizens Advice: Sent")

    _action(page, "Move the case")
    page.get_by_label("Closing").check()
    _save(page)
    _action(page, "Record the outcome and close")
    axe("close the case")
    page.get_by_label("Support complete").check()
    page.get_by_label(re.compile("affect them now")).select_option("3")
    page.get_by_role("group", name=re.compile("spot and avoid scams")).get_by_label("Yes").check()
    page.get_by_role("group", name="Was money recovered?").get_by_label("Some of it").check()
    page.get_by_label(re.compile("How satisfied")).select_option(label="Very satisfied")
    _save(page)
    expect(page.locator("h1")).to_contain_text("Closed")
    expect(page.locator("#follow-ups li")).to_have_count(3)
    expect(page.locator("#outcome")).to_contain_text("At first contact: 8. At closure: 3")

    page.goto("/staff/cases/dashboard/")
    axe("team dashboard")

    public = new_page()
    public.goto(created.tracking_path)
    timeline = public.locator("main")
    expect(timeline).to_contain_text("been in touch to offer support")
    expect(timeline).to_contain_text("support plan has been agreed")
    expect(timeline).to_contain_text("support has finished")
    expect(timeline).to_contain_text("Closed")  # the report's status follows its case


def test_a_stale_edit_is_refused_and_nothing_is_lost(page: Page, new_page) -> None:
    make_report(victim=_victim("Edna", "Smith", "81"))
    case = Case.objects.get()
    manager = staff_user("manager", role="Case manager")
    sign_in(page, manager)
    other = new_page()
    sign_in(other, manager)
    for tab in (page, other):
        tab.goto(f"/staff/cases/{case.pk}/contact/")
        tab.get_by_role("group", name="How").get_by_label("Phone").check()
        tab.get_by_role("group", name="With whom").get_by_label("The victim").check()
        tab.get_by_role("group", name="What happened").get_by_label("No answer").check()
    _save(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact recorded")
    _save(other)
    expect(other).to_have_title(re.compile(r"^Error: "))
    summary = other.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Someone else changed this case")
    expect(
        other.get_by_role("group", name="What happened").get_by_label("No answer")
    ).to_be_checked()
    assert case.contacts.count() == 1


def test_a_case_manager_records_a_contact_with_the_keyboard_alone(page: Page) -> None:
    make_report(victim=_victim("Frank", "Moss", "74"))
    case = Case.objects.get()
    sign_in(page, staff_user("manager", role="Case manager"))
    tab_to(page, f"a[href='/staff/cases/{case.pk}/']")
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    tab_to(page, f"a[href='/staff/cases/{case.pk}/contact/']")
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    for name, presses in (("method", 0), ("with_whom", 0), ("outcome", 1)):
        tab_to(page, f"input[name={name}]")
        assert_focus_visible(page)
        page.keyboard.press("Space")  # the first choice
        for _ in range(presses):
            page.keyboard.press("ArrowDown")  # arrow keys move within a radio group
    expect(page.locator("input[name=outcome]:checked")).to_have_value("no_answer")
    tab_to(page, "button.govuk-button")
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact recorded")
    assert case.contacts.get().outcome == "no_answer"
