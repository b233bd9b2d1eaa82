"""Writes for linking: reports that share a scammer's identifier join one cluster (a new
report joins, and may merge, existing clusters without recomputing the rest); person
records that are one real person join one group, as analysts' decisions allow."""

from __future__ import annotations

import gc
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from fraudhub.bulk import CHUNK, delete_where_in, insert_rows, lock_against_writers, reserve_ids
from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.rights import restricted_ids
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.selectors import restricted_report_ids

from .arrival import candidate_ids, matching_query, name_frequencies, score_arrival
from .events import announce_regrouped
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
from .people import (
    MATCH_THRESHOLD,
    ScoredPair,
    group_people,
    prepare_person,
    score_people,
)

Pair = tuple[int, int]
SAME_PERSON = "linked to the same person's other reports"


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
    restricted = set(restricted_report_ids())
    ids = sorted(set(report_ids) - restricted)
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
            partners -= restricted
            if not partners:
                continue
            cluster = _join([report_id, *sorted(partners)])
            _record_combined(report_id, partners, cluster)
            linked += 1
    return linked


LINKER = "system (linking)"


def _record_combined(report_id: int, partners: set[int], cluster: Cluster) -> None:
    """Linking combines personal data: each report joined to others is logged with the
    reports it now shares a cluster with (by reference)."""
    report = Report.objects.get(pk=report_id)
    shared = sorted(
        str(r) for r in Report.objects.filter(pk__in=partners).values_list("reference", flat=True)
    )
    audit.record(
        actor=None,
        actor_label=LINKER,
        action=AuditEvent.Action.CHANGE,
        obj=report,
        detail={"combined": "identifier cluster", "cluster": cluster.pk, "with": shared[:50]},
    )


def _join(report_ids: list[int]) -> Cluster:
    """One cluster for all these reports: the oldest of their clusters, the others merged."""
    with connection.cursor() as cursor:  # the table first, as the rebuild: no deadlock between them
        lock_against_writers(cursor, ClusterMember)
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
    changes). A cluster keeps its number while it holds the same campaign: each new
    cluster takes the oldest number among its reports' clusters that a larger one has not
    taken, so an analyst's link to "Cluster 42" still leads there after it grows or
    merges. Only the memberships that changed are written. Returns how many clusters."""
    excluded = _excluded()
    with transaction.atomic(), connection.cursor() as cursor:
        lock_against_writers(cursor, ClusterMember)  # reports linked as they arrive wait
        several = _components(excluded)
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
    return len(several)


def _components(excluded: set[tuple[str, str]]) -> list[list[int]]:
    """Reports joined by shared identifiers (outside the exclusions), two or more each."""
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
        .exclude(report_id__in=restricted_report_ids())
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
    return [sorted(m) for m in components.values() if len(m) > 1]


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
    seconds: dict[str, float]  # by step (reading, scoring...), both roles together


def person_for_matching(person: Mapping[str, Any]) -> dict[str, Any]:
    """A person record (its stored fields, by name; the date of birth a date or ISO text)
    as Splink compares it: what was typed, with the values intake normalised used as
    they are."""
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
        "date_of_birth": (born if isinstance(born, str) else born.isoformat()) if born else "",
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


def _records_for_matching(role: str) -> list[dict[str, Any]]:
    """Every person record of the role as Splink compares it, read as plain rows: at a
    million records the ORM's work on each row would cost more than the reading."""
    query = (
        Person.objects.filter(role=role, anonymised_at__isnull=True)
        .exclude(pk__in=restricted_ids("reports.person"))
        .order_by("id")
        .values_list(*PERSON_FIELDS)
        .query
    )
    sql, params = query.sql_with_params()
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            for values in batch:
                # As stored: a date of birth is ISO text from SQLite, a date from PostgreSQL.
                rows.append(person_for_matching(dict(zip(PERSON_FIELDS, values, strict=True))))
    return rows


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


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: with a million records held, each of its passes
    walks them all, and a run makes millions of small objects (about a fifth of the time
    of reading the records went on it). Any cycles made meanwhile are freed when it resumes."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def link_people(*, engine: str = "duckdb", seed: int = 1) -> PeopleRun:
    """Score every pair of victim records (and, apart, of suspect records) with a model
    trained on them, keep the pairs an analyst may judge, and regroup the records:
    analysts' decisions first, then the model's links that do not contradict them."""
    with _no_cycle_collection():
        return _link_people(engine=engine, seed=seed)


