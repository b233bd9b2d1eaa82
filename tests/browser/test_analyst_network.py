"""An analyst's intelligence pages in a browser: the cluster's network is drawn with every
report, victim and identifier as a node; axe-core finds nothing against WCAG 2.2 AA on the
cluster list, a cluster and the identifier search; and a keyboard alone goes from the menu
to the search, to a cluster, through the chart to a report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.models import ClusterMember
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report
from tests.factories import make_report, staff_user

from .actions import assert_focus_visible, press_and_wait, sign_in, tab_through_to
from .conftest import TIMEOUT_MS, Axe, Tabs

pytestmark = pytest.mark.browser


def _linked_reports() -> list[Report]:
    """Three reports sharing a scammer's phone (typed three ways), one also a website."""
    reports = []
    for first_name, phone, extra in (
        ("Ann", "020 7946 0123", [IdentifierInput(kind="website", value="fake-parcels.co.uk")]),
        ("Bob", "+44 20 7946 0123", []),
        ("Cath", "02079460123", []),
    ):
        victim = PersonInput(first_name=first_name, last_name="Hughes", postcode="AL1 3EJ")
        created = make_report(
            victim=victim, identifiers=[IdentifierInput(kind="phone", value=phone), *extra]
        )
        reports.append(created.report)
    link_reports(report_ids=[r.pk for r in reports])
    return reports


def _cluster_id(report: Report) -> int:
    return ClusterMember.objects.get(report=report).cluster_id


@pytest.fixture
def browser_without_js(tabs: Tabs) -> Page:
    """A browser tab with JavaScript turned off."""
    context = tabs.browser.new_context(
        base_url=tabs.site, viewport={"width": 1024, "height": 900}, java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    tabs.contexts.append(context)
    return context.new_page()


def test_the_network_is_drawn_with_a_node_for_each_report_person_and_identifier(
    page: Page, axe: Axe
) -> None:
    reports = _linked_reports()
    sign_in(page, staff_user("analyst", role="Analyst"))

    page.goto(f"/staff/links/clusters/{_cluster_id(reports[0])}/")

    canvas = page.locator("#network-canvas")
    # 3 reports, 3 victims, 1 phone and 1 website; each report links to its victim and
    # its identifiers: 3 + 3 + 1 links.
    expect(canvas).to_have_attribute("data-nodes", "8")
    expect(canvas).to_have_attribute("data-edges", "7")
    expect(canvas.locator("canvas").first).to_be_visible()
    assert canvas.evaluate("el => el.getBoundingClientRect().height") > 300
    key = page.get_by_role("list", name="Key to the chart")
    for label in ("Report", "Victim", "Phone number", "Website"):
        expect(key.get_by_text(label, exact=True)).to_be_visible()
    expect(page.locator("#network-summary")).to_contain_text(
        "3 reports, 3 victims and 2 identifiers, joined by 7 links"
    )
    # At the default zoom the labels drawn are 12 px or more and none overlaps another.
    assert float(canvas.get_attribute("data-label-px") or 0) >= 12
    assert int(canvas.get_attribute("data-labelled") or 0) >= 4
    expect(canvas).to_have_attribute("data-label-overlaps", "0")
    axe("cluster page")


def test_the_cluster_page_works_without_javascript(browser_without_js: Page) -> None:
    page = browser_without_js
    reports = _linked_reports()
    sign_in(page, staff_user("analyst", role="Analyst"))

    page.goto(f"/staff/links/clusters/{_cluster_id(reports[0])}/")

    expect(page.locator("#network")).to_be_hidden()
    table = page.get_by_role("table", name="Identifiers and the reports that hold them")
    # each identifier's reports, besides the links that publish it for checking
    expect(table.get_by_role("link").filter(has_not_text="Publish for checking")).to_have_count(4)
    expect(
        page.get_by_role("table", name="Reports, oldest first").get_by_role("link")
    ).to_have_count(3)


def test_the_list_and_search_pages_pass_axe(page: Page, axe: Axe) -> None:
    _linked_reports()
    sign_in(page, staff_user("analyst", role="Analyst"))

    page.goto("/staff/links/clusters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clusters of linked reports")
    axe("cluster list")
    page.goto("/staff/links/clusters/?district=nowhere")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe("cluster list with an error")

    page.goto("/staff/links/search/")
    axe("identifier search")
    page.goto("/staff/links/search/?value=")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a phone number")
    axe("identifier search with an error")
    page.goto("/staff/links/search/?value=020+7946+0123")
    expect(page.locator("#result-count")).to_have_text("3 reports found")
    axe("identifier search results")
    page.goto("/staff/links/search/?value=159")
    expect(page.locator(".govuk-warning-text")).to_contain_text("excluded from linking")
    axe("identifier search for an excluded value")


def test_a_keyboard_user_goes_from_the_menu_to_search_to_a_cluster_to_a_report(
    page: Page,
) -> None:
    reports = _linked_reports()
    sign_in(page, staff_user("analyst", role="Analyst"))

    tab_through_to(page, "nav a[href='/staff/links/clusters/']")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clusters of linked reports")

    tab_through_to(page, "main a[href='/staff/links/search/']")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search for an identifier")

    tab_through_to(page, "#id_value")
    page.keyboard.type("020 7946 0123")
    press_and_wait(page, "Enter")
    expect(page.locator("#result-count")).to_have_text("3 reports found")

    cluster_id = _cluster_id(reports[0])
    tab_through_to(page, f"main a[href='/staff/links/clusters/{cluster_id}/']")
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Cluster {cluster_id}")

    tab_through_to(page, "#network-canvas")
    assert_focus_visible(page)
    status = page.locator("#network-selected")
    for _ in range(8):
        page.keyboard.press("ArrowRight")
        if status.text_content().startswith("Report:"):  # type: ignore[union-attr]
            break
    expect(status).to_have_text(re.compile(r"^Report: FH-\d{4}-\d{6}, \d links?\. Press Enter"))
    reference = status.text_content().split(" ")[1].rstrip(",")  # type: ignore[union-attr]
    press_and_wait(page, "Enter")
    expect(page).to_have_url(re.compile(f"/staff/reports/{reference}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def test_scrolling_over_the_chart_moves_the_page_and_zoom_is_on_the_buttons(page: Page) -> None:
    reports = _linked_reports()
    sign_in(page, staff_user("analyst", role="Analyst"))
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(f"/staff/links/clusters/{_cluster_id(reports[0])}/")
    canvas = page.locator("#network-canvas")
    expect(canvas).to_have_attribute("data-nodes", "8")
    start = float(canvas.get_attribute("data-zoom") or 0)

    canvas.scroll_into_view_if_needed()
    canvas.hover()
    page.wait_for_timeout(500)  # a pause, as a person makes, after the page last scrolled
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 250)
    # Functions, not strings: the page's policy refuses the eval a string predicate needs.
    page.wait_for_function("y => window.scrollY > y", arg=before)
    assert float(canvas.get_attribute("data-zoom") or 0) == start

    def zoom() -> float:
        return float(canvas.get_attribute("data-zoom") or 0)

    page.get_by_role("button", name="Zoom in").click()
    zoomed = zoom()
    assert zoomed > start
    page.get_by_role("button", name="Zoom out").click()
    out = zoom()
    assert out < zoomed

    canvas.hover()
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_function(
        "z => Number(document.getElementById('network-canvas').dataset.zoom) > z", arg=out
    )

    canvas.focus()
    bigger = zoom()
    page.keyboard.press("+")
    assert zoom() > bigger
    page.get_by_role("button", name="Show the whole network").click()
    assert abs(zoom() - start) < 0.05  # the whole network, as first drawn
