"""Reads for the data protection pages: a person's records with their restrictions, holds
and corrections, and the retention schedule with its last runs. Every look at a person's
records is written to the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import (
    LegalHold,
    Rectification,
    Restriction,
    RetentionRun,
)
from fraudhub.governance.retention import SCHEDULES, Schedule, describe_days
from fraudhub.reports.models import Person

from .retention import keep_days
from .subject_access import Search, find_people, subject_records


@dataclass(frozen=True)
class Record:
    person: Person
    restriction: Restriction | None
    hold: LegalHold | None


@dataclass(frozen=True)
class PersonPage:
    person: Person
    records: list[Record]
    corrections: list[Rectification]
    restrictions: list[Restriction]
    holds: list[LegalHold]

    @property
    def people(self) -> list[Person]:
        return [r.person for r in self.records]

    @property
    def restricted(self) -> bool:
        return any(r.restriction for r in self.records)

    @property
    def held(self) -> bool:
        return any(r.hold for r in self.records)

    @property
    def name(self) -> str:
        return self.person.full_name or "This person"


def search_people(user: Actor, search: Search) -> list[Person]:
    return find_people(search)


def person_page(user: Actor, person_id: int) -> PersonPage | None:
    """The person's records (None for no such person, or one whose details were erased)."""
    person = Person.objects.select_related("report").filter(pk=person_id).first()
    if person is None or person.anonymised_at is not None:
        return None
    people = subject_records(person)
    ids = [p.pk for p in people]
    restrictions = list(Restriction.objects.filter(object_type="reports.person", object_id__in=ids))
    holds = list(LegalHold.objects.filter(object_type="reports.person", object_id__in=ids))
    records = [
        Record(
            person=p,
            restriction=next((r for r in restrictions if r.object_id == p.pk and r.active), None),
            hold=next((h for h in holds if h.object_id == p.pk and h.active), None),
        )
        for p in people
    ]
    audit.record_many(
        actor=user, action="view", objects=people, detail_for=lambda _: {"page": "data rights"}
    )
    return PersonPage(
        person=person,
        records=records,
        corrections=list(
            Rectification.objects.filter(object_type="reports.person", object_id__in=ids)
        ),
        restrictions=restrictions,
        holds=holds,
    )


@dataclass(frozen=True)
class ScheduleRow:
    schedule: Schedule
    days: int

    @property
    def period(self) -> str:
        return describe_days(self.days)


def schedule_rows() -> list[ScheduleRow]:
    periods = keep_days()
    return [ScheduleRow(s, periods[k]) for k, s in SCHEDULES.items()]


def recent_runs(limit: int = 10) -> list[RetentionRun]:
    return list(RetentionRun.objects.all()[:limit])


def active_holds() -> list[LegalHold]:
    return list(LegalHold.objects.filter(lifted_at__isnull=True).order_by("-set_at"))
