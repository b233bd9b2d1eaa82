"""What other parts of the product may react to when reports are stored.

`reports_stored` is sent once a transaction that created or changed reports has
committed, with the ids of those reports: casework re-runs triage from it, so every
intake route (web, phone, partner form, file, API) is covered by one call."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

reports_stored = Signal()  # keyword argument: report_ids (a list of ints)


def announce_stored(report_ids: Iterable[int]) -> None:
    """Send `reports_stored` for these reports when the current transaction commits."""
    ids = sorted(set(report_ids))
    if ids:
        transaction.on_commit(lambda: reports_stored.send(sender=None, report_ids=ids))
