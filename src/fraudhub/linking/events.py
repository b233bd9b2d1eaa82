"""What other parts of the product may react to when linking changes what is linked.

Linking never imports the apps that use it: it announces, and they listen.
`reports_linked` is sent once stored reports have been linked on arrival (their
identifiers in clusters, their victims in people groups), with the ids of those reports,
whether or not linking succeeded: casework triages them from it, so triage sees every
link already made and a failure to link never loses triage. `people_regrouped` is sent
when victims' people groups gained or lost someone, with those person ids: casework
triages their cases again (the repeat-victim rule counts the group's reports)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.dispatch import Signal

logger = logging.getLogger(__name__)

reports_linked = Signal()  # keyword argument: report_ids (a list of ints)
people_regrouped = Signal()  # keyword arguments: person_ids (a list of ints), why (str)


def announce_linked(report_ids: Iterable[int]) -> None:
    """Tell listeners these stored reports have been linked (or linking was tried)."""
    ids = sorted(set(report_ids))
    if ids:
        reports_linked.send(sender=None, report_ids=ids)


def announce_regrouped(person_ids: Iterable[int], *, why: str) -> int:
    """Tell listeners these victims' groups changed. Returns the sum of what listeners
    answer with a number (casework: how many cases it triaged again)."""
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    total = 0
    for _, answer in people_regrouped.send(sender=None, person_ids=ids, why=why):
        if isinstance(answer, int):
            total += answer
    return total
