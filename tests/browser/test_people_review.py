"""An analyst checks a possible person (four records the model links) as one decision,
splitting out one record, with the keyboard alone; the list, the page and its error
state pass axe-core (WCAG 2.2 A and AA)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.models import PersonDecision
from fraudhub.linking.persons.services import link_people
from tests.factories import staff_user
from tests.linking.test_people_links import victim_record

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_analyst_checks_a_possible_person_as_one_decision_with_the_keyboard_alone(
    page: Page, axe: Axe
) -> None:
    records = [
        victim_record(name, date_of_birth="07/03/1948", phone="01727 123456")
        for name in ("Margaret", "Peggy", "Maggie", "Margaret")
    ]
    link_people()
    odd = records[2]
    sign_in(page, staff_user("analyst", role="Analyst"))

    tab_through_to(page, "nav a[href='/staff/links/clusters/']")
    press_and_wait(page, "Enter")
    tab_through_to(page, "main a[href='/staff/links/people/']")
    press_and_wait(page, "Enter")
    tab_through_to(page, "main a[href='/staff/links/people/?show=linked']")
    press_and_wait(page, "Enter")
    expect(page.locator("#result-count")).to_have_text("1 possible person to check")
    row = page.locator("#links-to-check tbody tr")
    expect(row).to_have_count(1)
    for record in records:
        expect(row).to_contain_text(str(record.report.reference))
    axe("people links to check, by person")

    tab_through_to(page, f"a[href='/staff/links/people/{records[0].pk}/possible/?show=linked']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_contain_text("4 records")
    expect(page.locator("#comparison tbody tr")).to_have_count(4)
    expect(page.locator("#pairs tbody tr")).to_have_count(6)
    axe("a possible person")

    # "No" without saying which records: an error, and what was typed stays
    tab_through_to(page, "input[name=all_same]")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    assert_focus_visible(page)
    expect(page.locator("input[name=all_same]:checked")).to_have_value("no")
    tab_through_to(page, "#id_reason")
    page.keyboard.type("Maggie is her daughter, rang to check")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(page, ["Select the records that are someone else"])
    expect(page.locator("#id_reason")).to_have_value("Maggie is her daughter, rang to check")
    axe("a possible person, with an error")

    tab_through_to(page, f"input[name=not_same][value='{odd.pk}']")
    page.keyboard.press("Space")
    assert_focus_visible(page)
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page).to_have_url(re.compile(r"/staff/links/people/\?show=linked$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 of 4 records are someone else"
    )
    expect(page.locator("#result-count")).to_have_text("0 possible people to check")
    decisions = {(d.left_id, d.right_id): d.same for d in PersonDecision.objects.all()}
    assert len(decisions) == 6
    assert [same for pair, same in decisions.items() if odd.pk in pair] == [False] * 3
    axe("people links to check, all done")
