"""The retention schedule: each kind of record, how long it is kept by default and what
happens when that time is up. A pure table; an administrator's RetentionRule overrides a
default, and fraudhub.rights.retention applies it. Decision 0012 gives the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Kind(StrEnum):
    REPORTS_WITHOUT_CASE = "reports_without_case"
    CLOSED_CASES = "closed_cases"
    QUARANTINED_ROWS = "quarantined_rows"
    IMPORT_FILES = "import_files"
    TARGET_LISTS = "target_lists"


@dataclass(frozen=True)
class Schedule:
    kind: Kind
    label: str
    counted_from: str  # the date the period runs from, in words
    default_days: int
    outcome: str  # what happens when the period is up, in words


SCHEDULES: dict[Kind, Schedule] = {
    s.kind: s
    for s in (
        Schedule(
            Kind.REPORTS_WITHOUT_CASE,
            "Reports with no support case",
            "the date the report was received",
            3 * 365,
            "Anonymised: names, addresses, contact details, dates of birth, health and "
            "vulnerability details, the account of what happened, updates, added information "
            "and evidence files are removed. The scam type, dates, area, amount and the "
            "scammer's identifiers stay for figures and intelligence.",
        ),
        Schedule(
            Kind.CLOSED_CASES,
            "Closed support cases",
            "the date the case was closed",
            6 * 365,
            "The case's notes, contacts, letters, needs assessment, plan and follow-ups are "
            "removed and its reports anonymised as above. The case's dates, level, outcome "
            "measures and referrals (without notes) stay for performance figures.",
        ),
        Schedule(
            Kind.QUARANTINED_ROWS,
            "Quarantined rows of partner files",
            "the date the row was quarantined",
            90,
            "Erased: the row as the partner sent it is removed. A partner can send it again.",
        ),
        Schedule(
            Kind.IMPORT_FILES,
            "Partner files as uploaded",
            "the date the file was uploaded",
            30,
            "The stored file is erased. The import's record (file name, counts and "
            "warnings) stays.",
        ),
        Schedule(
            Kind.TARGET_LISTS,
            "Seized target lists",
            "the date the list was checked against the county and known victims",
            90,
            "Erased: the people on the list (its rows as typed), the proactive calls not "
            "yet made from it, and the names, addresses, contact details, dates of birth "
            "and notes of the calls made are removed. The list's record (source, file "
            "name, counts) and each made call's district, outcome and case stay.",
        ),
    )
}

# The longest period an administrator may set: 20 years.
MAX_DAYS = 20 * 366


def cutoff(today: date, keep_days: int) -> date:
    """Records whose start date is before this day are due."""
    return today - timedelta(days=keep_days)


def describe_days(days: int) -> str:
    """A period in the words an administrator would use: "3 years", "90 days"."""
    if days and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
