"""What other parts of the product may react to when reports are stored.

`reports_stored` is sent once a transaction that created or changed reports has
committed, with the ids of those reports: casework re-runs triage from it, so every
intake route (web, phone, partner form, file, API) is covered by one call.
`first_contact_asked` lets intake tell a resident when to expect contact without knowing
casework: casework answers it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.dispatch import Signal

logger = logging.getLogger(__name__)
reports_stored = Signal()  # keyword argument: report_ids (a list of ints)


def announce_stored(report_ids: Iterable[int]) -> None:
    """Send `reports_stored` for these reports when the current transaction commits."""
    ids = sorted(set(report_ids))
    if ids:
        transaction.on_commit(lambda: reports_stored.send(sender=None, report_ids=ids))


AT_ONCE = 20  # a few reports (a web form, a phone call) are handled in the request


def now_or_in_background(
    report_ids: list[int],
    *,
    now: Callable[..., object],
    background: Any,
    what: str,
) -> None:
    """Handle a few stored reports at once, so their effect shows straight away, and a
    file's worth in the background worker. A failure at once is queued to try again:
    the reports are stored, and their sender must never see an error for it."""
    if len(report_ids) <= AT_ONCE:
        try:
            now(report_ids=report_ids)
            return
        except Exception:
            logger.exception("%s of reports %s failed; queued to try again", what, report_ids)
    background.enqueue(report_ids=report_ids)


@dataclass(frozen=True)
class FirstContact:
    """When the hub will first contact the person about a report, as triage set it."""

    level: int
    due: date
    working_days: int
    do_not_phone: bool


# Sent with `report`; casework answers with a FirstContact once the report is triaged.
first_contact_asked = Signal()


def first_contact(report: object) -> FirstContact | None:
    """When first contact is due for a stored report, or None before it is triaged."""
    for _, answer in first_contact_asked.send(sender=None, report=report):
        if isinstance(answer, FirstContact):
            return answer
    return None


# Sent once the reporter's addition (text, evidence) to a report has committed, with
# keyword arguments report_id and addition_id: casework tells the case manager.
information_added = Signal()


def announce_information(*, report_id: int, addition_id: int) -> None:
    """Send `information_added` when the current transaction commits."""
    transaction.on_commit(
        lambda: information_added.send(sender=None, report_id=report_id, addition_id=addition_id)
    )


@dataclass(frozen=True)
class KnownIdentifier:
    """A scammer's identifier typed in before saving, as the hub already knows it: in how
    many reports the asker may see, and the campaign (cluster) they are in, if the asker
    sees intelligence."""

    shown: str  # as people read it: a phone number as dialled
    noun: str  # "number", "email address", "website"...
    reports: int
    cluster: int | None
    scam_type: str  # the commonest kind of scam in those reports


@dataclass(frozen=True)
class EarlierReport:
    """A report of someone who may be the person being reported about now."""

    reference: str
    received: date
    scam_type: str


@dataclass(frozen=True)
class KnownBefore:
    """What the hub already knows of a report's details before it is saved."""

    identifiers: tuple[KnownIdentifier, ...] = ()
    earlier: tuple[EarlierReport, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.identifiers or self.earlier)


# Sent with `user` and `submission` (a ReportSubmission not yet stored); linking answers
# with a KnownBefore drawn only from reports the user may see.
known_before_asked = Signal()


def known_before(user: object, submission: object) -> KnownBefore:
    """What the hub knows already of this submission's victim and scammer, for `user`."""
    for _, answer in known_before_asked.send(sender=None, user=user, submission=submission):
        if isinstance(answer, KnownBefore):
            return answer
    return KnownBefore()
