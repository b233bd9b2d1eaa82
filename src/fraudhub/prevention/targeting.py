"""Who an alert is for: pure rules of plain data, no ORM, so they test in microseconds and
the sender applies them to a hundred thousand subscribers in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EVERYONE = "everyone"
ENGLISH = "en"
WELSH = "cy"


@dataclass(frozen=True)
class Reach:
    """Where and whom: an alert's, or what a subscriber asked for. No councils with
    `whole_county` off means nowhere; no audiences means everyone."""

    whole_county: bool
    councils: frozenset[str]
    audiences: frozenset[str]

    @classmethod
    def of(cls, whole_county: bool, councils: Iterable[str], audiences: Iterable[str]) -> Reach:
        return cls(bool(whole_county), frozenset(councils or ()), frozenset(audiences or ()))

    @property
    def for_everyone(self) -> bool:
        return not self.audiences or EVERYONE in self.audiences


def reaches(alert: Reach, subscriber: Reach) -> bool:
    """An alert reaches a subscriber when the places meet (either side is the whole county,
    or they share a council) and so do the people (either side is everyone, or they share
    an audience)."""
    places = (
        alert.whole_county or subscriber.whole_county or bool(alert.councils & subscriber.councils)
    )
    people = (
        alert.for_everyone
        or subscriber.for_everyone
        or bool(alert.audiences & subscriber.audiences)
    )
    return places and people


def language_for(asked: str, alert_has_welsh: bool) -> str:
    """Welsh for a subscriber who asked for it when the alert has a Welsh text; else English."""
    return WELSH if asked == WELSH and alert_has_welsh else ENGLISH
