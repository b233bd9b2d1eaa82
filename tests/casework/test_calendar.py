"""Working days in England and Wales: weekends and bank holidays do not count."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.calendar import add_working_days, is_working_day, working_days_between

# 2026: Good Friday 3 April, Easter Monday 6 April; Christmas Day Friday 25 December,
# Boxing Day Saturday 26 December, so the holiday is Monday 28 December.
GOOD_FRIDAY = date(2026, 4, 3)
EASTER_MONDAY = date(2026, 4, 6)
CHRISTMAS = date(2026, 12, 25)
BOXING_DAY_OBSERVED = date(2026, 12, 28)


@pytest.mark.parametrize(
    "day",
    [
        GOOD_FRIDAY,
        EASTER_MONDAY,
        CHRISTMAS,
        BOXING_DAY_OBSERVED,
        date(2026, 5, 4),
        date(2027, 1, 1),
    ],
)
def test_bank_holidays_are_not_working_days(day: date) -> None:
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert is_working_day(date(2026, 3, 9))  # Monday
    assert is_working_day(date(2026, 4, 2))  # the Thursday before Good Friday


def test_scottish_only_holidays_are_working_days_in_england() -> None:
    assert is_working_day(date(2026, 1, 2))  # 2 January is a holiday in Scotland only
    assert is_working_day(date(2026, 11, 30))  # St Andrew's Day, Monday


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 3, 9), 1, date(2026, 3, 10)),  # Monday + 1 = Tuesday
        (date(2026, 3, 9), 5, date(2026, 3, 16)),  # Monday + 5 = next Monday
        (date(2026, 3, 13), 1, date(2026, 3, 16)),  # Friday + 1 = Monday
        (date(2026, 3, 14), 1, date(2026, 3, 16)),  # Saturday + 1 = Monday
        (date(2026, 3, 15), 1, date(2026, 3, 16)),  # Sunday + 1 = Monday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # Thursday before Easter: Tuesday after
        (date(2026, 4, 2), 3, date(2026, 4, 9)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve: Tuesday 29th
        (date(2026, 12, 24), 5, date(2027, 1, 5)),  # over New Year's Day 2027 too
        (date(2026, 3, 9), 0, date(2026, 3, 9)),
    ],
)
def test_add_working_days(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 9), date(2026, 3, 9), 0),
        (date(2026, 3, 9), date(2026, 3, 6), 0),  # end before start
        (date(2026, 3, 9), date(2026, 3, 10), 1),
        (date(2026, 3, 13), date(2026, 3, 16), 1),  # Friday to Monday
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # over Easter
        (date(2026, 12, 24), date(2026, 12, 31), 3),  # 29, 30, 31 December
        (date(2026, 1, 1), date(2026, 12, 31), 261 - 8),  # every weekday but 8 holidays
    ],
)
def test_working_days_between(start: date, end: date, expected: int) -> None:
    assert working_days_between(start, end) == expected


@given(
    start=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    days=st.integers(min_value=1, max_value=30),
)
def test_adding_then_counting_working_days_agree(start: date, days: int) -> None:
    due = add_working_days(start, days)
    assert due > start
    assert is_working_day(due)
    assert working_days_between(start, due) == days
    assert working_days_between(start, due - timedelta(days=1)) == days - 1
