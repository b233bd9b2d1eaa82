"""Triage copes with any date a report may hold, however wrong: a received date in 2099 or
on the last day of the calendar still makes a case, due within the rules' working days of
the day it is triaged, and nothing crashes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.calendar import add_working_days, is_working_day
from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.casework.triage import TriageFacts, evaluate, months_before

from ..factories import make_report

DAYS = {1: 1, 2: 3, 3: 5}


@given(
    received=st.dates(),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
    others=st.lists(st.dates(), max_size=3),
    still_in_contact=st.booleans(),
)
def test_any_received_date_gives_a_due_date_within_the_rules_of_today(
    received: date, today: date, others: list[date], still_in_contact: bool
) -> None:
    facts = TriageFacts(
        received=received,
        today=today,
        other_report_dates=tuple(others),
        still_in_contact=still_in_contact,
    )
    result = evaluate(facts)
    start = min(received, today)
    assert result.due == add_working_days(start, DAYS[result.level])
    assert start < result.due <= add_working_days(today, 5)
    assert is_working_day(result.due)


def test_the_ends_of_the_calendar_never_crash() -> None:
    assert add_working_days(date.max, 1) == date.max
    assert add_working_days(date(9999, 12, 30), 5) == date.max
    assert months_before(date(1, 3, 31), 12) == date.min
    assert months_before(date(2, 3, 31), 12) == date(1, 3, 31)
    for received in (date.min, date.max):
        assert evaluate(TriageFacts(received=received, other_report_dates=(date.min, date.max)))


@pytest.mark.django_db
@pytest.mark.parametrize("received", [date(2099, 1, 5), date.max], ids=["2099", "9999-12-31"])
def test_a_stored_report_received_in_the_future_still_gets_a_case_due_soon(
    received: date, manager_client: Client
) -> None:
    report = make_report(received_date=received).report
    triage_reports(report_ids=[report.pk])  # what the worker does after a report is stored
    case = Case.objects.get(reports=report)
    today = timezone.localdate()
    assert case.opened_on == today
    assert today < case.due_date <= add_working_days(today, 3)
    assert case.level == 2 and "Aged 78, 70 or older" in case.triage_reasons
    assert manager_client.get(f"/staff/cases/{case.pk}/").status_code == 200
    assert manager_client.get("/staff/cases/").status_code == 200
    assert manager_client.get(f"/staff/reports/{report.reference}/").status_code == 200


def test_due_dates_from_a_past_received_date_are_unchanged_by_today() -> None:
    received = date(2026, 3, 9)
    result = evaluate(TriageFacts(received=received, today=received + timedelta(days=30)))
    assert result.due == date(2026, 3, 16)
