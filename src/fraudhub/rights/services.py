"""Answering a person's rights: correcting a field (rectification), erasing their details
on request, and restricting or unrestricting processing. Each is one transaction that
checks, changes, and writes the audit log; the views only call these."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from fraudhub.casework.models import Case
from fraudhub.governance import audit, rights
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import LegalHold, Rectification, Restriction, RetentionRule
from fraudhub.reports import normalise as n
from fraudhub.reports.geography import council_for
from fraudhub.reports.models import Person, Report

from .erasure import anonymise_cases, anonymise_people, anonymise_reports
from .retention import held_case_ids, held_report_ids, keep_days


@dataclass(frozen=True)
class Correctable:
    label: str
    normaliser: str  # "text", "date", "postcode", "phone" or "email"
    error: str  # what to fix when the new value cannot be used


CORRECTABLE: dict[str, Correctable] = {
    "title": Correctable("Title", "text", ""),
    "first_name": Correctable("First name", "text", ""),
    "last_name": Correctable("Last name", "text", ""),
    "date_of_birth": Correctable(
        "Date of birth", "date", "Enter a real date of birth, like 27 3 1948"
    ),
    "address_line1": Correctable("Address line 1", "text", ""),
    "address_line2": Correctable("Address line 2", "text", ""),
    "town": Correctable("Town or city", "text", ""),
    "postcode": Correctable("Postcode", "postcode", "Enter a real postcode, like AL1 3EJ"),
    "phone": Correctable("Phone number", "phone", "Enter a phone number, like 01727 123456"),
    "email": Correctable("Email address", "email", "Enter an email address, like name@example.com"),
}


NORMALISERS: dict[str, Callable[[object], n.Normalised]] = {
    "postcode": n.postcode,
    "phone": n.phone,
    "email": n.email,
}


class CannotCorrect(ValueError):
    """The new value cannot be used: the message says what to type instead."""


def shown_value(person: Person, field: str) -> str:
    """The field as it is held now, as typed where a typed form is kept."""
    if field == "date_of_birth":
        return person.date_of_birth_raw or (
            person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else ""
        )
    if field in ("postcode", "phone", "email"):
        return str(getattr(person, f"{field}_raw") or getattr(person, field))
    return str(getattr(person, field))


def _new_values(person: Person, field: str, typed: str) -> dict[str, Any]:
    """The model fields a correction sets: the value as typed and its normalised form."""
    how = CORRECTABLE[field]
    if how.normaliser == "text":
        return {field: n.text(typed).value or ""}
    if how.normaliser == "date":
        result = n.uk_date(typed)
        born = n.to_date(result) if not result.issues else None
        if typed.strip() and born is None:
            raise CannotCorrect(how.error)
        on = person.report.incident_date or person.report.received_date
        return {
            "date_of_birth": born,
            "date_of_birth_raw": typed.strip(),
            "age_at_incident": n.age_at(born, on) if born else person.age_at_incident,
        }
    result = NORMALISERS[how.normaliser](typed)
    if typed.strip() and (result.value is None or result.issues):
        raise CannotCorrect(how.error)
    values: dict[str, Any] = {f"{field}_raw": typed.strip(), field: result.value or ""}
    if field == "postcode":
        district = result.extra.get("district", "")
        values |= {"postcode_district": district, "council": council_for(district)}
    return values


def rectify(*, actor: Actor, person: Person, field: str, value: str, reason: str) -> Rectification:
    """Correct one field of a person's record at their request, keeping what it said and
    what was typed, the reason and who; the audit says which field, never the values."""
    if field not in CORRECTABLE:
        raise CannotCorrect("Select which detail to correct")
    if not reason.strip():
        raise CannotCorrect("Enter why the detail is being corrected")
    if person.anonymised_at is not None:
        raise CannotCorrect("This person's details were erased: there is nothing to correct")
    values = _new_values(person, field, value)
    with transaction.atomic():
        was = shown_value(person, field)
        Person.objects.filter(pk=person.pk).update(**values)
        person.refresh_from_db()
        by = signed_in(actor)
        correction = Rectification.objects.create(
            object_type="reports.person",
            object_id=person.pk,
            field=field,
            field_label=CORRECTABLE[field].label,
            was=was,
            now=shown_value(person, field),
            reason=reason.strip(),
            at=timezone.now(),
            by=by,
            by_label=by.get_username() if by is not None else "",
        )
        audit.record(
            actor=actor,
            action="change",
            obj=person,
            detail={"rectified": field, "correction": correction.pk},
        )
    return correction


def rectify_all(
    *, actor: Actor, people: list[Person], field: str, value: str, reason: str
) -> list[Rectification]:
    """Correct the same detail in each of a person's records, all or none."""
    with transaction.atomic():
        return [
            rectify(actor=actor, person=p, field=field, value=value, reason=reason) for p in people
        ]


