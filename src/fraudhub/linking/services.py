"""Writes for linking: reports that share a scammer's identifier join one cluster (a new
report joins, and may merge, existing clusters without recomputing the rest), analysts'
decisions on campaign bridges, and the runs that link both identifiers and people (the
people's own writes are in persons/services.py)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count, Min
from django.utils import timezone

from fraudhub.bulk import CHUNK, delete_where_in, insert_rows, lock_against_writers, reserve_ids
from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.selectors import restricted_report_ids

from .campaigns import Bridge, Campaigns, Key, Seen
from .models import (
    LINKING_KINDS,
    CampaignBridge,
    CampaignDecision,
    Cluster,
    ClusterMember,
    ConfirmedCampaign,
    ExcludedIdentifier,
)
from .persons.services import link_people, link_people_on_arrival


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
    """Place each report in the cluster of the reports sharing a linking identifier with
    it, by the campaign rule (linking/campaigns.py): clusters it bridges join only as the
    rule allows, and a bridge kept apart is recorded for analysts. Returns how many of
    the reports are now clustered."""
    restricted = set(restricted_report_ids())
    ids = sorted(set(report_ids) - restricted)
    excluded = _excluded()
    keys = _keys(ids, excluded)
    linked = 0
    for report_id in ids:
        report_keys = keys.get(report_id)
        if not report_keys:
            continue
        seen = {key: _seen(report_id, key) for key in sorted(report_keys)}
        if not any(seen.values()):
            continue
        with transaction.atomic():
            with connection.cursor() as cursor:  # the table first, as the rebuild does
                lock_against_writers(cursor, ClusterMember)
            anchors = sorted({s.anchor for s in seen.values() if s is not None})
            in_cluster = dict(
                ClusterMember.objects.filter(report_id__in=[*anchors, report_id]).values_list(
                    "report_id", "cluster_id"
                )
            )
            touched = {in_cluster.get(a, -a) for a in anchors}  # a report in none: minus its id
            own = in_cluster.get(report_id)
            if len(touched) == 1 and (own is None or own in touched):
                _join([report_id, *anchors])  # one cluster to join: nothing to keep apart
            else:
                stored = _stored_campaigns({*anchors, report_id})
                stored.campaigns.place(report_id, seen)
                _apply(stored)
            _record_combined(report_id, set(anchors))
            linked += 1
    return linked


def _seen(report_id: int, key: Key) -> Seen | None:
    """What is known of an identifier from the other reports holding it."""
    kind, value = key
    found = (
        Identifier.objects.filter(kind=kind, normalised=value)
        .exclude(report_id=report_id)
        .exclude(report_id__in=restricted_report_ids())
        .aggregate(anchor=Min("report_id"), before=Count("report_id", distinct=True))
    )
    return Seen(found["anchor"], found["before"]) if found["anchor"] is not None else None


def _said() -> dict[tuple[int, Key], bool]:
    """Analysts' decisions on bridges: the newest on each counts."""
    newest: dict[tuple[int, Key], bool] = {}
    rows = CampaignDecision.objects.order_by("decided_at", "id").values_list(
        "report_id", "kind", "value", "join"
    )
    for report_id, kind, value, join in rows:
        newest[(report_id, (kind, value))] = join
    return newest


@dataclass
class _Stored:
    """The stored clusters around some reports, loaded into the campaign rule: each stored
    cluster an atom numbered minus its id, a report in no cluster its own atom."""

    campaigns: Campaigns
    cluster_of: dict[int, int]
    known: set[Bridge]


def _stored_campaigns(report_ids: set[int]) -> _Stored:
    """The clusters of these reports, with every bridge kept apart and every analyst's
    decision, as the campaign rule's state; the caller holds the lock."""
    said = _said()
    bridges = [
        Bridge(*row)
        for row in CampaignBridge.objects.values_list("report_id", "kind", "value", "anchor_id")
    ]
    reports = report_ids | {b.report for b in bridges} | {b.anchor for b in bridges}
    cluster_of: dict[int, int] = {}
    for start in range(0, len(reports), CHUNK):
        chunk = sorted(reports)[start : start + CHUNK]
        cluster_of.update(
            ClusterMember.objects.filter(report_id__in=chunk).values_list("report_id", "cluster_id")
        )
    sizes = dict(
        ClusterMember.objects.filter(cluster_id__in=set(cluster_of.values()))
        .values("cluster")
        .annotate(size=Count("id"))
        .values_list("cluster", "size")
    )
    campaigns = Campaigns(said=said)
    for report, cluster in cluster_of.items():
        campaigns.add_atom(-cluster, size=sizes[cluster], reports=[report])
    for bridge in bridges:
        campaigns.add_pending(
            campaigns.atom(bridge.report), campaigns.atom(bridge.anchor), bridge.report
        )
        if said.get((bridge.report, (bridge.kind, bridge.value))) is False:
            campaigns.keep_apart(campaigns.atom(bridge.report), campaigns.atom(bridge.anchor))
    return _Stored(campaigns, cluster_of, set(bridges))


