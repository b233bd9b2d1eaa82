"""Writes for linking: reports that share a scammer's identifier join one cluster. A new
report joins (and may merge) existing clusters without recomputing the rest."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from fraudhub.reports.models import Identifier

from .models import LINKING_KINDS, Cluster, ClusterMember, ExcludedIdentifier


def _excluded() -> set[tuple[str, str]]:
    return set(ExcludedIdentifier.objects.values_list("kind", "value"))


def _keys(
    report_ids: Iterable[int], excluded: set[tuple[str, str]]
) -> dict[int, set[tuple[str, str]]]:
    keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
    rows = (
        Identifier.objects.filter(report_id__in=list(report_ids), kind__in=LINKING_KINDS)
        .exclude(normalised="")
        .values_list("report_id", "kind", "normalised")
    )
    for report_id, kind, value in rows:
        if (kind, value) not in excluded:
            keys[report_id].add((kind, value))
    return keys


def link_reports(*, report_ids: Iterable[int]) -> int:
    """Put each report in the cluster of every other report sharing a linking identifier
    with it, merging clusters it bridges. Returns how many reports are now clustered."""
    ids = sorted(set(report_ids))
    excluded = _excluded()
    keys = _keys(ids, excluded)
    linked = 0
    for report_id in ids:
        report_keys = keys.get(report_id)
        if not report_keys:
            continue
        with transaction.atomic():
            partners: set[int] = set()
            for kind, value in report_keys:
                partners.update(
                    Identifier.objects.filter(kind=kind, normalised=value)
                    .exclude(report_id=report_id)
                    .values_list("report_id", flat=True)
                )
            if not partners:
                continue
            _join([report_id, *sorted(partners)])
            linked += 1
    return linked


def _join(report_ids: list[int]) -> Cluster:
    """One cluster for all these reports: the oldest of their clusters, the others merged."""
    members = ClusterMember.objects.select_for_update().filter(report_id__in=report_ids)
    cluster_ids = sorted({m.cluster_id for m in members})
    if cluster_ids:
        target = Cluster.objects.get(pk=cluster_ids[0])
        others = cluster_ids[1:]
        if others:
            ClusterMember.objects.filter(cluster_id__in=others).update(cluster=target)
            Cluster.objects.filter(pk__in=others).delete()
    else:
        target = Cluster.objects.create()
    already = set(
        ClusterMember.objects.filter(report_id__in=report_ids).values_list("report_id", flat=True)
    )
    ClusterMember.objects.bulk_create(
        ClusterMember(report_id=r, cluster=target) for r in report_ids if r not in already
    )
    target.save(update_fields=["updated_at"])
    return target


def rebuild_clusters() -> int:
    """Recompute every cluster from scratch (after the exclusion list changes, say).
    Returns how many clusters there are."""
    excluded = _excluded()
    shared = (
        Identifier.objects.filter(kind__in=LINKING_KINDS)
        .exclude(normalised="")
        .values("kind", "normalised")
        .annotate(reports=Count("report_id", distinct=True))
        .filter(reports__gt=1)
    )
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in shared.iterator():
        if (group["kind"], group["normalised"]) in excluded:
            continue
        ids = list(
            Identifier.objects.filter(kind=group["kind"], normalised=group["normalised"])
            .values_list("report_id", flat=True)
            .distinct()
        )
        root = find(ids[0])
        for other in ids[1:]:
            parent[find(other)] = root
    components: dict[int, list[int]] = defaultdict(list)
    for report_id in parent:
        components[find(report_id)].append(report_id)
    with transaction.atomic():
        ClusterMember.objects.all().delete()
        Cluster.objects.all().delete()
        for members in components.values():
            if len(members) < 2:
                continue
            cluster = Cluster.objects.create()
            ClusterMember.objects.bulk_create(
                ClusterMember(report_id=r, cluster=cluster) for r in sorted(members)
            )
    return Cluster.objects.count()
