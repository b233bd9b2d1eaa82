"""Proactive calls from a seized target list in the browser: the queue points to them,
every page passes axe-core (its error state too), and a case manager records a call's
outcome with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fraudhub.casework.models import Case, ProactiveCall
from fraudhub.casework.services import triage_reports
from fraudhub.casework.target_lists import import_target_list
from tests.factories import make_report, staff_user

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser

LIST = (
    "id,given_name,surname,date_of_birth,address_line1,town,postcode,phone,email\n"
    "S1,Peggy,Hughes,,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n"
    "S2,Marie,Dubois,1939-05-05,8 Rue de Rivoli,Paris,75001,+33 1 42 68 53 00,\n"
)


def _seized_list(tmp_path: Path) -> Case:
    case = triage_reports(report_ids=[make_report().report.pk])[0]
    path = tmp_path / "heron.csv"
    path.write_text(LIST, encoding="utf-8")
    import_target_list(path=path, source="Operation Heron, seized by Trading Standards")
    return case


def test_proactive_call_pages_pass_axe(page: Page, axe: Axe, tmp_path: Path) -> None:
    case = _seized_list(tmp_path)
    sign_in(page, staff_user("manager", role="Case manager"))
    expect(page.locator("#proactive-calls")).to_contain_text("2 people")
    axe("queue with proactive calls")

    with page.expect_navigation():
        page.get_by_role("link", name="See the proactive calls").click()
    expect(page.locator("h1")).to_have_text("Proactive calls")
    page.screenshot(path=str(tmp_path / "outreach-list.png"), full_page=True)
    axe("proactive calls")

    with page.expect_navigation():
        page.get_by_role("link", name="Peggy Hughes").click()
    expect(page.locator("#known-victim")).to_contain_text(f"Go to case {case.pk}")
    page.screenshot(path=str(tmp_path / "outreach-call.png"), full_page=True)
    axe("a proactive call to a known victim")

    with page.expect_navigation():
        page.get_by_role("button", name="Save the outcome").click()
    assert_error_page(page, ["Select what happened on the call"])
    axe("a proactive call with an error")

    page.goto(f"/staff/cases/calls/{ProactiveCall.objects.get(name='Marie Dubois').pk}/")
    expect(page.locator("#county-check")).to_contain_text("75001 is not a UK postcode")
    axe("a proactive call to check the county of")


def test_a_case_manager_records_a_call_outcome_with_the_keyboard_alone(
    page: Page, tmp_path: Path
) -> None:
    case = _seized_list(tmp_path)
    call = ProactiveCall.objects.get(case=case)
    sign_in(page, staff_user("manager", role="Case manager"))

    # From the queue to the calls, then to the call: Tab and Enter only, and every element
    # passed on the way shows its focus.
    tab_through_to(page, "a[href='/staff/cases/calls/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Proactive calls")
    tab_through_to(page, f"a[href='/staff/cases/calls/{call.pk}/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_contain_text("Peggy Hughes")

    # Tab into the outcome radios, Space to choose, an arrow key to move within them.
    tab_through_to(page, "input[name=status]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert_focus_visible(page)
    expect(page.locator("input[name=status]:checked")).to_have_value("reached")
    tab_through_to(page, "#id_notes")
    page.keyboard.type("Warned her about the list; no money lost")
    tab_through_to(page, "form[action$='/outcome/'] button")
    press_and_wait(page, "Enter")

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Call outcome saved: Reached: advice given"
    )
    call.refresh_from_db()
    assert (call.status, call.attempts) == ("reached", 1)
    assert "no money lost" in call.notes
    assert case.events.filter(text__startswith="Proactive call: reached").exists()
