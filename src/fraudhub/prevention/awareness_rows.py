"""What a row of an awareness file must hold, and what to fix when it does not: a pure
check of the values as typed, against the organisations that may be named. No database."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from fraudhub.reports.geography import COUNCILS

from .models.awareness import AwarenessSession

COLUMNS = (
    "date",
    "kind",
    "organisation",
    "audience",
    "council",
    "attendees",
    "trained",
    "materials",
)
EXAMPLE = (
    "14/11/2026",
    "Talk",
    "Age UK Hertfordshire",
    "Older residents",
    "St Albans",
    "32",
    "0",
    "Little book of big scams; Friends Against Scams leaflet",
)
Kind = AwarenessSession.Kind
Audience = AwarenessSession.AudienceType


@dataclass(frozen=True)
class SessionValues:
    """A row's values once checked."""

    held_on: date
    kind: str
    organisation_id: int
    audience: str
    council: str
    attendees: int
    trained: int
    materials: str


def _choice(typed: str, choices: list[tuple[str, str]]) -> str | None:
    wanted = typed.strip().lower()
    for value, label in choices:
        if wanted in (value.lower(), label.lower()):
            return value
    return None


def _date(typed: str, today: date) -> tuple[date | None, str]:
    typed = typed.strip()
    if not typed:
        return None, "Enter the date it was held, like 14/11/2026"
    uk = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", typed)
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", typed)
    try:
        if uk:
            found = date(int(uk[3]), int(uk[2]), int(uk[1]))
        elif iso:
            found = date(int(iso[1]), int(iso[2]), int(iso[3]))
        else:
            return (
                None,
                f"Write the date '{typed}' as day/month/year with 4 numbers for the year, like 14/11/2026",
            )
    except ValueError:
        return None, f"The date '{typed}' is not a real date"
    if found > today:
        return None, f"The date '{typed}' is in the future: record a session once it is held"
    return found, ""


def _count(typed: str, name: str) -> tuple[int | None, str]:
    typed = typed.strip().replace(",", "")
    if not typed:
        return (0, "") if name == "people trained" else (None, f"Enter the number of {name}")
    if not typed.isdigit():
        return None, f"Enter the number of {name} as a whole number, like 25"
    return int(typed), ""


def check_row(
    values: Mapping[str, str], *, organisations: Mapping[str, int], today: date
) -> tuple[SessionValues | None, dict[str, str]]:
    """The row's values, or None and what to fix by column (the form shows each by its
    field, the import report by row). `organisations` maps a lower-cased organisation
    name to its id."""
    problems: dict[str, str] = {}
    held_on, problem = _date(values.get("date", ""), today)
    if problem:
        problems["date"] = problem
    kind = _choice(values.get("kind", ""), Kind.choices)
    if kind is None:
        problems["kind"] = "In kind, enter one of: " + ", ".join(label for _, label in Kind.choices)
    organisation = organisations.get(values.get("organisation", "").strip().lower())
    if organisation is None:
        typed = values.get("organisation", "").strip()
        problems["organisation"] = (
            f"No partner organisation is called '{typed}': use its name as Fraud Hub shows it"
            if typed
            else "Enter the organisation that delivered it"
        )
    audience = _choice(values.get("audience", ""), Audience.choices)
    if audience is None:
        problems["audience"] = "In audience, enter one of: " + ", ".join(
            label for _, label in Audience.choices
        )
    council = _choice(values.get("council", ""), [(c, c) for c in COUNCILS])
    if council is None:
        problems["council"] = "In council, enter one of: " + ", ".join(COUNCILS)
    attendees, problem = _count(values.get("attendees", ""), "attendees")
    if problem:
        problems["attendees"] = problem
    trained, problem = _count(values.get("trained", ""), "people trained")
    if problem:
        problems["trained"] = problem
    if attendees is not None and trained is not None and trained > attendees:
        problems["trained"] = (
            f"People trained ({trained}) cannot be more than attendees ({attendees})"
        )
    if problems:
        return None, problems
    assert held_on and kind and organisation and audience and council
    assert attendees is not None and trained is not None
    return (
        SessionValues(
            held_on=held_on,
            kind=kind,
            organisation_id=organisation,
            audience=audience,
            council=council,
            attendees=attendees,
            trained=trained,
            materials=values.get("materials", "").strip(),
        ),
        {},
    )
