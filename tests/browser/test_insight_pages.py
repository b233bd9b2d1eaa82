"""The analysts' pages in Chromium: the map draws one circle per district with reports and
switches measure, the trends charts render, axe finds nothing on each page, and the
filters work by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.insight.figures import latest_complete_week
from fraudhub.reports.inputs import PersonInput
from tests.factories import make_report, staff_user

from .actions import press_and_wait, press_tab, skip_link_is_first_tab_stop, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser

POSTCODES = ["AL1 3EJ", "AL1 4AA", "SG1 1AA", "HP1 1AA", "WD17 1AA"]


def _reports() -> None:
    today = timezone.localdate()
    for n, postcode in enumerate(POSTCODES):
        make_report(
            victim=PersonInput(
                first_name=f"P{n}", last_name="Example", age=str(20 + 15 * n), postcode=postcode
            ),
            received_date=today - timedelta(days=40 * n),
            amount_lost=f"£{100 * (n + 1)}",
        )
    monday = latest_complete_week(today)
    for n in range(3):
        make_report(
            victim=PersonInput(first_name=f"W{n}", last_name="Week", postcode="EN8 1AA"),
            received_date=monday + timedelta(days=n),
            scam_type="courier",
        )


def _analyst(page: Page) -> None:
    from .actions import sign_in

    sign_in(page, staff_user("analyst", role="Analyst"))


def test_the_map_draws_a_circle_per_district_and_switches_measure(page: Page, axe: Axe) -> None:
    _reports()
    _analyst(page)
    page.goto("/staff/insight/map/")
    expect(page.get_by_role("heading", level=1, name="Map of reports")).to_be_visible()
    the_map = page.locator("#map")
    expect(the_map).to_be_visible()
    expect(the_map).to_have_attribute("aria-hidden", "true")
    # AL1, SG1, HP1, WD17 and EN8 have reports: five circles.
    expect(page.locator("#map path.fh-map__circle")).to_have_count(5)
    expect(the_map).to_have_attribute("data-measure", "reports")
    table = page.get_by_role("table", name="By postcode district")
    expect(table.get_by_role("row", name="EN8 (Cheshunt) 3 3 £3,750.00")).to_be_visible()
    axe("map")

    page.get_by_label("Money lost").check()
    expect(the_map).to_have_attribute("data-measure", "losses")
    expect(page.locator("#map path.fh-map__circle")).to_have_count(5)

    page.get_by_label("Council area").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("table", name="By council area")).to_be_visible()
    # Broxbourne (EN8), St Albans, Stevenage, Dacorum and Watford.
    expect(page.locator("#map path.fh-map__circle")).to_have_count(5)
    axe("map by council")


def test_the_trends_charts_render_with_tables(page: Page, axe: Axe) -> None:
    _reports()
    _analyst(page)
    page.goto("/staff/insight/trends/")
    charts = page.locator(".fh-chart[data-spec]")
    expect(charts).to_have_count(4)
    for index in range(4):
        chart = charts.nth(index)
        expect(chart).to_have_attribute("data-drawn", "true")
        expect(chart.locator("svg")).to_be_visible()
        assert chart.locator("svg").evaluate("el => el.getBoundingClientRect().height") > 50
    expect(page.locator("#age-bands-summary")).to_contain_text("Victims by their age")
    axe("trends")
    page.get_by_text("Victims by age as a table").click()
    table = page.get_by_role("table", name="Victims by their age at the time of the scam")
    expect(table.get_by_role("row", name="Not known 3")).to_be_visible()
    axe("trends with a table open")


def test_emerging_and_data_quality_pages_pass_axe(page: Page, axe: Axe) -> None:
    _reports()
    _analyst(page)
    page.goto("/staff/insight/emerging/")
    expect(page.locator("#scam-types")).to_contain_text("Courier")
    axe("emerging scams")
    page.goto("/staff/insight/data-quality/")
    expect(
        page.get_by_role("table", name="Share of reports with each detail for the victim")
    ).to_be_visible()
    axe("data quality")


def test_a_keyboard_user_filters_the_trends_and_mends_a_bad_date(page: Page, axe: Axe) -> None:
    _reports()
    _analyst(page)
    page.goto("/staff/insight/trends/")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_received_from")
    page.keyboard.type("31/02/2026")
    press_tab(page, "#id_received_to")
    press_tab(page, "#id_scam_type")
    press_tab(page, "form[aria-label='Filter figures'] button")
    press_and_wait(page, "Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Received from must be a real date")
    expect(page.locator("#id_received_from")).to_have_value("31/02/2026")
    axe("trends with an error")
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_received_from")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{timezone.localdate() - timedelta(days=30):%d/%m/%Y}")
    press_tab(page, "#id_received_to")
    press_tab(page, "#id_scam_type")
    page.keyboard.press("End")  # the last kind of scam in the list
    press_tab(page, "form[aria-label='Filter figures'] button")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator("#trends-summary")).to_contain_text("0 reports received")


def test_a_keyboard_user_switches_the_map_to_councils(page: Page) -> None:
    _reports()
    _analyst(page)
    page.goto("/staff/insight/map/")
    tab_to(page, "#id_area")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_area_1")).to_be_checked()
    tab_to(page, "#id_measure")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#map")).to_have_attribute("data-measure", "victims")
    tab_to(page, "form[aria-label='Filter figures'] button")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("table", name="By council area")).to_be_visible()
    # The map takes no Tab stop: after the filters, focus goes on past it.
    tab_to(page, "form[aria-label='Filter figures'] a")
    page.keyboard.press("Tab")
    where = page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    assert page.evaluate("!document.getElementById('map').contains(document.activeElement)"), where
