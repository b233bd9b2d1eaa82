"""Seized target lists: the people a scam operation targeted, found when police or Trading
Standards seize its list. Importing one de-duplicates the people on it, finds those the hub
already supports (a repeat target is level 1 at triage) and books a proactive call for
everyone who lives, or may live, in the county. The rules here are pure functions of plain
data; the import and the call outcomes are services, one transaction each, audited."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.people import cluster_people, prepare_person
from fraudhub.linking.persons.lists import PersonRow, UnreadablePersonList, read_person_list
from fraudhub.reports import normalise as n
from fraudhub.reports.geography import council_for

from .lifecycle import OPEN, State
from .models import Case, CaseEvent, ProactiveCall, TargetList, TargetListEntry
from .services import StaleCase, hub_team, retriage
from .services.edits import _user

MATCH_THRESHOLD = Decimal("0.75")
LOOKUP_BATCH = 500  # values per IN (...) query, well inside SQLite's limit

# --- rules -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CountyCheck:
    """Whether a row's postcode puts the person in the county, and why in plain words."""

    county: str  # a TargetListEntry.County value
    reason: str
    district: str = ""


def county_of(postcode_typed: str) -> CountyCheck:
    """In the county when the postcode district is one of the county's; outside when it is
    a real UK postcode elsewhere. With no postcode, or one that is not a UK postcode (a
    typing slip, a foreign code), the person may still live here: not known, so a case
    manager checks rather than the person being dropped."""
    result = n.postcode(postcode_typed)
    district = result.extra.get("district", "")
    if district:
        council = council_for(district)
        if council:
            return CountyCheck(TargetListEntry.County.IN, f"{district} is in {council}", district)
        return CountyCheck(
            TargetListEntry.County.OUTSIDE, f"{district} is outside the county", district
        )
    if result.blank:
        return CountyCheck(TargetListEntry.County.NOT_KNOWN, "No postcode on the list")
    shown = " ".join(postcode_typed.split())[:20]
    return CountyCheck(
        TargetListEntry.County.NOT_KNOWN, f"Postcode {shown} is not a UK postcode we can read"
    )


def person_county(checks: Iterable[CountyCheck]) -> CountyCheck:
    """One person's county from all their rows: in if any row is; else not known if any
    row could not tell; else outside."""
    found = list(checks)
    for county in (TargetListEntry.County.IN, TargetListEntry.County.NOT_KNOWN):
        match = next((c for c in found if c.county == county), None)
        if match is not None:
            return match
    return found[0]


@dataclass(frozen=True)
class Match:
    """How strongly a row matches a known victim (0 to 1), and what agreed."""

    score: Decimal
    reasons: tuple[str, ...]


NO_MATCH = Match(Decimal(0), ())


def match_known(row: dict[str, Any], known: dict[str, Any]) -> Match:
    """Score a list row against a known victim, both as `prepare_person` makes them. The
    same name (a nickname counts: Peggy is Margaret) and one more thing in common, or the
    same surname and the same phone or email, is a match. A different given name or date
    of birth rules it out (a husband and wife share a landline, a father and son an
    address)."""
    born, known_born = row["date_of_birth"], known["date_of_birth"]
    if born and known_born and born != known_born:
        return NO_MATCH
    if not (row["surname"] and row["surname"] == known["surname"]):
        return NO_MATCH
    reasons = ["Same surname"]
    score = Decimal("0.3")
    if row["given_name"] and known["given_name"]:
        if row["given_name"] == known["given_name"]:
            reasons.append("Same given name")
            score += Decimal("0.25")
        elif set(row["given_forms"] or ()) & set(known["given_forms"] or ()):
            reasons.append(f"{row['given_name'].title()} may be {known['given_name'].title()}")
            score += Decimal("0.2")
        else:
            return NO_MATCH
    for key, label, weight in (
        ("date_of_birth", "Same date of birth", Decimal("0.3")),
        ("postcode", "Same postcode", Decimal("0.25")),
        ("phone", "Same phone number", Decimal("0.45")),
        ("email", "Same email address", Decimal("0.45")),
    ):
        if row[key] and row[key] == known[key]:
            reasons.append(label)
            score += weight
    score = min(score, Decimal(1))
    return Match(score, tuple(reasons)) if score >= MATCH_THRESHOLD else NO_MATCH


