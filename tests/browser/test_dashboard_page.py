"""The team dashboard in a browser: its charts are drawn, each has a text alternative, its
tables open, and axe-core finds nothing against WCAG 2.2 AA, closed and open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.casework.models import Case, FollowUp, Intervention, PlanItem
from fraudhub.casework.services import triage_reports
from fraudhub.reports.inputs import PersonInput
from tests.factories import make_report, staff_user

from .actions import sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser


def _case(first_name: str, **fields: object) -> Case:
    victim = PersonInput(first_name=first_name, last_name="Hughes", age="78", postcode="AL1 3EJ")
    case = triage_reports(report_ids=[make_report(victim=victim).report.pk])[0]
    Case.objects.filter(pk=case.pk).update(**fields)
    return case


def test_the_team_dashboard_draws_its_charts_accessibly(page: Page, axe: Axe) -> None:
    today = timezone.localdate()
    _case("Ann", state="in_contact", level=1, first_contact_on=today)
    _case("Bob", state="awaiting_contact", level=2, due_date=today - timedelta(days=2))
    closed = _case(
        "Cath",
        state="closed",
        level=3,
        first_contact_on=today - timedelta(days=70),
        closed_on=today - timedelta(days=40),
        closure_reason="support_complete",
        impact_at_first_contact=8,
        impact_at_closure=3,
        satisfaction=5,
    )
    PlanItem.objects.create(
        case=closed,
        intervention=Intervention.objects.first(),
        owner="Fraud hub",
        due_date=today,
        status="done",
    )
    FollowUp.objects.create(
        case=closed, months=1, due_date=today, done_on=today, new_approach=False
    )
    sign_in(page, staff_user("manager", role="Case manager"))

    page.goto("/staff/cases/dashboard/")
    expect(page.get_by_role("heading", level=1, name="Team dashboard")).to_be_visible()
    charts = page.locator("figure svg[role=img]")
    expect(charts).to_have_count(5)
    for index in range(5):
        chart = charts.nth(index)
        expect(chart).to_be_visible()
        # The picture has a name a screen reader reads out, with its figures in it.
        assert chart.evaluate("el => el.getBoundingClientRect().height") > 0
        assert any(ch.isdigit() for ch in chart.evaluate("el => el.textContent"))
    expect(
        page.get_by_role("img", name="Open cases now, by how urgent they are: Level 1 1")
    ).to_be_visible()
    axe("team dashboard")

    page.get_by_text("Open cases by level as a table").click()
    table = page.get_by_role("table", name="Open cases now, by how urgent they are")
    expect(table.get_by_role("row", name="Level 2 1")).to_be_visible()
    page.get_by_text("How these figures are worked out").click()
    axe("team dashboard, with a table and the definitions open")
