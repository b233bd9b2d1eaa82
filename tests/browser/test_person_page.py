"""An analyst opens a person's linked records, and confirms or splits a proposed link
with the keyboard alone; both pages, and the error state, pass axe-core."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.models import PersonDecision, PersonGroupMember
from fraudhub.linking.persons.services import link_people
from tests.factories import staff_user
from tests.linking.test_people_links import victim_record

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def decide_with_the_keyboard(page: Page, *, same: bool, reason: str) -> None:
    """On a proposed link: Tab into the radios, Space (and an arrow for "No"), type the
    reason, Enter on Save; the chosen answer visibly focused on the way."""
    tab_through_to(page, "input[name=same]")
    page.keyboard.press("Space")
    if not same:
        page.keyboard.press("ArrowDown")
    assert_focus_visible(page)
    expect(page.locator("input[name=same]:checked")).to_have_value("yes" if same else "no")
    tab_through_to(page, "#id_reason")
    page.keyboard.type(reason)
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")


def test_an_analyst_splits_then_confirms_a_link_with_the_keyboard_alone(
    page: Page, axe: Axe, tmp_path: Path
) -> None:
    first = victim_record("Margaret", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", date_of_birth="07/03/1948", phone="01727123456")
    link_people()
    sign_in(page, staff_user("analyst", role="Analyst"))

    page.goto(f"/staff/links/people/{first.pk}/")
    expect(page.locator("h1")).to_have_text("Margaret Hughes")
    expect(page.locator("#records tbody tr")).to_have_count(2)
    expect(page.locator("#links")).to_contain_text("First name: nickname or formal name")
    expect(page.locator("#links")).to_contain_text("Linked")
    axe("person page")
    skip_link_is_first_tab_stop(page)
    page.screenshot(path=str(tmp_path / "person-page.png"), full_page=True)

    # To the proposed link: Tab and Enter only, every stop on the way visibly focused.
    decide = f"a[href='/staff/links/people/{first.pk}/links/{second.pk}/']"
    tab_through_to(page, decide)
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Margaret Hughes and Peggy Hughes")
    axe("proposed link")
    page.screenshot(path=str(tmp_path / "proposed-link.png"), full_page=True)

    # Saving with nothing chosen shows the error summary, which passes axe too.
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(
        page, ["Select whether these are the same person", "Enter why you decided this"]
    )
    axe("proposed link with errors")

    # Split it, with the keyboard alone.
    decide_with_the_keyboard(page, same=False, reason="Sisters at one address: checked by phone")
    expect(page).to_have_url(re.compile(rf"/staff/links/people/{first.pk}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("not the same person")
    expect(page.locator("#links")).to_contain_text("Split")
    expect(page.locator("#decisions")).to_contain_text("Sisters at one address")
    assert not PersonGroupMember.objects.filter(person=first).exists()
    axe("person page after a split")
    page.screenshot(path=str(tmp_path / "person-page-split.png"), full_page=True)

    # Confirm it again after all: the newest decision counts.
    tab_through_to(page, decide)
    press_and_wait(page, "Enter")
    decide_with_the_keyboard(
        page, same=True, reason="Rang back: one person, Peggy is her usual name"
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("the same person")
    expect(page.locator("#links")).to_contain_text("Confirmed")
    assert PersonDecision.objects.count() == 2
    member = PersonGroupMember.objects.get(person=first)
    assert PersonGroupMember.objects.get(person=second).group_id == member.group_id
