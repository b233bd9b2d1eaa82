"""Prevention's reads for staff: published identifiers, the early signs among values the
public checked, owners' review requests, and partners' look-ups (through linking's
identifier search, which applies the sharing policy and audits each search)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.linking.search_selectors import IdentifierSearch, search_identifiers
from fraudhub.prevention.checking import CHECK_KINDS, display
from fraudhub.prevention.models import (
    CheckCount,
    CheckResult,
    PublishedIdentifier,
    ReviewRequest,
    UnmatchedCheck,
)
from fraudhub.prevention.services.checks import UNMATCHED_KEPT_DAYS

EARLY_SIGN_PEOPLE = 3  # different people who checked a value before analysts see it


def published_identifiers() -> QuerySet[PublishedIdentifier]:
    """Published first (newest approval first), then withdrawn (newest withdrawal first)."""
    return PublishedIdentifier.objects.select_related("cluster").order_by(
        "-withdrawn_at", "-approved_at"
    )


@dataclass(frozen=True)
class EarlySign:
    kind: str
    kind_label: str
    value: str
    shown_as: str
    people: int
    first_day: date
    last_day: date


def early_signs(*, today: date | None = None) -> list[EarlySign]:
    """Values nobody has published that at least 3 different people checked in the last
    30 days, most people first. Fewer than 3 are never shown: one person's own number
    checked twice tells nobody anything."""
    day = today or timezone.localdate()
    labels = dict(UnmatchedCheck._meta.get_field("kind").choices or [])
    rows = (
        UnmatchedCheck.objects.filter(day__gte=day - timedelta(days=UNMATCHED_KEPT_DAYS))
        .values("kind", "value")
        .annotate(people=Count("checker", distinct=True), first=Min("day"), last=Max("day"))
        .filter(people__gte=EARLY_SIGN_PEOPLE)
        .order_by("-people", "-last", "kind", "value")
    )
    published = set(
        PublishedIdentifier.objects.filter(withdrawn_at__isnull=True).values_list("kind", "value")
    )
    return [
        EarlySign(
            kind=row["kind"],
            kind_label=str(labels.get(row["kind"], row["kind"])),
            value=row["value"],
            shown_as=display(row["kind"], row["value"]),
            people=row["people"],
            first_day=row["first"],
            last_day=row["last"],
        )
        for row in rows
        if (row["kind"], row["value"]) not in published
    ]


@dataclass(frozen=True)
class CheckTotals:
    kind_label: str
    match: int
    no_match: int
    unreadable: int


def check_totals(
    *, days: int = UNMATCHED_KEPT_DAYS, today: date | None = None
) -> list[CheckTotals]:
    """Look-ups of the last `days` days by kind and result, from the daily counts."""
    day = today or timezone.localdate()
    labels = dict(CheckCount._meta.get_field("kind").choices or [])
    rows = (
        CheckCount.objects.filter(day__gt=day - timedelta(days=days))
        .values("kind", "result")
        .annotate(total=Sum("count"))
    )
    found: dict[str, dict[str, int]] = {}
    for row in rows:
        found.setdefault(row["kind"], {})[row["result"]] = row["total"]
    return [
        CheckTotals(
            kind_label=str(labels.get(kind, kind)),
            match=found.get(kind, {}).get(CheckResult.MATCH, 0),
            no_match=found.get(kind, {}).get(CheckResult.NO_MATCH, 0),
            unreadable=found.get(kind, {}).get(CheckResult.UNREADABLE, 0),
        )
        for kind in CHECK_KINDS
    ]


def review_requests(user: Actor) -> list[ReviewRequest]:
    """Every review request, open ones first; the look is audited (they name people)."""
    found = list(
        ReviewRequest.objects.select_related("published").order_by("-status", "-received_at")
    )
    found.sort(key=lambda r: r.status != ReviewRequest.Status.OPEN)
    audit.record_list(actor=user, page="review requests", objects=found)
    return found


def review_request(user: Actor, request_id: int) -> ReviewRequest | None:
    found = ReviewRequest.objects.select_related("published").filter(pk=request_id).first()
    if found is not None:
        audit.record(actor=user, action="view", obj=found)
    return found


def look_up(user: Actor, typed: str, kind: str = "") -> IdentifierSearch:
    """A partner's look-up: the reports and clusters their organisation may see that hold
    an identifier, a company name or a bank account; audited as "partner look-up"."""
    return search_identifiers(user, typed, kind, page="partner look-up")
