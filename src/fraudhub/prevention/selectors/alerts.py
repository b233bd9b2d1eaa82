"""Prevention's reads. Alerts hold no personal data; what matters here is that the public
reads only what is published, and never an identifier withdrawn from publication."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.alert_rules import STEP_LABELS
from fraudhub.prevention.models import Alert, Audience, PublishedIdentifier


def publishable_identifiers() -> QuerySet[PublishedIdentifier]:
    """Identifiers an alert may name: approved for publication and not withdrawn."""
    return PublishedIdentifier.objects.filter(withdrawn_at__isnull=True).order_by("kind", "display")


def _with_public_identifiers(alerts: QuerySet[Alert]) -> QuerySet[Alert]:
    return alerts.select_related("scam_type").prefetch_related(
        Prefetch(
            "identifiers",
            queryset=publishable_identifiers(),
            to_attr="public_identifiers",
        )
    )


def alerts_by_status() -> dict[str, list[Alert]]:
    """Every alert for the staff list, grouped by status, the newest first in each."""
    grouped: dict[str, list[Alert]] = {s: [] for s in Alert.Status.values}
    for alert in Alert.objects.select_related("scam_type").order_by("-updated_at", "-pk"):
        grouped[alert.status].append(alert)
    return grouped


def alert_for_staff(alert_id: int) -> Alert | None:
    return (
        Alert.objects.select_related("scam_type", "cluster")
        .prefetch_related("identifiers")
        .filter(pk=alert_id)
        .first()
    )


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    step_key: str
    step: str
    by: str
    reason: str


def alert_history(alert: Alert) -> list[HistoryEntry]:
    """What happened to the alert, oldest first, from its audit entries."""
    events = AuditEvent.objects.filter(
        object_type=Alert._meta.label_lower, object_id=str(alert.pk)
    ).order_by("at", "id")
    return [
        HistoryEntry(
            at=e.at,
            step_key=str(e.detail.get("step", "")),
            step=STEP_LABELS.get(str(e.detail.get("step", "")), e.get_action_display()),
            by=e.actor_label,
            reason=str(e.detail.get("reason", "")),
        )
        for e in events
        if e.detail.get("step")
    ]


def published_alerts(*, council: str = "", audience: str = "") -> QuerySet[Alert]:
    """Published alerts, newest first; for a council, those for it or for the whole
    county; for an audience, those for it or for everyone."""
    alerts = Alert.objects.filter(status=Alert.Status.PUBLISHED)
    if council or audience:
        # Lists in JSON columns, which SQLite cannot search: read the few columns of the
        # published alerts (hundreds, not millions) and keep those that match.
        rows = alerts.values_list("pk", "whole_county", "councils", "audiences")
        alerts = alerts.filter(
            pk__in=[
                pk
                for pk, whole_county, councils, audiences in rows
                if (not council or whole_county or council in councils)
                and (not audience or audience in audiences or Audience.EVERYONE in audiences)
            ]
        )
    return _with_public_identifiers(alerts.order_by("-published_at", "-pk"))


def public_alert(public_id: str) -> Alert | None:
    """A published or withdrawn alert by its public id (a withdrawn one says only that it
    was withdrawn); None for anything else, or an id that is not one."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return _with_public_identifiers(
        Alert.objects.filter(
            public_id=key, status__in=[Alert.Status.PUBLISHED, Alert.Status.WITHDRAWN]
        )
    ).first()
