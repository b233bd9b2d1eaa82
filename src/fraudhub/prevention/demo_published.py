"""Demo data: the busiest demo clusters' most-named phone numbers and websites, published
for "check before you pay" by the demo analyst, so the check page has matches to show."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count

from fraudhub.linking.models import ClusterMember
from fraudhub.prevention.checking import CHECK_KINDS
from fraudhub.prevention.models import PublishedIdentifier
from fraudhub.prevention.services.checks import PublishingError, publish_identifier
from fraudhub.reports.models import Identifier

DEMO_PUBLISHED = 4


def publish_demo_identifiers(*, how_many: int = DEMO_PUBLISHED) -> int:
    """Publish up to `how_many` identifiers from the largest clusters (one a cluster);
    a second run publishes nothing new. Returns how many were published."""
    analyst = User.objects.filter(username="analyst").first()
    if analyst is None or PublishedIdentifier.objects.exists():
        return 0
    clusters = (
        ClusterMember.objects.values("cluster_id")
        .annotate(size=Count("id"))
        .filter(size__gte=2)
        .order_by("-size", "cluster_id")
    )
    done = 0
    for cluster in clusters[: how_many * 3]:
        top = (
            Identifier.objects.filter(
                report__cluster_member__cluster_id=cluster["cluster_id"], kind__in=CHECK_KINDS
            )
            .exclude(normalised="")
            .values("kind", "normalised")
            .annotate(reports=Count("report", distinct=True))
            .filter(reports__gte=2)
            .order_by("-reports", "kind", "normalised")
            .first()
        )
        if top is None:
            continue
        try:
            publish_identifier(
                actor=analyst,
                kind=top["kind"],
                typed=top["normalised"],
                reason=f"Named in {top['reports']} reports of one campaign (demo data)",
                cluster_id=cluster["cluster_id"],
            )
        except PublishingError:
            continue
        done += 1
        if done == how_many:
            break
    return done
