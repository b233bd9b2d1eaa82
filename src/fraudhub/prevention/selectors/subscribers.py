"""Reads of alert subscribers for the fraud hub's staff: counts (the reach of the alerts)
and an alert's delivery log. A subscriber's address is personal data, so staff see it only
masked (j•••@example.com), and each look at failed deliveries is written to the audit log."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q

from fraudhub.emails import mask
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, works_for_hub
from fraudhub.prevention.models import Alert, Audience, Delivery, GroupKind, Language, Subscription
from fraudhub.reports.geography import COUNCILS

WHOLE_COUNTY = "The whole county"


def check_hub_staff(user: Actor) -> None:
    """Subscribers are the hub's list: only its own staff see them."""
    if not works_for_hub(user):
        raise PermissionDenied("Only the fraud hub's staff can see alert subscribers.")


@dataclass(frozen=True)
class Reach:
    total: int
    passing_on: int
    by_council: list[tuple[str, int]]
    by_audience: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    by_group: list[tuple[str, int]]
    ended: int


def reach(user: Actor) -> Reach:
    """How many confirmed subscribers alerts reach, by council (a subscriber to the whole
    county counted under it, not under each council), audience, language and "pass it on"
    group. Counts only: no one is named."""
    check_hub_staff(user)
    councils: Counter[str] = Counter()
    audiences: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    total = passing_on = 0
    rows = (
        Subscription.objects.active()
        .values_list("whole_county", "councils", "audiences", "language", "passes_on", "group_kind")
        .iterator(chunk_size=2000)
    )
    for whole_county, chosen, asked_for, language, passes_on, group in rows:
        total += 1
        councils.update([WHOLE_COUNTY] if whole_county else chosen)
        audiences.update(asked_for or [Audience.EVERYONE.value])
        languages[language] += 1
        if passes_on:
            passing_on += 1
            groups[group or GroupKind.OTHER.value] += 1
    audience_names = dict(Audience.choices)
    return Reach(
        total=total,
        passing_on=passing_on,
        by_council=[(name, councils[name]) for name in (WHOLE_COUNTY, *COUNCILS)],
        by_audience=[(audience_names[a], audiences[a]) for a in Audience.values],
        by_language=[(label, languages[value]) for value, label in Language.choices],
        by_group=[(label, groups[value]) for value, label in GroupKind.choices],
        ended=Subscription.objects.filter(unsubscribed_at__isnull=False).count(),
    )


@dataclass(frozen=True)
class AlertSent:
    alert_id: int
    title: str
    published_at: Any
    total: int
    sent: int
    failed: int


def alerts_sent(user: Actor, *, latest: int = 20) -> list[AlertSent]:
    """The latest alerts sent to subscribers, with their deliveries counted (no one named)."""
    check_hub_staff(user)
    counted = (
        Alert.objects.filter(deliveries__isnull=False)
        .annotate(
            total=Count("deliveries"),
            sent=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.SENT)),
            failed=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        )
        .order_by("-published_at", "-pk")
        .values_list("pk", "title", "published_at", "total", "sent", "failed")[:latest]
    )
    return [AlertSent(*row) for row in counted]


@dataclass(frozen=True)
class Failure:
    address: str  # masked
    attempts: int
    last_error: str
    status: str


@dataclass(frozen=True)
class DeliveryLog:
    counts: dict[str, int]
    total: int
    problems: list[Failure]
    problems_total: int


PROBLEMS_SHOWN = 200


def delivery_log(user: Actor, alert_id: int) -> DeliveryLog:
    """An alert's deliveries counted by status, and those that failed or are being tried
    again (the latest 200), with addresses masked; the look is audited."""
    check_hub_staff(user)
    rows = Delivery.objects.filter(alert_id=alert_id)
    found = dict(rows.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    counts: dict[str, Any] = {
        label: found.get(value, 0) for value, label in Delivery.Status.choices
    }
    troubled = rows.exclude(status=Delivery.Status.SENT).exclude(last_error="")
    shown = list(troubled.select_related("subscription").order_by("-pk")[:PROBLEMS_SHOWN])
    if shown:
        audit.record_list(actor=user, page="Alert delivery log", objects=shown)
    return DeliveryLog(
        counts=counts,
        total=sum(found.values()),
        problems=[
            Failure(
                address=mask(d.subscription.email),
                attempts=d.attempts,
                last_error=d.last_error,
                status=d.get_status_display(),
            )
            for d in shown
        ],
        problems_total=troubled.count(),
    )
