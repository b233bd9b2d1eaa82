"""An analyst reads on a cluster's page why two campaigns were kept apart and joins them
with the keyboard alone; the cluster page and the decision page pass axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.models import ClusterMember
from fraudhub.reports.models import Report
from tests.factories import linked_report, staff_user

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    tab_through_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def _cluster_of(report: Report) -> int:
    return ClusterMember.objects.get(report=report).cluster_id


def test_an_analyst_sees_why_campaigns_were_kept_apart_and_joins_them(page: Page, axe: Axe) -> None:
    first = [linked_report(("phone", "07700 900111")) for _ in range(4)]
    second = [linked_report(("website", "refund-desk-b.co.uk")) for _ in range(4)]
    bridge = linked_report(("phone", "07700 900111"), ("website", "refund-desk-b.co.uk"))
    ours, theirs = _cluster_of(first[0]), _cluster_of(second[0])
    sign_in(page, staff_user("analyst", role="Analyst"))

    page.goto(f"/staff/links/clusters/{ours}/")
    expect(page.locator("#bridges")).to_contain_text(
        f"Kept apart: only report {bridge.reference} shares website refund-desk-b.co.uk "
        f"with cluster {theirs}."
    )
    axe("cluster page with a bridge kept apart")

    tab_through_to(page, f"#bridges a[href^='/staff/links/clusters/{ours}/bridges/']")
    press_and_wait(page, "Enter")
    expect(page.locator("h1")).to_have_text(f"Cluster {ours} and cluster {theirs}")
    expect(page.locator("#why")).to_contain_text(f"Only report {bridge.reference}")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")
    assert_error_page(page, ["Select whether these are one campaign", "Enter why you decided this"])
    axe("join or keep apart, with errors")

    tab_through_to(page, "input[name=join]")
    page.keyboard.press("Space")
    assert_focus_visible(page)
    expect(page.locator("input[name=join]:checked")).to_have_value("yes")
    tab_through_to(page, "#id_reason")
    page.keyboard.type("The same caller script in both clusters")
    tab_through_to(page, "form button.govuk-button")
    press_and_wait(page, "Enter")

    expect(page).to_have_url(re.compile(rf"/staff/links/clusters/{ours}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("joined")
    expect(page.locator("#bridges")).to_contain_text("Joined by analyst")
    assert _cluster_of(second[0]) == ours
    axe("cluster page after joining")