def _apply(stored: _Stored) -> None:
    """Write what the rule decided over stored clusters: joined atoms become one cluster,
    new bridges are recorded."""
    members: dict[int, int] = {}  # a report of each stored cluster
    for report, cluster in stored.cluster_of.items():
        members.setdefault(cluster, report)
    for atoms in stored.campaigns.groups().values():
        if len(atoms) > 1:
            _join(sorted(members[-a] if a < 0 else a for a in atoms))
    CampaignBridge.objects.bulk_create(
        (
            CampaignBridge(report_id=b.report, kind=b.kind, value=b.value, anchor_id=b.anchor)
            for b in stored.campaigns.bridges
            if b not in stored.known
        ),
        ignore_conflicts=True,
    )


LINKER = "system (linking)"


def _record_combined(report_id: int, partners: set[int]) -> None:
    """Linking combines personal data: each report joined to others is logged with the
    reports it now shares a cluster with (by reference)."""
    report = Report.objects.get(pk=report_id)
    cluster = (
        ClusterMember.objects.filter(report_id=report_id)
        .values_list("cluster_id", flat=True)
        .first()
    )
    shared = sorted(
        str(r) for r in Report.objects.filter(pk__in=partners).values_list("reference", flat=True)
    )
    audit.record(
        actor=None,
        actor_label=LINKER,
        action=AuditEvent.Action.CHANGE,
        obj=report,
        detail={"combined": "identifier cluster", "cluster": cluster, "with": shared[:50]},
    )


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
    """Recompute every cluster from scratch (nightly, and after the exclusion list
    changes) by the same campaign rule as linking on arrival, every report in the order
    it arrived, with analysts' decisions. A cluster keeps its number while it holds the
    same campaign: each new cluster takes the oldest number among its reports' clusters
    that a larger one has not taken, so an analyst's link to "Cluster 42" still leads
    there after it grows or merges. Only the memberships that changed are written.
    Returns how many clusters."""
    excluded = _excluded()
    with transaction.atomic(), connection.cursor() as cursor:
        lock_against_writers(cursor, ClusterMember)  # reports linked as they arrive wait
        several, bridges = _components(excluded, _said())
        stored = dict(ClusterMember.objects.values_list("report_id", "cluster_id").iterator(20_000))
        taken: set[int] = set()
        numbered: list[tuple[int | None, list[int]]] = []
        for members in sorted(several, key=lambda m: (-len(m), m[0])):
            old = sorted({stored[r] for r in members if r in stored} - taken)
            if old:
                taken.add(old[0])
            numbered.append((old[0] if old else None, members))
        fresh = iter(reserve_ids(cursor, Cluster, sum(1 for pk, _ in numbered if pk is None)))
        clusters = [(pk if pk is not None else next(fresh), members) for pk, members in numbered]
        wanted = {r: pk for pk, members in clusters for r in members}
        moved = sorted(r for r, pk in stored.items() if wanted.get(r) != pk)
        delete_where_in(cursor, ClusterMember, "report_id", moved)
        delete_where_in(cursor, Cluster, "id", sorted(set(stored.values()) - taken))
        moment = timezone.now()
        now = connection.ops.adapt_datetimefield_value(moment)
        insert_rows(
            cursor,
            Cluster,
            ["id", "created_at", "updated_at"],
            [(pk, now, now) for pk, _ in clusters if pk not in taken],
        )
        insert_rows(
            cursor,
            ClusterMember,
            ["report_id", "cluster_id"],
            ((r, pk) for r, pk in wanted.items() if stored.get(r) != pk),
        )
        grown = sorted({wanted[r] for r in moved if r in wanted} & taken)
        for start in range(0, len(grown), CHUNK):
            Cluster.objects.filter(pk__in=grown[start : start + CHUNK]).update(updated_at=moment)
        CampaignBridge.objects.all().delete()
        insert_rows(
            cursor,
            CampaignBridge,
            ["report_id", "kind", "value", "anchor_id"],
            (
                (b.report, b.kind, b.value, b.anchor)
                for b in sorted(set(bridges), key=_bridge_order)
            ),
        )
    return len(several)


def _bridge_order(bridge: Bridge) -> tuple[int, str, str]:
    return (bridge.report, bridge.kind, bridge.value)


def _components(
    excluded: set[tuple[str, str]], said: dict[tuple[int, Key], bool]
) -> tuple[list[list[int]], list[Bridge]]:
    """Every report with a linking identifier (outside the exclusions) placed by the
    campaign rule in the order reports arrived: the clusters of two or more, and the
    bridges kept apart."""
    campaigns = Campaigns(said=said)
    first: dict[Key, int] = {}
    held: Counter[Key] = Counter()
    rows = (
        Identifier.objects.filter(kind__in=LINKING_KINDS)
        .exclude(normalised="")
        .exclude(report_id__in=restricted_report_ids())
        .order_by("report_id")
        .values_list("report_id", "kind", "normalised")
        .iterator(20_000)
    )
    current = 0
    keys: set[Key] = set()

    def place() -> None:
        if keys:
            campaigns.place(
                current, {k: Seen(first[k], held[k]) if k in first else None for k in keys}
            )
            for key in keys:
                first.setdefault(key, current)
                held[key] += 1
            keys.clear()

    for report_id, kind, value in rows:
        if report_id != current:
            place()
            current = report_id
        if (kind, value) not in excluded:
            keys.add((kind, value))
    place()
    return campaigns.clusters(), campaigns.bridges


