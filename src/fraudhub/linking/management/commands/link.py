"""`fraudhub link`: join reports that share a scammer's identifier into clusters."""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand

from fraudhub.linking.models import Cluster, ClusterMember
from fraudhub.linking.services import rebuild_clusters


class Command(BaseCommand):
    help = "Recompute the clusters of reports that share an identifier; prints counts and time."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        clusters = rebuild_clusters()
        self.stdout.write(
            json.dumps(
                {
                    "identifier_clusters": clusters,
                    "clustered_reports": ClusterMember.objects.count(),
                    "largest_cluster": max(
                        (c.members.count() for c in Cluster.objects.all()), default=0
                    ),
                    "seconds": round(time.perf_counter() - started, 2),
                }
            )
        )
