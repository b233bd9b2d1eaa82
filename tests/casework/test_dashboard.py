"""The team dashboard: each figure from known cases, and an empty team without errors."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.test import Client

from fraudhub.casework.dashboard import figures
from fraudhub.casework.models import Case, FollowUp, Intervention, PlanItem
from fraudhub.casework.services import triage_reports
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report

_numbers = itertools.count(1)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)  # a Tuesday


def _case(received: date = TODAY - timedelta(days=200), **fields: object) -> Case:
    """A case for a victim of their own (the factory's default victim is one person),
    from a report received on `received`, opened that day unless `fields` say otherwise."""
    victim = PersonInput(first_name="Alex", last_name=f"Person{next(_numbers)}", age="60")
    report = make_report(victim=victim, received_date=received).report
    case = triage_reports(report_ids=[report.pk])[0]
    fields.setdefault("opened_on", received)  # not the real clock's today
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def _plan(case: Case, status: str) -> None:
    PlanItem.objects.create(
        case=case,
        intervention=Intervention.objects.first(),
        owner="Fraud hub",
        due_date=TODAY,
        status=status,
    )


def test_an_empty_team_shows_no_data_yet(hub_org) -> None:
    shown = figures(hub_org, today=TODAY)
    assert shown["contacted_in_time"] == "no data yet"
    assert shown["median_days"] == "no data yet"
    assert shown["plans_completed"] == "no data yet"
    assert [b.value for b in shown["charts"][1].bars] == [0, 0, 0]
    impact = {c.title: c for c in shown["charts"]}["Impact on victims, before and after"]
    assert [b.shown for b in impact.bars] == ["no data yet", "no data yet"]


def test_figures_from_known_cases(hub_org) -> None:
    monday = date(2026, 11, 16)
    # contacted on time (1 working day), contacted late (4 working days), not contacted
    _case(
        opened_on=monday,
        due_date=monday + timedelta(days=1),
        first_contact_on=monday + timedelta(days=1),
        state="in_contact",
        level=1,
    )
    _case(
        opened_on=monday,
        due_date=monday + timedelta(days=3),
        first_contact_on=monday + timedelta(days=4),
        state="in_contact",
        level=2,
    )
    _case(opened_on=monday, due_date=monday + timedelta(days=3), state="awaiting_contact", level=2)
    supported = _case(
        state="closed",
        closed_on=TODAY - timedelta(days=60),
        first_ended_on=TODAY - timedelta(days=60),
        impact_at_first_contact=8,
        impact_at_closure=3,
        satisfaction=5,
        level=3,
    )
    _plan(supported, "done")
    FollowUp.objects.create(
        case=supported, months=1, due_date=TODAY, done_on=TODAY, new_approach=False
    )
    unfinished = _case(
        state="closed",
        closed_on=TODAY - timedelta(days=60),
        first_ended_on=TODAY - timedelta(days=60),
        impact_at_first_contact=6,
        impact_at_closure=5,
        satisfaction=4,
        level=3,
    )
    _plan(unfinished, "planned")
    advice = _case(
        state="closed",
        closed_on=TODAY - timedelta(days=60),
        first_ended_on=TODAY - timedelta(days=60),
        level=3,
    )
    FollowUp.objects.create(case=advice, months=1, due_date=TODAY, done_on=TODAY, new_approach=True)

    # support ended, then the victim reported again within 12 months
    declined = _case(state="declined", first_ended_on=TODAY - timedelta(days=90), level=3)
    declined.reports.add(make_report(received_date=TODAY - timedelta(days=40)).report)
    # died: not counted in repeat victimisation at all
    _case(state="closed", closure_reason="died", first_ended_on=TODAY - timedelta(days=90))

    shown = figures(hub_org, today=TODAY)
    # the case never reached but due on 19 November counts as late
    assert shown["contacted_in_time"] == "33%" and shown["contacted_in_time_counts"] == (1, 3)
    assert shown["median_days"] == "2.5"  # 1 and 4 working days
    assert shown["overdue_now"] == 1
    assert shown["plans_completed"] == "50%" and shown["plans_counts"] == (1, 2)
    charts = {c.title: c for c in shown["charts"]}
    assert [b.value for b in charts["Open cases by level"].bars] == [1, 2, 0]
    repeat = {b.label: b.shown for b in charts["Victimised again within 12 months"].bars}
    assert repeat == {
        "Supported (had a plan)": "0% (0 of 2)",
        "Not supported (no plan)": "100% (2 of 2)",
    }
    impact = [b.shown for b in charts["Impact on victims, before and after"].bars]
    assert impact == ["7.0", "4.0"]
    satisfaction = {b.label: b.value for b in charts["Satisfaction with the support"].bars}
    assert satisfaction["Very satisfied"] == 1 and satisfaction["Satisfied"] == 1
    assert sum(b.value for b in charts["Referrals per month"].bars) == 8


def test_dashboard_page_shows_charts_and_tables(manager_client: Client, hub_org) -> None:
    _case(state="in_contact", level=1)
    page = manager_client.get("/staff/cases/dashboard/").content.decode()
    assert page.count('role="img"') == 5
    assert "Open cases by level as a table" in page