# --- the import ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    target_list: int
    already_imported: bool
    rows: int
    people: int
    in_county: int
    outside_county: int
    county_not_known: int
    known_victims: int
    calls_created: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _summary(target_list: TargetList, *, already: bool) -> ImportSummary:
    return ImportSummary(
        target_list=target_list.pk,
        already_imported=already,
        rows=target_list.rows,
        people=target_list.people,
        in_county=target_list.in_county,
        outside_county=target_list.outside_county,
        county_not_known=target_list.county_not_known,
        known_victims=target_list.known_victims,
        calls_created=target_list.calls_created,
    )


def _known_record(case: Case) -> dict[str, Any]:
    victim = case.victim
    return prepare_person(
        case.pk,
        {
            "given_name": victim.first_name,
            "surname": victim.last_name,
            "date_of_birth": victim.date_of_birth.isoformat() if victim.date_of_birth else "",
            "postcode": victim.postcode or victim.postcode_raw,
            "phone": victim.phone or victim.phone_raw,
            "email": victim.email or victim.email_raw,
        },
    )


def _batches(values: set[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), LOOKUP_BATCH):
        yield ordered[start : start + LOOKUP_BATCH]


class KnownVictims:
    """The hub's cases whose victim shares a surname, phone or email with the list, looked
    up by each of those, so each row is compared only with the victims it could be."""

    KEYS = ("surname", "phone", "email")

    def __init__(self, records: list[dict[str, Any]], typed_surnames: set[str]) -> None:
        """`typed_surnames` in lower case as typed: a victim's surname is looked up as
        stored ("o'connor"), then compared in the plain form both sides share ("o connor")."""
        self.by: dict[tuple[str, str], list[tuple[Case, dict[str, Any]]]] = defaultdict(list)
        found: dict[int, Case] = {}
        cases = (
            Case.objects.filter(team=hub_team())
            .select_related("victim")
            .annotate(victim_surname=Lower("victim__last_name"))
        )
        for key, lookup in zip(
            self.KEYS, ("victim_surname__in", "victim__phone__in", "victim__email__in"), strict=True
        ):
            wanted = {r[key] for r in records if r[key]}
            for batch in _batches(wanted | typed_surnames if key == "surname" else wanted):
                found.update((case.pk, case) for case in cases.filter(Q(**{lookup: batch})))
        for case in found.values():
            known = _known_record(case)
            for key in self.KEYS:
                if known[key]:
                    self.by[(key, known[key])].append((case, known))

    def best_match(self, record: dict[str, Any]) -> tuple[Case | None, Match]:
        best: tuple[Case | None, Match] = (None, NO_MATCH)
        for key in self.KEYS:
            for case, known in self.by.get((key, record[key]), ()) if record[key] else ():
                match = match_known(record, known)
                if match.score > best[1].score:
                    best = (case, match)
        return best


def _typed_surnames(rows: Iterable[dict[str, str]]) -> set[str]:
    return {s for values in rows if (s := " ".join(values.get("surname", "").lower().split()))}


def _typed_name(values: dict[str, str]) -> str:
    return " ".join(p for p in (values.get("given_name"), values.get("surname")) if p)[:210]


