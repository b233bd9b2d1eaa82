"""Writes for linking: reports that share a scammer's identifier join one cluster (a new
report joins, and may merge, existing clusters without recomputing the rest); person
records that are one real person join one group, as analysts' decisions allow."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, QuerySet

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.models import Identifier, Person

from .models import (
    LINKING_KINDS,
    Cluster,
    ClusterMember,
    ExcludedIdentifier,
    PersonDecision,
    PersonGroup,
    PersonGroupMember,
    PersonPair,
)
from .people import ScoredPair, group_people, prepare_person, score_people

Pair = tuple[int, int]


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
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_with: dict[tuple[str, str], int] = {}
    rows = (
        Identifier.objects.filter(kind__in=LINKING_KINDS)
        .exclude(normalised="")
        .values_list("kind", "normalised", "report_id")
        .iterator(20_000)
    )
    for kind, value, report_id in rows:
        if (kind, value) in excluded:
            continue
        first = first_with.setdefault((kind, value), report_id)
        if first != report_id:
            parent[find(report_id)] = find(first)
    components: dict[int, list[int]] = defaultdict(list)
    for report_id in parent:
        components[find(report_id)].append(report_id)
    several = [sorted(m) for m in components.values() if len(m) > 1]
    with transaction.atomic():
        ClusterMember.objects.all().delete()
        Cluster.objects.all().delete()
        clusters = Cluster.objects.bulk_create([Cluster() for _ in several], batch_size=5_000)
        ClusterMember.objects.bulk_create(
            (
                ClusterMember(report_id=r, cluster=cluster)
                for cluster, members in zip(clusters, several, strict=True)
                for r in members
            ),
            batch_size=5_000,
        )
    return len(several)


# --- people ------------------------------------------------------------------------------

# Victims and suspects are matched apart: a victim is rarely their own scammer, a suspect's
# details are sparse and often false, and one model trained on both would learn neither.
LINKED_ROLES = (Person.Role.VICTIM, Person.Role.SUSPECT)


@dataclass(frozen=True)
class PeopleRun:
    """What one run of people matching found, by role."""

    records: dict[str, int]
    pairs_scored: dict[str, int]
    groups: dict[str, int]
    grouped_records: dict[str, int]
    cases_retriaged: int


def person_for_matching(person: Mapping[str, Any]) -> dict[str, Any]:
    """A person record (its stored fields, by name) as Splink compares it: what was typed,
    with the values intake normalised used as they are."""
    born = person["date_of_birth"]
    typed = {
        "given_name": person["first_name"],
        "surname": person["last_name"],
        "date_of_birth": person["date_of_birth_raw"],
        "address_line1": person["address_line1"],
        "address_line2": person["address_line2"],
        "town": person["town"],
        "postcode": person["postcode_raw"],
        "phone": person["phone_raw"],
        "email": person["email_raw"],
    }
    normalised = {
        "date_of_birth": born.isoformat() if born else "",
        "postcode": person["postcode"],
        "phone": person["phone"],
        "email": person["email"],
    }
    return prepare_person(person["id"], typed, normalised=normalised)


PERSON_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "date_of_birth_raw",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "postcode_raw",
    "phone",
    "phone_raw",
    "email",
    "email_raw",
)


def _decisions(person_ids: set[int] | None = None) -> tuple[set[Pair], set[Pair]]:
    """Pairs analysts said are the same person, and pairs they said are not: the newest
    decision on each pair counts."""
    decisions = PersonDecision.objects.order_by("decided_at", "id")
    if person_ids is not None:
        decisions = decisions.filter(left_id__in=person_ids, right_id__in=person_ids)
    newest: dict[Pair, bool] = {}
    for left, right, same in decisions.values_list("left_id", "right_id", "same"):
        newest[(left, right)] = same
    return (
        {p for p, same in newest.items() if same},
        {p for p, same in newest.items() if not same},
    )


def link_people(*, engine: str = "duckdb", seed: int = 1) -> PeopleRun:
    """Score every pair of victim records (and, apart, of suspect records) with a model
    trained on them, keep the pairs an analyst may judge, and regroup the records:
    analysts' decisions first, then the model's links that do not contradict them."""
    records: dict[str, int] = {}
    scored: dict[str, int] = {}
    groups: dict[str, int] = {}
    grouped: dict[str, int] = {}
    retriaged = 0
    same, different = _decisions()
    for role in LINKED_ROLES:
        people = Person.objects.filter(role=role).order_by("id")
        rows = [person_for_matching(p) for p in people.values(*PERSON_FIELDS).iterator(5_000)]
        pairs = score_people(rows, seed=seed, engine=engine)
        ids = [r["unique_id"] for r in rows]
        group_of = group_people(ids, pairs, same=same, different=different)
        before = _memberships(PersonGroupMember.objects.filter(group__role=role))
        with transaction.atomic():
            PersonPair.objects.filter(left__role=role).delete()
            PersonPair.objects.bulk_create(
                (
                    PersonPair(
                        left_id=p.left,
                        right_id=p.right,
                        probability=p.probability,
                        agreement=p.agreement,
                    )
                    for p in pairs
                ),
                batch_size=5_000,
            )
            PersonGroup.objects.filter(role=role).delete()
            made = _store_groups(role, group_of)
        if role == Person.Role.VICTIM:
            retriaged += _retriage(_changed(before, _memberships_of(group_of)))
        records[role] = len(rows)
        scored[role] = len(pairs)
        groups[role] = made
        sizes = Counter(group_of.values())
        grouped[role] = sum(size for size in sizes.values() if size > 1)
    return PeopleRun(records, scored, groups, grouped, retriaged)


def _store_groups(role: str, group_of: dict[int, int]) -> int:
    """Save the groups of two or more records; returns how many."""
    by_group: dict[int, list[int]] = defaultdict(list)
    for person_id, group in group_of.items():
        by_group[group].append(person_id)
    several = [sorted(m) for m in by_group.values() if len(m) > 1]
    made = PersonGroup.objects.bulk_create(
        [PersonGroup(role=role) for _ in several], batch_size=5_000
    )
    PersonGroupMember.objects.bulk_create(
        (
            PersonGroupMember(person_id=person_id, group=group)
            for group, person_ids in zip(made, several, strict=True)
            for person_id in person_ids
        ),
        batch_size=5_000,
    )
    return len(several)


def _regroup(person_ids: set[int]) -> None:
    """Regroup these records and everyone in their groups from the stored pairs and the
    decisions, without scoring anything again."""
    members = set(
        PersonGroupMember.objects.filter(group__members__person_id__in=person_ids).values_list(
            "person_id", flat=True
        )
    ) | set(person_ids)
    pairs = [
        ScoredPair(left, right, probability, {})
        for left, right, probability in PersonPair.objects.filter(
            left_id__in=members, right_id__in=members
        ).values_list("left_id", "right_id", "probability")
    ]
    same, different = _decisions(members)
    group_of = group_people(sorted(members), pairs, same=same, different=different)
    role = Person.objects.filter(pk__in=members).values_list("role", flat=True).first()
    groups = PersonGroupMember.objects.filter(person_id__in=members)
    before = _memberships(PersonGroupMember.objects.filter(group__in=groups.values("group")))
    PersonGroup.objects.filter(members__person_id__in=members).delete()
    _store_groups(role or Person.Role.VICTIM, group_of)
    if role == Person.Role.VICTIM:
        _retriage(_changed(before, _memberships_of(group_of)))


def _memberships(members: QuerySet[PersonGroupMember]) -> dict[int, frozenset[int]]:
    """Each grouped record and the records in its group."""
    by_group: dict[int, set[int]] = defaultdict(set)
    for person_id, group_id in members.values_list("person_id", "group_id").iterator(5_000):
        by_group[group_id].add(person_id)
    return {p: frozenset(ids) for ids in by_group.values() for p in ids}


def _memberships_of(group_of: dict[int, int]) -> dict[int, frozenset[int]]:
    by_group: dict[int, set[int]] = defaultdict(set)
    for person_id, group in group_of.items():
        by_group[group].add(person_id)
    return {p: frozenset(ids) for ids in by_group.values() if len(ids) > 1 for p in ids}


def _changed(before: dict[int, frozenset[int]], after: dict[int, frozenset[int]]) -> set[int]:
    """Records whose group gained or lost someone."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def _retriage(victim_ids: set[int]) -> int:
    """Triage again the cases of victims whose group changed: the repeat-victim rule
    counts the reports of everyone in the group. Returns how many cases."""
    from fraudhub.casework.models import Case
    from fraudhub.casework.services import retriage

    if not victim_ids:
        return 0
    case_ids = list(
        Case.objects.filter(reports__persons__in=victim_ids).values_list("pk", flat=True).distinct()
    )
    for case_id in case_ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().select_related("victim").get(pk=case_id)
            retriage(case, why="linked to the same person's other reports")
    return len(case_ids)


class DecisionRefused(ValueError):
    """A decision that cannot be recorded, with what to fix."""


def decide_people(
    *, actor: User, person: Person, other: Person, same: bool, reason: str
) -> PersonDecision:
    """Record an analyst's judgement on two person records and regroup them at once; every
    later run respects it. Audited on both records."""
    reason = reason.strip()
    if person.pk == other.pk:
        raise DecisionRefused("Choose two different records")
    if person.role != other.role:
        raise DecisionRefused("Only records with the same role can be the same person")
    if not reason:
        raise DecisionRefused("Enter why you decided this")
    left, right = sorted((person.pk, other.pk))
    with transaction.atomic():
        decision = PersonDecision.objects.create(
            left_id=left,
            right_id=right,
            same=same,
            reason=reason,
            decided_by=actor,
            decided_by_label=actor.get_username(),
        )
        _regroup({left, right})
        for record in (person, other):
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CHANGE,
                obj=record,
                detail={
                    "people_link": "same person" if same else "not the same person",
                    "with": other.pk if record is person else person.pk,
                    "reason": reason,
                },
            )
    return decision


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
    return {
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
        "seconds": round(finished - started, 2),
    }
