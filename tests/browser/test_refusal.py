"""A page a person's role does not allow: the server refuses it with a page that says so
in plain words, names their role and who to ask, and passes axe-core; the menu never
offered it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.factories import OrganisationFactory, staff_user

from .actions import sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_a_partner_asking_for_the_case_queue_is_told_why_not(page: Page, axe: Axe) -> None:
    partner: User = staff_user(
        "ts",
        role="Partner user",
        organisation=OrganisationFactory(slug="trading-standards", name="Trading Standards"),
    )
    sign_in(page, partner)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Cases")).to_have_count(0)
    expect(menu.get_by_role("link", name="Take a report by phone")).to_have_count(0)
    response = page.goto("/staff/cases/")
    assert response is not None and response.status == 403
    expect(page.locator("h1")).to_have_text("You cannot do this")
    expect(page.locator("#refusal-reason")).to_contain_text(
        "You cannot see cases. Your role is Partner user"
    )
    expect(page.get_by_role("link", name="Go to your start page")).to_be_visible()
    axe("refused: a partner asking for the case queue")