def _typed_address(values: dict[str, str]) -> str:
    parts = (values.get("address_line1"), values.get("address_line2"), values.get("town"))
    return ", ".join(p for p in parts if p)[:400]


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_target_list(
    *,
    path: Path,
    source: str,
    actor: Actor = None,
    actor_label: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
    seed: int = 1,
) -> ImportSummary:
    """Import a seized list once (the same file again creates nothing): de-duplicate its
    rows, match each person to the hub's known victims, note the list on their cases and
    triage them again, and book a proactive call for each person in, or possibly in, the
    county. Raises UnreadablePersonList for a file it cannot read."""
    source = " ".join(source.split())
    if not source:
        raise ValueError("Say where the list came from with --source (for example who seized it)")
    if not path.is_file():
        raise UnreadablePersonList(f"There is no file at {path}")
    digest = file_hash(path)
    existing = TargetList.objects.filter(file_hash=digest).first()
    if existing is not None:
        progress(f"{path.name} was imported already, on {existing.imported_at:%d/%m/%Y}")
        return _summary(existing, already=True)
    rows = read_person_list(path)
    progress(f"Read {_count(len(rows), 'row', 'rows')}; finding which are the same person")
    records = [prepare_person(i, row.values) for i, row in enumerate(rows)]
    clusters = cluster_people(records, seed=seed).cluster_of
    people: dict[int, list[int]] = defaultdict(list)
    for index in range(len(rows)):
        people[clusters.get(index, index)].append(index)
    progress(f"{_count(len(people), 'person', 'people')}; matching them to known victims")
    known = KnownVictims(records, _typed_surnames(r.values for r in rows))
    try:
        with transaction.atomic():
            target_list = TargetList.objects.create(
                source=source[:300],
                file_name=path.name[:255],
                file_hash=digest,
                imported_by=_user(actor),
            )
            summary = _store(target_list, rows, records, list(people.values()), known, actor)
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                obj=target_list,
                detail=summary.as_dict(),
                actor_label=actor_label,
            )
    except IntegrityError:  # the same file, imported by someone else meanwhile
        return _summary(TargetList.objects.get(file_hash=digest), already=True)
    progress(f"{_count(summary.calls_created, 'proactive call', 'proactive calls')} booked")
    return summary


def _repeat_target(case: Case, target_list: TargetList, actor: Actor) -> None:
    """Note the list in the case's history, and triage an open case again (level 1)."""
    CaseEvent.objects.create(
        case=case,
        by=_user(actor),
        text=f"On a seized scammers' target list: {target_list.source}"[:500],
    )
    if State(case.state) in OPEN:
        retriage(case, actor=actor, why="on a seized target list")


def _store(
    target_list: TargetList,
    rows: list[PersonRow],
    records: list[dict[str, Any]],
    people: list[list[int]],
    known: KnownVictims,
    actor: Actor,
) -> ImportSummary:
    counts: dict[str, int] = defaultdict(int)
    matched_cases: dict[int, Case] = {}
    for members in sorted(people, key=min):
        members.sort()
        checks = [county_of(rows[i].values.get("postcode", "")) for i in members]
        matches = [known.best_match(records[i]) for i in members]
        case, match = max(matches, key=lambda m: m[1].score)
        county = person_county(checks)
        if case is not None and council_for(case.district):
            county = CountyCheck(
                TargetListEntry.County.IN, f"Known victim living in {case.district}", case.district
            )
        counts[county.county] += 1
        call = None
        if county.county != TargetListEntry.County.OUTSIDE:
            first = rows[members[0]].values
            call = ProactiveCall.objects.create(
                target_list=target_list,
                name=_typed_name(first),
                address=_typed_address(first),
                postcode=first.get("postcode", "")[:40],
                district=county.district,
                phone=first.get("phone", "")[:60],
                email=first.get("email", "")[:254],
                date_of_birth=first.get("date_of_birth", "")[:100],
                county_check="" if county.county == TargetListEntry.County.IN else county.reason,
                case=case,
            )
            counts["calls"] += 1
        if case is not None:
            matched_cases[case.pk] = case
        TargetListEntry.objects.bulk_create(
            TargetListEntry(
                target_list=target_list,
                row_number=rows[i].number,
                row_id=rows[i].row_id[:100],
                values=rows[i].values,
                person_key=rows[members[0]].number,
                county=check.county,
                county_reason=check.reason[:200],
                case=row_case,
                match_score=row_match.score if row_case is not None else None,
                match_reasons=list(row_match.reasons),
                call=call,
            )
            for i, check, (row_case, row_match) in zip(members, checks, matches, strict=True)
        )
    for case in matched_cases.values():
        _repeat_target(case, target_list, actor)
    target_list.rows = len(rows)
    target_list.people = len(people)
    target_list.in_county = counts[TargetListEntry.County.IN]
    target_list.outside_county = counts[TargetListEntry.County.OUTSIDE]
    target_list.county_not_known = counts[TargetListEntry.County.NOT_KNOWN]
    target_list.known_victims = len(matched_cases)
    target_list.calls_created = counts["calls"]
    target_list.save()
    return _summary(target_list, already=False)


