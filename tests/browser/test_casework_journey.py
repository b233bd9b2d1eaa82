"""A case manager takes a level 1 case from the queue to closure in the browser, the
reporter sees each step on their tracking page, every casework page passes axe-core (error
states too), a stale edit is refused, and a contact can be recorded with the keyboard
alone."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from fraudhub.casework.models import Case
from fraudhub.reports.inputs import PersonInput
from tests.factories import OrganisationFactory, make_report, staff_user

from .actions import (
    assert_error_page,
    assert_focus_visible,
    group,
    press_and_wait,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def _victim(first: str, last: str, age: str) -> PersonInput:
    """A victim reporting for themselves, who agreed to be contacted and to sharing."""
    return PersonInput(
        first_name=first,
        last_name=last,
        age=age,
        postcode="AL1 3EJ",
        phone="01727 123456",
        email=f"{first.lower()}@example.com",
        consent_to_contact=True,
        consent_to_share=True,
    )


def _save(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()


def _follow(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()


def _banner(page: Page) -> str:
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_be_visible()
    return banner.inner_text()


def _contacts(page: Page) -> int:
    """How many contact attempts the case page lists."""
    table = page.get_by_role("table", name="Contact attempts, newest first")
    return table.locator("tbody tr").count()


def test_a_level_1_case_goes_from_the_queue_to_closure_and_the_reporter_sees_it(
    page: Page, new_page: Callable[[], Page], axe: Axe
) -> None:
    created = make_report(victim=_victim("Margaret", "Hughes", "78"), amount_lost="£12,000")
    make_report(victim=_victim("Dora", "Lane", "72"), amount_lost="", lost_money=False)
    make_report(victim=_victim("Brian", "Cole", "45"), amount_lost="", lost_money=False)
    make_report(victim=_victim("Ruth", "Ames", "74"), amount_lost="£300")
    OrganisationFactory(slug="citizens-advice", name="Citizens Advice")
    manager = staff_user("priya", role="Case manager")
    manager.first_name, manager.last_name = "Priya", "Shah"
    manager.save()

    # The queue: most urgent first, level 1 at the top.
    sign_in(page, manager)
    expect(page.locator("h1")).to_have_text("Cases")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.locator("td:first-child")).to_have_text(
        ["Level 1", "Level 2", "Level 2", "Level 3"]
    )
    expect(rows.first).to_contain_text("Margaret Hughes")
    expect(rows.last).to_contain_text("Brian Cole")
    skip_link_is_first_tab_stop(page)
    axe("case queue")

    with page.expect_navigation():
        rows.first.get_by_role("link", name="Margaret Hughes").click()
    expect(page.locator("h1")).to_contain_text("Level 1")
    expect(page.locator("#triage-reasons")).to_contain_text("Lost £12,000.00, at least £10,000.00")
    axe("case page, new")

    _follow(page, "Change who the case is assigned to")
    axe("assign page")
    page.get_by_label("Assign to").select_option(label="Priya Shah")
    _save(page)
    assert "Assigned to Priya Shah" in _banner(page)

    _follow(page, "Record a contact")
    axe("record a contact")
    _save(page)  # empty: every question is flagged
    assert_error_page(
        page, ["Select how you made contact", "Select who you contacted", "Select what happened"]
    )
    axe("record a contact, with errors")
    group(page, "How").get_by_label("Phone").check()
    group(page, "With whom").get_by_label("The victim").check()
    group(page, "What happened").get_by_label("Spoke to them").check()
    page.get_by_label(re.compile("how much has this affected them")).select_option("8")
    _save(page)
    assert "Contact recorded" in _banner(page)
    expect(page.locator("h1")).to_contain_text("In contact")
    expect(page.locator("#first-contact")).to_contain_text("Made on")

    _follow(page, "Assess needs")
    axe("needs assessment")
    for need, level in (
        ("Practical", "Some need"),
        ("Emotional", "High need"),
        ("Financial", "High need"),
        ("Safeguarding", "No need"),
        ("Digital", "Some need"),
    ):
        group(page, need).get_by_label(level).check()
    _save(page)
    expect(page.locator("#assessment")).to_contain_text("High need")

    _follow(page, "Add an action to the plan")
    axe("add to the support plan")
    page.get_by_label("Who will do it").fill("")
    _save(page)
    assert_error_page(
        page, ["Select an action", "Enter who will do it", "Enter the date it is due by"]
    )
    axe("add to the support plan, with errors")
    page.get_by_label("Action").select_option(label="Call blocker")
    page.get_by_label("Who will do it").fill("Fraud hub")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("12")
    page.get_by_label("Year").fill("2030")
    _save(page)
    expect(page.locator("h1")).to_contain_text("Plan active")
    expect(page.locator("#plan")).to_contain_text("Call blocker")
    _follow(page, "Change the status of Call blocker")
    axe("update a plan action")
    page.get_by_label("Status").select_option(label="Done")
    _save(page)
    expect(page.locator("#plan tbody tr")).to_have_count(1)
    expect(page.locator("#plan tbody tr")).to_contain_text("Done")

    _follow(page, "Refer to a partner")
    axe("refer to a partner")
    page.get_by_label("Refer to").select_option(label="Citizens Advice")
    page.get_by_label("Why").fill("Help to claim back the money from the bank")
    _save(page)
    expect(page.locator("#referrals")).to_contain_text("Citizens Advice: Sent")

    _follow(page, "Move the case")
    axe("move the case")
    page.get_by_label("Closing").check()
    _save(page)
    expect(page.locator("h1")).to_contain_text("Closing")

    _follow(page, "Record the outcome and close")
    axe("close the case")
    _save(page)
    assert_error_page(
        page,
        [
            "Select why the case is closing",
            "Select whether they feel able to spot scams, or not asked",
            "Select whether money was recovered",
        ],
    )
    axe("close the case, with errors")
    page.get_by_label("Support complete").check()
    page.get_by_label(re.compile("affect them now")).select_option("3")
    group(page, "Do they feel able to spot and avoid scams now?").get_by_label("Yes").check()
    group(page, "Was money recovered?").get_by_label("Some of it").check()
    page.get_by_label("How satisfied were they with the support?").select_option(
        label="Very satisfied"
    )
    _save(page)
    assert "Follow-up checks are booked for 1, 3 and 6 months" in _banner(page)
    expect(page.locator("h1")).to_contain_text("Closed")
    expect(page.locator("#outcome")).to_contain_text("Support complete")
    expect(page.locator("#outcome")).to_contain_text("At first contact: 8. At closure: 3")
    expect(page.locator("#follow-ups li")).to_have_count(3)
    for months in ("1 month,", "3 months,", "6 months,"):
        expect(page.locator("#follow-ups")).to_contain_text(months)
    axe("case page, closed")

    page.goto("/staff/cases/")
    expect(page.locator("tbody tr")).to_have_count(3)  # a closed case leaves the queue
    page.goto("/staff/cases/dashboard/")
    expect(page.locator("h1")).to_have_text("Team dashboard")
    axe("team dashboard")

    public = new_page()
    public.goto(created.tracking_path)
    expect(public.locator("h1")).to_contain_text(created.report.reference)
    main = public.locator("main")
    expect(main).to_contain_text("been in touch to offer support")  # first contact
    expect(main).to_contain_text("support plan has been agreed")
    expect(main).to_contain_text("support has finished")
    expect(main).to_contain_text("Closed")  # the report's status follows its case
    assert "Priya" not in main.inner_text()  # no staff or case details for the public
    Axe(public)("tracking page after the updates")


def test_a_stale_edit_is_refused_and_nothing_is_lost(page: Page) -> None:
    make_report(victim=_victim("Edna", "Smith", "81"))
    case = Case.objects.get()
    manager = staff_user("manager", role="Case manager")
    sign_in(page, manager)
    second = page.context.new_page()  # another tab of the same browser: the same login
    for tab in (page, second):
        tab.goto(f"/staff/cases/{case.pk}/contact/")
        group(tab, "How").get_by_label("Phone").check()
        group(tab, "With whom").get_by_label("The victim").check()
    group(page, "What happened").get_by_label("No answer").check()
    group(second, "What happened").get_by_label("Left a message").check()

    _save(page)
    assert "Contact recorded" in _banner(page)
    _save(second)
    expect(second).to_have_title(re.compile(r"^Error: "))
    summary = second.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("There is a problem")
    expect(summary).to_contain_text("Someone else changed this case")
    # What the second tab typed is still there to make again.
    expect(group(second, "What happened").get_by_label("Left a message")).to_be_checked()
    Axe(second)("record a contact, refused as stale")

    _follow(second, "See the case as it is now")
    assert _contacts(second) == 1
    expect(second.get_by_role("table", name="Contact attempts, newest first")).to_contain_text(
        "No answer"
    )
    assert list(case.contacts.values_list("outcome", flat=True)) == ["no_answer"]


def test_a_case_manager_records_a_contact_with_the_keyboard_alone(page: Page) -> None:
    make_report(victim=_victim("Frank", "Moss", "74"))
    case = Case.objects.get()
    sign_in(page, staff_user("manager", role="Case manager"))
    expect(page.locator("h1")).to_have_text("Cases")

    # From the queue to the case, then to "Record a contact": Tab and Enter only, and
    # every element passed on the way shows its focus.
    tab_through_to(page, f"a[href='/staff/cases/{case.pk}/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_contain_text("Frank Moss")
    tab_through_to(page, f"a[href='/staff/cases/{case.pk}/contact/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Record a contact")

    # Tab into each radio group, Space to choose, arrow keys to move within the group.
    tab_through_to(page, "#id_method")
    page.keyboard.press("Space")
    expect(page.locator("#id_method")).to_be_checked()  # Phone
    tab_through_to(page, "input[name=with_whom]")
    page.keyboard.press("ArrowDown")
    assert_focus_visible(page)
    expect(page.locator("input[name=with_whom]:checked")).to_have_value("reporter")
    page.keyboard.press("ArrowUp")
    assert_focus_visible(page)
    expect(page.locator("input[name=with_whom]:checked")).to_have_value("victim")
    tab_through_to(page, "input[name=outcome]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert_focus_visible(page)
    expect(page.locator("input[name=outcome]:checked")).to_have_value("no_answer")

    # Past the button, then back to it with Shift+Tab.
    tab_through_to(page, "form a.govuk-link")  # Cancel
    tab_through_to(page, "form button.govuk-button", backwards=True)
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Contact recorded")
    contact = case.contacts.get()
    assert (contact.method, contact.with_whom, contact.outcome) == ("phone", "victim", "no_answer")
