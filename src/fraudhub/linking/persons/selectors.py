"""Reads for the person page: a person record, the records grouped with it and their
reports, the proposed links with their scores. Only what the user may see (the reports
they may see); each look is written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import Exists, OuterRef, Q, QuerySet

from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor, allowed
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.roles import Permission
from fraudhub.paging import page_of
from fraudhub.reports.models import Person, Report
from fraudhub.reports.selectors import (
    any_opened_from_outside,
    asks_why,
    released_q,
    sees_every_report,
    visible_reports,
)

from ..models import PersonDecision, PersonGroupMember, PersonPair
from ..people import MATCH_THRESHOLD, SHARED_WORDS

FIELD_LABELS = {
    "given_name": "First name",
    "surname": "Last name",
    "date_of_birth": "Date of birth",
    "address": "Address",
    "phone": "Phone",
    "email": "Email",
}
MOST_LINKS = 50
SAME_WORDS = {"same", "same address and postcode"}


@dataclass(frozen=True)
class ProposedLink:
    """A pair the model scored: the two records, how likely they are one person, how each
    field compared, whether they are grouped now, and the newest decision on them."""

    person: Person
    other: Person
    probability: float
    agreement: list[tuple[str, str]]
    grouped: bool
    decision: PersonDecision | None

    @property
    def agreeing(self) -> list[str]:
        """The fields that are the same in both records; a household's shared phone or
        email is marked, as it does not count towards the link."""
        return [
            label if words in SAME_WORDS else f"{label} (under a different first name)"
            for label, words in self.agreement
            if words in SAME_WORDS or words == SHARED_WORDS
        ]

    @property
    def missing(self) -> list[str]:
        """The fields one record or both leave out."""
        return [label for label, words in self.agreement if words == "not given in one or both"]

    @property
    def percent(self) -> str:
        """The match probability as people read it: "99.9%", never a bare 100%."""
        value = self.probability * 100
        return f"{min(value, 99.9):.1f}%" if value >= 10 else f"{value:.1f}%"


@dataclass(frozen=True)
class PersonPage:
    person: Person
    records: list[Person]
    reports: list[Report]
    links: list[ProposedLink]
    decisions: list[PersonDecision]
    hidden_records: int


def may_decide(user: Actor) -> bool:
    """Who may confirm or split a link: the hub's analysts, case managers and administrators
    (governance.roles), who also see every report."""
    return allowed(user, Permission.DECIDE_PERSON_LINKS) and sees_every_report(user)


def people_reports(user: Actor) -> QuerySet[Report]:
    """Reports whose people the user may see: those they may open whose victim contact
    details (names among them) are released to them, with the victim's consent."""
    reader = policy.reader_for(user)
    reports = visible_reports(user, reader)
    if reader.sees_everything:
        return reports
    return reports.filter(released_q(reader, policy.Category.VICTIM_CONTACT))


def _visible_person(user: Actor, person_id: int) -> Person | None:
    return (
        Person.objects.filter(pk=person_id, report__in=people_reports(user))
        .select_related("report")
        .first()
    )


def _group_ids(person: Person) -> set[int]:
    member = PersonGroupMember.objects.filter(person=person).first()
    if member is None:
        return {person.pk}
    return set(
        PersonGroupMember.objects.filter(group_id=member.group_id).values_list(
            "person_id", flat=True
        )
    )


def _decisions(ids: set[int]) -> list[PersonDecision]:
    return list(
        PersonDecision.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids)).select_related(
            "decided_by"
        )
    )


def _labelled(agreement: dict[str, str]) -> list[tuple[str, str]]:
    """How each compared field agreed, under the field's label for people."""
    return [(FIELD_LABELS[k], v) for k, v in agreement.items() if k in FIELD_LABELS]