# --- working the calls -----------------------------------------------------------------


class StaleCall(StaleCase):
    """The call changed since the person loaded it."""

    message = (
        "Someone else changed this call while you were working on it. "
        "Your changes have not been saved: check the call as it is now and make them again."
    )


def _claim(call: ProactiveCall, version: int) -> ProactiveCall:
    claimed = ProactiveCall.objects.filter(pk=call.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleCall
    fresh = ProactiveCall.objects.select_related("case").get(pk=call.pk)
    call.version = fresh.version
    return fresh


def record_call_outcome(
    *, call: ProactiveCall, version: int, actor: Actor, status: str, notes: str = ""
) -> ProactiveCall:
    """Record what happened on a call; a known victim's case notes it too."""
    with transaction.atomic():
        fresh = _claim(call, version)
        fresh.status = ProactiveCall.Status(status)
        fresh.attempts += 1
        if notes.strip():
            stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M")
            line = f"{stamp} {fresh.get_status_display()}: {notes.strip()}"
            fresh.notes = f"{fresh.notes}\n{line}".strip()
        fresh.outcome_at = timezone.now()
        fresh.outcome_by = _user(actor)
        fresh.save()
        label = fresh.get_status_display()
        if fresh.status == ProactiveCall.Status.VICTIM and fresh.case is None:
            _link_new_case(fresh, actor)
        if fresh.case is not None:
            CaseEvent.objects.create(
                case=fresh.case, by=_user(actor), text=f"Proactive call: {label.lower()}"
            )
        audit.record(
            actor=actor, action=AuditEvent.Action.CHANGE, obj=fresh, detail={"outcome": status}
        )
        return fresh


def _link_new_case(call: ProactiveCall, actor: Actor) -> None:
    """The person was scammed and their report taken: find the case it opened, by the
    same rules as the import, and make it a repeat target's case (triaged at level 1)."""
    entries = list(call.entries.all())
    records = [prepare_person(e.pk, e.values) for e in entries]
    known = KnownVictims(records, _typed_surnames(e.values for e in entries))
    found = [
        (entry, *known.best_match(record)) for entry, record in zip(entries, records, strict=True)
    ]
    for entry, case, match in found:
        if case is not None:
            entry.case, entry.match_score, entry.match_reasons = (
                case,
                match.score,
                list(match.reasons),
            )
            entry.save(update_fields=["case", "match_score", "match_reasons"])
    matched = max(found, key=lambda f: f[2].score)[1] if found else None
    if matched is None:
        return
    call.case = matched
    call.save(update_fields=["case"])
    _repeat_target(matched, call.target_list, actor)


def assign_call(*, call: ProactiveCall, version: int, actor: Actor, to: Any) -> ProactiveCall:
    with transaction.atomic():
        fresh = _claim(call, version)
        fresh.assigned_to = to
        fresh.save(update_fields=["assigned_to"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=fresh,
            detail={"assigned_to": to.get_username() if to else None},
        )
        return fresh
