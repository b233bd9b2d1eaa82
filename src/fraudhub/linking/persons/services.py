"""Writes for people matching: runs that score every person record and regroup them,
linking a victim as their report arrives, and analysts' decisions on pairs and possible
people. Records that are one real person join one group, as analysts' decisions allow."""

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
from django.db.models import QuerySet
from django.utils import timezone

from fraudhub.bulk import delete_where_in, insert_rows, lock_against_writers, reserve_ids
from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.rights import restricted_ids
from fraudhub.reports.models import Person

from ..arrival import candidate_ids, matching_query, name_frequencies, score_arrival
from ..events import announce_regrouped
from ..models import PersonDecision, PersonGroup, PersonGroupMember, PersonPair
from ..people import MATCH_THRESHOLD, ScoredPair, group_people, prepare_person, score_people

Pair = tuple[int, int]
SAME_PERSON = "linked to the same person's other reports"


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


def newest_decisions(person_ids: set[int] | None = None) -> tuple[set[Pair], set[Pair]]:
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

    same, different = newest_decisions()
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
            if (decided := newest_decisions()) != (same, different):
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
    same, different = newest_decisions(members)
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
    name_frequencies(victim.role, new, list(rows.values()))
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


def decide_possible_person(
    *, actor: User, records: list[Person], split: set[int], reason: str
) -> list[PersonDecision]:
    """One analyst's decision on every record of a possible person, saved as the pair
    decisions every run respects: the records not split out are the same person as each
    other, and each record split out is not the same person as any of them. Audited on
    each record, as a decision on one pair is."""
    ids = {record.pk for record in records}
    if len(ids) < 2:
        raise DecisionRefused("Choose two or more records")
    if not split < ids:
        raise DecisionRefused("Leave at least one record that is this person")
    kept = [r for r in records if r.pk not in split]
    apart = [r for r in records if r.pk in split]
    with transaction.atomic():
        made = [
            decide_people(actor=actor, person=one, other=other, same=True, reason=reason)
            for i, one in enumerate(kept)
            for other in kept[i + 1 :]
        ]
        made += [
            decide_people(actor=actor, person=one, other=other, same=False, reason=reason)
            for one in apart
            for other in kept
        ]
    return made