def _links(
    user: Actor, ids: set[int], decisions: list[PersonDecision], only_with: int | None = None
) -> list[ProposedLink]:
    pairs = PersonPair.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids))
    if only_with is not None:
        pairs = pairs.filter(Q(left_id=only_with) | Q(right_id=only_with))
    pairs = pairs.order_by("-probability", "left_id", "right_id")[:MOST_LINKS]
    rows = list(pairs.values_list("left_id", "right_id", "probability", "agreement"))
    wanted = {i for row in rows for i in row[:2]}
    visible = Person.objects.filter(pk__in=wanted, report__in=people_reports(user))
    people = {p.pk: p for p in visible.select_related("report")}
    newest: dict[tuple[int, int], PersonDecision] = {}
    for decision in decisions:  # newest first
        newest.setdefault((decision.left_id, decision.right_id), decision)
    links = []
    for left, right, probability, agreement in rows:
        if left not in people or right not in people:
            continue  # a record on a report this user may not see is never shown
        person, other = (people[left], people[right])
        if other.pk in ids and person.pk not in ids:
            person, other = other, person
        links.append(
            ProposedLink(
                person=person,
                other=other,
                probability=probability,
                agreement=_labelled(agreement),
                grouped=left in ids and right in ids,
                decision=newest.get((left, right)),
            )
        )
    return links


def _page(user: Actor, person: Person) -> PersonPage:
    ids = _group_ids(person)
    reports = people_reports(user)
    records = list(
        Person.objects.filter(pk__in=ids, report__in=reports)
        .select_related("report", "report__scam_type", "report__source_organisation")
        .order_by("report__received_date", "pk")
    )
    decisions = _decisions(ids)
    return PersonPage(
        person=person,
        records=records,
        reports=[r.report for r in records],
        links=_links(user, ids, decisions),
        decisions=[d for d in decisions if d.left_id in ids or d.right_id in ids],
        hidden_records=_countable(user, ids) - len(records),
    )


def _shown_reports(page: PersonPage) -> list[Report]:
    """Every report whose person the page shows: the group's records and both sides of
    each proposed link."""
    linked = [p.report for link in page.links for p in (link.person, link.other)]
    return [*page.reports, *linked]


def person_needing_reason(user: Actor, person_id: int) -> Person | None:
    """The person record, unaudited, when the user may see its page but must say why first:
    a record the page shows is on a report that is not their own organisation's (the rule
    of reports.selectors.opened_from_outside)."""
    person = _visible_person(user, person_id)
    if person is None:
        return None
    return person if any_opened_from_outside(user, _shown_reports(_page(user, person))) else None


def link_needing_reason(user: Actor, person_id: int, other_id: int) -> Person | None:
    """The first record, unaudited, when the user may see both records of a proposed link
    but must say why first (one of them is on a report outside their organisation's)."""
    person = _visible_person(user, person_id)
    other = _visible_person(user, other_id)
    if person is None or other is None:
        return None
    return person if any_opened_from_outside(user, [person.report, other.report]) else None


def person_page_visible(user: Actor, person_id: int) -> bool:
    """Whether the user may see this person record (unaudited)."""
    return _visible_person(user, person_id) is not None


def person_for_reason(user: Actor, person_id: int) -> Person | None:
    """The person record whose pages the user is asked to give a reason for opening, if
    they may see it and are ever asked (the hub, sent every report, never is)."""
    person = _visible_person(user, person_id)
    if person is None or not asks_why(user):
        return None
    return person


def person_page(
    user: Actor, person_id: int, *, reason: dict[str, str] | None = None
) -> PersonPage | None:
    """A person record with everything grouped with it, if the user may see its report;
    the look is audited, with the reason given for opening it when it shows records of
    other organisations' reports."""
    person = _visible_person(user, person_id)
    if person is None:
        return None
    page = _page(user, person)
    audit.record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        obj=person,
        detail={"via": "person page", "records": [r.pk for r in page.records], **(reason or {})},
    )
    return page