def _link_people(*, engine: str, seed: int) -> PeopleRun:
    records: dict[str, int] = {}
    scored: dict[str, int] = {}
    groups: dict[str, int] = {}
    grouped: dict[str, int] = {}
    retriaged = 0
    seconds = dict.fromkeys(("reading", "scoring", "grouping", "storing", "triaging"), 0.0)
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] += now - clock
        clock = now

    same, different = _decisions()
    for role in LINKED_ROLES:
        rows = _records_for_matching(role)
        lap("reading")
        pairs = score_people(rows, seed=seed, engine=engine)
        lap("scoring")
        ids = [r["unique_id"] for r in rows]
        group_of = group_people(ids, pairs, same=same, different=different)
        lap("grouping")
        as_json = _json_once()
        with transaction.atomic(), connection.cursor() as cursor:
            lock_against_writers(cursor, PersonGroup)
            if (decided := _decisions()) != (same, different):
                # An analyst decided while the model was scoring: their word counts.
                same, different = decided
                group_of = group_people(ids, pairs, same=same, different=different)
            stored = _stored_groups(PersonGroupMember.objects.filter(group__role=role))
            PersonPair.objects.filter(left__role=role).delete()
            insert_rows(
                cursor,
                PersonPair,
                ["left_id", "right_id", "probability", "agreement"],
                ((p.left, p.right, p.probability, as_json(p.agreement)) for p in pairs),
            )
            now_grouped = _save_groups(cursor, role, group_of, stored)
        lap("storing")
        if role == Person.Role.VICTIM:
            retriaged += announce_regrouped(
                _changed(_by_record(stored), _by_record(now_grouped)), why=SAME_PERSON
            )
        lap("triaging")
        records[role] = len(rows)
        scored[role] = len(pairs)
        groups[role] = len(now_grouped)
        sizes = Counter(group_of.values())
        grouped[role] = sum(size for size in sizes.values() if size > 1)
    return PeopleRun(
        records, scored, groups, grouped, retriaged, {k: round(v, 2) for k, v in seconds.items()}
    )


def _json_once() -> Callable[[dict[str, str]], str]:
    """JSON of pairs' agreements, each dict encoded once: the pairs of a run share a few
    hundred (alive, so their ids stay theirs, while the pairs are)."""
    encoded: dict[int, str] = {}

    def as_json(agreement: dict[str, str]) -> str:
        if (text := encoded.get(id(agreement))) is None:
            text = encoded[id(agreement)] = json.dumps(agreement)
        return text

    return as_json


def _save_groups(
    cursor: Any, role: str, group_of: Mapping[int, int], stored: Mapping[int, frozenset[int]]
) -> dict[int, frozenset[int]]:
    """Store the groups of two or more records in `group_of` in place of `stored` (the
    groups these records are in now, by id). A group keeps its id while it holds the same
    person: each group takes the oldest id among its records' groups that a larger group
    has not taken, so "Person group 42" still leads there after a record joins or leaves
    (as identifier clusters keep theirs). Only the memberships that changed are written,
    as plain rows. Returns the groups now stored, by id."""
    by_group: dict[int, list[int]] = defaultdict(list)
    for person_id, group in group_of.items():
        by_group[group].append(person_id)
    wanted = sorted(
        (sorted(m) for m in by_group.values() if len(m) > 1), key=lambda m: (-len(m), m[0])
    )
    owner = {person_id: pk for pk, members in stored.items() for person_id in members}
    taken: set[int] = set()
    numbered: list[tuple[int | None, list[int]]] = []
    for members in wanted:
        old = sorted({owner[p] for p in members if p in owner} - taken)
        if old:
            taken.add(old[0])
        numbered.append((old[0] if old else None, members))
    fresh = iter(reserve_ids(cursor, PersonGroup, sum(1 for pk, _ in numbered if pk is None)))
    groups = [(pk if pk is not None else next(fresh), members) for pk, members in numbered]
    group_now = {p: pk for pk, members in groups for p in members}
    moved = sorted(p for p, pk in owner.items() if group_now.get(p) != pk)
    delete_where_in(cursor, PersonGroupMember, "person_id", moved)
    delete_where_in(cursor, PersonGroup, "id", sorted(stored.keys() - taken))
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    insert_rows(
        cursor,
        PersonGroup,
        ["id", "role", "created_at"],
        [(pk, role, created) for pk, _ in groups if pk not in taken],
    )
    insert_rows(
        cursor,
        PersonGroupMember,
        ["group_id", "person_id"],
        ((pk, p) for p, pk in group_now.items() if owner.get(p) != pk),
    )
    return {pk: frozenset(members) for pk, members in groups}


