"""Working days in England and Wales: weekends and bank holidays are not working days; and
calendar months, for the rules that count in months."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.UnitedKingdom(subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (a report on Friday with 1 working day is
    due on Monday, or Tuesday when Monday is a bank holiday); the last day there is, when
    the calendar ends first."""
    day = start
    remaining = days
    while remaining > 0:
        if day == date.max:
            return day
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def months_after(day: date, months: int) -> date:
    """The same day number `months` later, or the last day of that month when it is shorter
    (31 January 2025 + 13 months is 28 February 2026; 29 February 2024 + 13 months is
    29 March 2025); the last day there is, when the calendar ends first."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))