def _countable(user: Actor, ids: set[int]) -> int:
    """How many of these records the user may know of: all of them for the hub; else those
    on reports of organisations whose agreement allows counts (or that they may open)."""
    reader = policy.reader_for(user)
    if reader.sees_everything:
        return len(ids)
    return (
        Person.objects.filter(pk__in=ids)
        .filter(reader.countable_q("report__source_organisation"))
        .count()
    )


def proposed_link(
    user: Actor, person_id: int, other_id: int, *, reason: dict[str, str] | None = None
) -> ProposedLink | None:
    """Two records for an analyst to judge, both on reports the user may see; a pair the
    model never scored is shown with no score. The look is audited, with the reason given."""
    person = _visible_person(user, person_id)
    other = _visible_person(user, other_id)
    if person is None or other is None or person.pk == other.pk:
        return None
    pair = {person.pk, other.pk}
    decisions = _decisions(pair)
    decisions = [d for d in decisions if {d.left_id, d.right_id} == pair]
    links = _links(user, {person.pk}, decisions, only_with=other.pk)
    together = _group_ids(person) == _group_ids(other) and len(_group_ids(person)) > 1
    link = links[0] if links else None
    if link is None:
        link = ProposedLink(person, other, 0.0, [], together, decisions[0] if decisions else None)
    for record in (person, other):
        audit.record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            obj=record,
            detail={
                "via": "proposed link",
                "with": (other if record is person else person).pk,
                **(reason or {}),
            },
        )
    return ProposedLink(
        person=person,
        other=other,
        probability=link.probability,
        agreement=link.agreement,
        grouped=together,
        decision=link.decision,
    )


CHECK_PAGE_SIZE = 25
MOST_PAIRS_READ = 20_000  # undecided pairs read for one page, likeliest first
MOST_RECORDS = 12  # records shown as one possible person


@dataclass(frozen=True)
class PossiblePerson:
    """Records the model's undecided pairs join into one possible person, to be checked
    as one decision: the records in the order they were made, and their pairs."""

    records: list[Person]
    links: list[ProposedLink]

    @property
    def best(self) -> ProposedLink:
        return max(self.links, key=lambda link: link.probability)

    @property
    def first(self) -> Person:
        return self.records[0]


@dataclass(frozen=True)
class LinksToCheck:
    """A page of possible people no analyst has decided on, likeliest first."""

    page: Page[list[int]]
    people: list[PossiblePerson]
    linked: bool
    more: bool  # more undecided pairs than were read: more people after these


def _undecided(user: Actor, *, linked: bool) -> QuerySet[PersonPair]:
    """Pairs the model scored that no analyst has decided on: the possible links it did
    not make (below the threshold), or with `linked` the links it made on its own."""
    decided = PersonDecision.objects.filter(
        left_id=OuterRef("left_id"), right_id=OuterRef("right_id")
    )
    side = "probability__gte" if linked else "probability__lt"
    undecided = PersonPair.objects.filter(**{side: MATCH_THRESHOLD}).exclude(Exists(decided))
    if not sees_every_report(user):  # a filter the hub does not need, and slow at scale
        reports = people_reports(user)
        undecided = undecided.filter(left__report__in=reports, right__report__in=reports)
    return undecided