def _regroup(person_ids: set[int]) -> set[int]:
    """Regroup these records and everyone in their groups from the stored pairs and the
    decisions, without scoring anything again. Returns the victim records whose group
    gained or lost someone."""
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
    with connection.cursor() as cursor:
        lock_against_writers(cursor, PersonGroup)
        in_groups = PersonGroupMember.objects.filter(person_id__in=members).values("group")
        stored = _stored_groups(PersonGroupMember.objects.filter(group__in=in_groups))
        now_grouped = _save_groups(cursor, role or Person.Role.VICTIM, group_of, stored)
    if role != Person.Role.VICTIM:
        return set()
    return _changed(_by_record(stored), _by_record(now_grouped))


def _stored_groups(members: QuerySet[PersonGroupMember]) -> dict[int, frozenset[int]]:
    """The stored groups of these memberships: group id to its records."""
    by_group: dict[int, set[int]] = defaultdict(set)
    for person_id, group_id in members.values_list("person_id", "group_id").iterator(20_000):
        by_group[group_id].add(person_id)
    return {pk: frozenset(ids) for pk, ids in by_group.items()}


def _by_record(groups: Mapping[int, frozenset[int]]) -> dict[int, frozenset[int]]:
    """Each grouped record and the records in its group."""
    return {person_id: members for members in groups.values() for person_id in members}


def _changed(before: dict[int, frozenset[int]], after: dict[int, frozenset[int]]) -> set[int]:
    """Records whose group gained or lost someone."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def link_people_on_arrival(*, report_ids: Iterable[int]) -> set[int]:
    """Match each report's victim against every victim record already known, with the
    people model, and put it in the group of the person it is (keeping that group's id),
    or leave it alone until someone else is them. Its scored pairs are kept for analysts,
    as the nightly run keeps them. Returns the victim records whose group changed; the
    caller announces them."""
    victims = Person.objects.filter(report_id__in=list(report_ids), role=Person.Role.VICTIM)
    changed: set[int] = set()
    for victim in victims.order_by("pk"):
        changed |= _link_arrival(victim)
    return changed


def _link_arrival(victim: Person) -> set[int]:
    found = candidate_ids(victim)
    rows = {
        values[0]: person_for_matching(dict(zip(PERSON_FIELDS, values, strict=True)))
        for values in Person.objects.filter(pk__in=[victim.pk, *found]).values_list(*PERSON_FIELDS)
    }
    new = rows.pop(victim.pk)
    name_frequencies(victim.role, [new, *rows.values()])
    pairs = score_arrival(new, list(rows.values()))
    with transaction.atomic():
        PersonPair.objects.filter(matching_query([victim.pk])).delete()  # it may have changed
        PersonPair.objects.bulk_create(
            PersonPair(
                left_id=p.left, right_id=p.right, probability=p.probability, agreement=p.agreement
            )
            for p in pairs
        )
        linked = {
            p.left if p.right == victim.pk else p.right
            for p in pairs
            if p.probability >= MATCH_THRESHOLD
        }
        in_group = PersonGroupMember.objects.filter(person_id=victim.pk).exists()
        if not linked and not in_group:
            return set()
        return _regroup({victim.pk, *linked})


def link_arrivals(*, report_ids: Iterable[int]) -> set[int]:
    """Link stored reports as they arrive: identifiers into clusters, victims into people
    groups. Returns the victim records whose group changed."""
    ids = sorted(set(report_ids))
    link_reports(report_ids=ids)
    return link_people_on_arrival(report_ids=ids)


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
        announce_regrouped(_regroup({left, right}), why=SAME_PERSON)
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
