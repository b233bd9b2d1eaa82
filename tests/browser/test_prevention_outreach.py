"""An analyst records an awareness session with the keyboard alone; the awareness pages
and the warning pages pass axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.prevention.models import AwarenessSession, WarningBatch
from tests.factories import OrganisationFactory, staff_user
from tests.prevention.outreach_world import confirmed_campaign

from .actions import assert_error_page, press_and_wait, sign_in, tab_through_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_an_analyst_records_an_awareness_session_with_the_keyboard_alone(
    page: Page, axe: Axe
) -> None:
    OrganisationFactory(slug="age-uk", name="Age UK Hertfordshire")
    sign_in(page, staff_user("analyst", role="Analyst"))
    page.goto("/staff/prevention/awareness/")
    axe("awareness figures, none yet")

    tab_through_to(page, "a[href='/staff/prevention/awareness/new/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text("Record a session")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(
        page,
        [
            "Enter the date it was held",
            "Select what kind of session it was",
            "Select the organisation that delivered it",
            "Select who it was for",
            "Select the district council area it was in",
            "Enter the number of attendees",
        ],
    )
    axe("record a session, with errors")

    tab_through_to(page, "#id_held_on_day")
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("11")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    tab_through_to(page, "input[name=kind]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=kind]:checked")).to_have_value("talk")
    for field, typed in (
        ("#id_organisation", "Age UK"),
        ("#id_audience", "Older"),
        ("#id_council", "St Albans"),
    ):
        tab_through_to(page, field)
        page.keyboard.type(typed)
    tab_through_to(page, "#id_attendees")
    page.keyboard.type("32")
    tab_through_to(page, "#id_trained")
    page.keyboard.type("6")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page).to_have_url(re.compile(r"/staff/prevention/awareness/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
    session = AwarenessSession.objects.get()
    assert (session.council, session.audience, session.attendees, session.trained) == (
        "St Albans",
        "older_residents",
        32,
        6,
    )
    page.goto("/staff/prevention/awareness/?start=2026-11-01&end=2026-11-30")
    expect(page.locator("#period")).to_contain_text("32 people reached and 6 trained")
    axe("awareness figures with a session")
    page.goto("/staff/prevention/awareness/import/")
    axe("import a file of sessions")


def test_the_warning_pages_pass_axe(page: Page, axe: Axe) -> None:
    campaign = confirmed_campaign()
    sign_in(page, staff_user("manager", role="Case manager"))
    page.goto("/staff/prevention/warnings/")
    expect(page.locator("#campaigns")).to_contain_text("0161 refund calls")
    axe("warnings: confirmed campaigns")

    page.goto(f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/")
    page.get_by_role("button", name="Check the victims").click()
    assert_error_page(
        page, ["Enter what the campaign is likely to do next", "Select letter or email"]
    )
    axe("prepare warnings, with errors")
    page.get_by_label("What do you expect").fill("More calls offering to recover money")
    page.get_by_label("Email").check()
    page.get_by_role("button", name="Check the victims").click()
    expect(page.locator("#recipients")).to_contain_text("Not sent: their contact rules forbid it")
    axe("warning batch before approval")

    page.get_by_role("button", name=re.compile("Approve and send")).click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 warnings sent")
    assert WarningBatch.objects.get().status == WarningBatch.Status.SENT
    axe("warning batch after approval")
    page.get_by_role("link", name=re.compile("Print the 1 letter")).click()
    expect(page.locator("article.fh-letter")).to_have_count(1)
    axe("letters to print")