def _components(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """Records joined by pairs, each group in the order of its likeliest pair."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for left, right in pairs:
        parent[find(left)] = find(right)
    groups: dict[int, list[int]] = {}
    for left, right in pairs:  # likeliest first: a group is placed by its likeliest pair
        for record in (left, right):
            groups.setdefault(find(record), [])
            if record not in groups[find(record)]:
                groups[find(record)].append(record)
    return [sorted(g) for g in groups.values()]


def _possible_people(
    user: Actor, groups: list[list[int]], rows: list[tuple[int, int, float, dict[str, str]]]
) -> list[PossiblePerson]:
    wanted = {i for g in groups for i in g}
    people = {p.pk: p for p in Person.objects.filter(pk__in=wanted).select_related("report")}
    group_of = dict(
        PersonGroupMember.objects.filter(person_id__in=wanted).values_list("person_id", "group_id")
    )
    found = []
    for group in groups:
        members = set(group)
        links = [
            ProposedLink(
                person=people[left],
                other=people[right],
                probability=probability,
                agreement=_labelled(agreement),
                grouped=left in group_of and group_of.get(left) == group_of.get(right),
                decision=None,
            )
            for left, right, probability, agreement in rows
            if left in members and right in members
        ]
        found.append(PossiblePerson([people[pk] for pk in group], links))
    return found


def links_to_check(user: Actor, *, linked: bool = False, page: str | None = None) -> LinksToCheck:
    """Possible people no analyst has decided on: the records that undecided pairs on one
    side of the threshold join, each to be checked as one decision, likeliest first.
    Only records on reports the user may see; the look is audited."""
    rows = list(
        _undecided(user, linked=linked)
        .order_by("-probability", "left_id", "right_id")
        .values_list("left_id", "right_id", "probability", "agreement")[: MOST_PAIRS_READ + 1]
    )
    more = len(rows) > MOST_PAIRS_READ
    rows = rows[:MOST_PAIRS_READ]
    groups = _components([(left, right) for left, right, _, _ in rows])
    shown = page_of(groups, page, per_page=CHECK_PAGE_SIZE)
    on_page = list(shown.object_list)
    members = {i for g in on_page for i in g}
    people = _possible_people(
        user, on_page, [r for r in rows if r[0] in members and r[1] in members]
    )
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=sorted((p for person in people for p in person.records), key=lambda p: p.pk),
        detail_for=lambda _: {"via": "people links to check"},
    )
    return LinksToCheck(shown, people, linked, more)


def possible_person(
    user: Actor, person_id: int, *, linked: bool, reason: dict[str, str] | None = None
) -> PossiblePerson | None:
    """The possible person a record is part of: the records its undecided pairs on one
    side of the threshold reach (at most MOST_RECORDS), if the user may see them all.
    The look is audited, with the reason given for opening it (`possible_needing_reason`)."""
    found = _possible(user, person_id, linked=linked)
    if found is None:
        return None
    members = sorted(p.pk for p in found.records)
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=found.records,
        detail_for=lambda _: {"via": "possible person", "records": members, **(reason or {})},
    )
    return found


def possible_needing_reason(user: Actor, person_id: int, *, linked: bool) -> Person | None:
    """The record, unaudited, when the user may see the possible person it is part of but
    must say why first (one of its records is on a report outside their organisation's)."""
    found = _possible(user, person_id, linked=linked)
    if found is None or not any_opened_from_outside(user, [p.report for p in found.records]):
        return None
    return found.first


def _possible(user: Actor, person_id: int, *, linked: bool) -> PossiblePerson | None:
    person = _visible_person(user, person_id)
    if person is None:
        return None
    undecided = _undecided(user, linked=linked)
    members = {person.pk}
    frontier = {person.pk}
    rows: dict[tuple[int, int], tuple[int, int, float, dict[str, str]]] = {}
    while frontier and len(members) < MOST_RECORDS:
        found = undecided.filter(Q(left_id__in=frontier) | Q(right_id__in=frontier)).values_list(
            "left_id", "right_id", "probability", "agreement"
        )
        frontier = set()
        for row in found:
            rows[(row[0], row[1])] = row
            for record in row[:2]:
                if record not in members and len(members) < MOST_RECORDS:
                    members.add(record)
                    frontier.add(record)
    if len(members) < 2:
        return None
    visible = set(
        Person.objects.filter(pk__in=members, report__in=visible_reports(user)).values_list(
            "pk", flat=True
        )
    )
    if visible != members:
        return None
    kept = sorted(
        (r for r in rows.values() if r[0] in members and r[1] in members),
        key=lambda r: (-r[2], r[0], r[1]),
    )
    return _possible_people(user, [sorted(members)], kept)[0]