class ErasureRefused(Exception):
    """A legal hold keeps the record: the message names it."""


def erase_on_request(*, actor: Actor, people: list[Person], reason: str) -> dict[str, int]:
    """Erase a person's details at their request: every report they are the victim in is
    anonymised (with its cases); where they are only the reporter or a third party, only
    their own details go. Refused, changing nothing, while a legal hold keeps any of it."""
    if not reason.strip():
        raise CannotCorrect("Enter why the details are being erased")
    why = f"erasure on request: {reason.strip()}"
    victim_of = [p.report_id for p in people if p.role == Person.Role.VICTIM]
    cases = Case.objects.filter(victim__in=people).distinct()
    held_reports = held_report_ids() & set(victim_of)
    held_cases = held_case_ids() & set(cases.values_list("pk", flat=True))
    held_people = set(rights.held_ids("reports.person")) & {p.pk for p in people}
    if held_reports or held_cases or held_people:
        raise ErasureRefused(
            "A legal hold keeps some of these records, so nothing was erased. Lift the hold "
            "first if the reason for it has ended."
        )
    with transaction.atomic():
        counts = {
            "cases": anonymise_cases(list(cases), actor=actor, why=why),
            "reports": anonymise_reports(
                list(Report.objects.filter(pk__in=victim_of)), actor=actor, why=why
            ),
        }
        counts["people"] = anonymise_people(
            Person.objects.filter(pk__in=[p.pk for p in people]), actor=actor, why=why
        )
    return counts


# Placing and lifting restrictions and legal holds: what each does, on which flag, and
# what to say when no reason is given.
FLAG_CHANGES: dict[str, tuple[Callable[..., object], type[LegalHold] | type[Restriction], str]] = {
    "restrict": (rights.place, Restriction, "Enter why processing is being restricted"),
    "lift-restriction": (rights.lift, Restriction, "Enter why the restriction is being lifted"),
    "hold": (rights.place, LegalHold, "Enter why the records must be kept"),
    "lift-hold": (rights.lift, LegalHold, "Enter why the hold is being lifted"),
}


def change_flag(which: str, *, actor: Actor, people: list[Person], reason: str) -> None:
    """Restrict processing of each of a person's records (kept, but not linked, exported,
    shared or shown beyond a notice), or place a legal hold on each (retention and erasure
    leave them, their reports and cases alone), or lift either: all or none."""
    change, model, missing = FLAG_CHANGES[which]
    if not reason.strip():
        raise CannotCorrect(missing)
    with transaction.atomic():
        for person in people:
            change(model, actor=actor, obj=person, reason=reason)


def set_schedule(*, actor: Actor, days: dict[str, int]) -> list[str]:
    """Set each kind's retention period; returns the kinds whose period changed. Each
    change is in the audit log with the old and new number of days."""
    before = keep_days()
    changed: list[str] = []
    with transaction.atomic():
        for kind, was in before.items():
            now = days.get(kind.value, was)
            if now == was:
                continue
            rule, _ = RetentionRule.objects.update_or_create(
                kind=kind.value,
                defaults={
                    "keep_days": now,
                    "updated_by": signed_in(actor),
                },
            )
            audit.record(actor=actor, action="change", obj=rule, detail={"keep_days": [was, now]})
            changed.append(kind.value)
    return changed