class BridgeRefused(ValueError):
    """A decision on a bridge that cannot be recorded, with what to fix."""


def decide_bridge(
    *, actor: User, bridge: CampaignBridge, join: bool, reason: str
) -> CampaignDecision:
    """Record an analyst's judgement on a bridge between two clusters: join them into one
    campaign now, or keep them apart even when more bridges appear. Linking on arrival
    and every rebuild respect it. Audited on the bridging report."""
    reason = reason.strip()
    if not reason:
        raise BridgeRefused("Enter why you decided this")
    with transaction.atomic():
        with connection.cursor() as cursor:
            lock_against_writers(cursor, ClusterMember)
        decision = CampaignDecision.objects.create(
            report_id=bridge.report_id,
            kind=bridge.kind,
            value=bridge.value,
            join=join,
            reason=reason,
            decided_by=actor,
            decided_by_label=actor.get_username(),
        )
        stored = _stored_campaigns({bridge.report_id, bridge.anchor_id})
        stored.campaigns.said(
            bridge.report_id, (bridge.kind, bridge.value), join=join, anchor=bridge.anchor_id
        )
        _apply(stored)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=bridge.report,
            detail={
                "campaign_link": "join" if join else "keep apart",
                "identifier": f"{bridge.kind}: {bridge.value}",
                "with_report": bridge.anchor_id,
                "reason": reason,
            },
        )
    return decision


class CampaignRefused(ValueError):
    """A confirmation of a campaign that cannot be recorded, with what to fix."""


def confirm_campaign(*, actor: User, cluster_id: int, name: str, reason: str) -> ConfirmedCampaign:
    """Record an analyst's judgement that a cluster is one campaign, named and with why:
    its victims may then be warned (prevention). A cluster is confirmed once. Audited on
    the cluster, in the same transaction."""
    name, reason = name.strip(), reason.strip()
    if not name:
        raise CampaignRefused("Enter a name for the campaign")
    if not reason:
        raise CampaignRefused("Enter why these reports are one campaign")
    with transaction.atomic():
        cluster = Cluster.objects.select_for_update().filter(pk=cluster_id).first()
        if cluster is None:
            raise CampaignRefused(
                "This cluster no longer exists: a linking run joined it to another"
            )
        if ConfirmedCampaign.objects.filter(cluster=cluster).exists():
            raise CampaignRefused("This cluster is already confirmed as a campaign")
        campaign = ConfirmedCampaign.objects.create(
            cluster=cluster,
            cluster_number=cluster.pk,
            name=name,
            reason=reason,
            confirmed_by=actor,
            confirmed_by_label=actor.get_username(),
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=cluster,
            detail={"confirmed_campaign": campaign.pk, "name": name, "reason": reason},
        )
    return campaign


def link_arrivals(*, report_ids: Iterable[int]) -> set[int]:
    """Link stored reports as they arrive: identifiers into clusters, victims into people
    groups. Returns the victim records whose group changed."""
    ids = sorted(set(report_ids))
    link_reports(report_ids=ids)
    return link_people_on_arrival(report_ids=ids)


def run_linking(*, engine: str = "duckdb", seed: int = 1) -> dict[str, Any]:
    """Both kinds of link from scratch: identifier clusters, then people groups. Returns
    counts and timings, as `fraudhub link` prints them."""
    started = time.perf_counter()
    clusters = rebuild_clusters()
    largest = (
        ClusterMember.objects.values("cluster")
        .annotate(size=Count("id"))
        .order_by("-size")
        .values_list("size", flat=True)
        .first()
    )
    clusters_done = time.perf_counter()
    people = link_people(engine=engine, seed=seed)
    finished = time.perf_counter()
    figures = {
        "identifier_clusters": clusters,
        "clustered_reports": ClusterMember.objects.count(),
        "largest_cluster": largest or 0,
        "identifier_seconds": round(clusters_done - started, 2),
        "engine": engine,
        "people": {
            role: {
                "records": people.records[role],
                "pairs_scored": people.pairs_scored[role],
                "groups": people.groups[role],
                "grouped_records": people.grouped_records[role],
            }
            for role in people.records
        },
        "cases_retriaged": people.cases_retriaged,
        "people_seconds": round(finished - clusters_done, 2),
        "people_steps_seconds": people.seconds,
        "seconds": round(finished - started, 2),
    }
    audit.record_list(
        actor=None,
        actor_label=LINKER,
        page="linking run",
        objects=[],
        object_type=Cluster._meta.label_lower,
        action=AuditEvent.Action.CHANGE,
        detail={
            "combined": "every report's identifiers and every person's details",
            "identifier_clusters": clusters,
            "clustered_reports": figures["clustered_reports"],
            "people_grouped": sum(people.grouped_records.values()),
            "cases_retriaged": people.cases_retriaged,
        },
    )
    return figures
