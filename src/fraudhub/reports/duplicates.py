"""A report about the same incident as an earlier one: the same victim (same name, and the
same postcode, phone or email), the same kind of scam, received within a few days. Such a
report is offered to staff as a likely duplicate to merge, and the repeat-victim rule
never counts it as another incident. Pure rules of plain data: no ORM here."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

WINDOW_DAYS = 7


def normalised_name(name: str) -> str:
    """A name compared the way people mean it: case, accents and spacing ignored, and
    apostrophes and hyphens dropped (O'Brien, OBrien and O Brien are one name)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(
        c if c.isalnum() else " " for c in letters.casefold().replace("'", "").replace("’", "")
    )
    return "".join(words.split())


@dataclass(frozen=True)
class Incident:
    """What the rule needs of one report: its victim as stored (normalised postcode,
    phone and email) and the scam."""

    report_id: int
    received: date
    scam_type: str
    first_name: str = ""
    last_name: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    duplicate_of: int | None = None


def same_victim(a: Incident, b: Incident) -> bool:
    """Same first and last name, and the same postcode, phone or email besides."""
    names = (normalised_name(a.first_name), normalised_name(a.last_name))
    if not all(names) or names != (normalised_name(b.first_name), normalised_name(b.last_name)):
        return False
    return any(
        x and x == y for x, y in ((a.postcode, b.postcode), (a.phone, b.phone), (a.email, b.email))
    )


def same_incident(earlier: Incident, later: Incident, window_days: int = WINDOW_DAYS) -> bool:
    """Whether `later` is about the incident `earlier` reported: same victim, same kind
    of scam (known), received on the same day or up to `window_days` after."""
    gap = (later.received - earlier.received).days
    return (
        bool(earlier.scam_type)
        and earlier.scam_type == later.scam_type
        and 0 <= gap <= window_days
        and same_victim(earlier, later)
    )


def likely_duplicate_of(
    new: Incident, earlier: Iterable[Incident], window_days: int = WINDOW_DAYS
) -> Incident | None:
    """The earliest report `new` repeats, if any (never itself, never one received after
    it, nor on the same day with a later id)."""
    candidates = [
        e
        for e in earlier
        if e.report_id != new.report_id
        and (e.received, e.report_id) < (new.received, new.report_id)
        and same_incident(e, new, window_days)
    ]
    return min(candidates, key=lambda e: (e.received, e.report_id), default=None)


def separate_incidents(
    reports: Sequence[Incident], window_days: int = WINDOW_DAYS
) -> list[list[Incident]]:
    """One victim's reports grouped by incident, oldest first: a report joins an earlier
    group when it was marked a duplicate of one in it, or is the same kind of scam
    within `window_days` of the group's latest report."""
    groups: list[list[Incident]] = []
    for report in sorted(reports, key=lambda r: (r.received, r.report_id)):
        home = next(
            (
                g
                for g in groups
                if any(r.report_id == report.duplicate_of for r in g)
                or (
                    report.scam_type
                    and g[-1].scam_type == report.scam_type
                    and 0 <= (report.received - g[-1].received).days <= window_days
                )
            ),
            None,
        )
        if home is None:
            groups.append([report])
        else:
            home.append(report)
    return groups


def other_incident_dates(
    reports: Sequence[Incident], current: int, window_days: int = WINDOW_DAYS
) -> tuple[date, ...]:
    """When each incident other than the current report's was first reported: what the
    repeat-victim rule counts."""
    return tuple(
        group[0].received
        for group in separate_incidents(reports, window_days)
        if all(r.report_id != current for r in group)
    )
