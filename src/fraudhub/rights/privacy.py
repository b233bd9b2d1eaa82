"""The facts a privacy notice gives, filled from settings and records: the controller,
recipients under the agreements in force, and how long records are kept. The public
privacy notice shows them, and so does every subject access export (UK GDPR article 15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from fraudhub.governance import policy
from fraudhub.governance.models import SharingAgreement
from fraudhub.hub import address_lines, hub_details

from .selectors import schedule_rows


@dataclass(frozen=True)
class Recipient:
    """An agreement in force under which partners receive what residents report."""

    organisations: list[str]
    categories: list[str]
    purpose: str
    lawful_basis: str
    until: date | None
    review_on: date

    @property
    def review_overdue(self) -> bool:
        """Whether the agreement's review date has passed (and the review not recorded)."""
        return self.review_on < timezone.localdate()


def recipients() -> list[Recipient]:
    """Who receives the reports the hub holds today, what, why and on what basis: every
    agreement in force with the hub as a party."""
    hubs = sorted(policy.hub_organisations())
    agreements = (
        policy.agreements_in_force()
        .filter(parties__in=hubs)
        .distinct()
        .prefetch_related("parties")
        .order_by("title", "id")
    )
    return [_recipient(agreement, hubs) for agreement in agreements]


def _recipient(agreement: SharingAgreement, hubs: list[int]) -> Recipient:
    return Recipient(
        organisations=sorted(p.name for p in agreement.parties.all() if p.pk not in hubs),
        categories=agreement.category_labels(),
        purpose=agreement.purpose,
        lawful_basis=agreement.lawful_basis,
        until=agreement.ends_on,
        review_on=agreement.review_on,
    )


@dataclass(frozen=True)
class Retention:
    """How long one kind of record is kept, and what then happens to it."""

    record: str
    kept: str


def retention_periods() -> list[Retention]:
    """The retention schedule as the administrator set it: how long each kind of record
    is kept, from when, and what then happens; and the audit log, which is not erased."""
    periods = schedule_rows()
    return [
        *(
            Retention(
                row.schedule.label,
                f"{row.period} from {row.schedule.counted_from}. {row.schedule.outcome}",
            )
            for row in periods
        ),
        Retention(
            "The record of who looked at, changed or shared your details",
            "Kept after the records it is about are removed, as the law on policing asks "
            "(Data Protection Act 2018, section 62), so that any misuse can be found.",
        ),
    ]


def notice_facts() -> dict[str, Any]:
    """What the privacy notice's template needs, for a page or a document."""
    return {
        "area_name": settings.FRAUDHUB_AREA_NAME,
        "hub": hub_details(),
        "controller": settings.FRAUDHUB_CONTROLLER_NAME,
        "controller_address": address_lines(settings.FRAUDHUB_CONTROLLER_ADDRESS),
        "ico_registration": settings.FRAUDHUB_ICO_REGISTRATION,
        "dpo_email": settings.FRAUDHUB_DPO_EMAIL,
        "recipients": recipients(),
        "retention": retention_periods(),
    }
