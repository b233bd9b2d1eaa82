"""Preparing a report to store: a submission normalised, scored and cut to fit its columns,
as model fields. Pure apart from the taxonomy it is given."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import gt
from typing import Any

from django.db import models
from django.utils import timezone

from . import normalise as n
from .geography import council_for
from .inputs import IdentifierInput, PersonInput, ReportSubmission
from .models import (
    ContactMethod,
    Identifier,
    Person,
    Report,
    ScamType,
)
from .quality import QualityInput, assess

IDENTIFIER_NORMALISERS = {
    Identifier.Kind.PHONE: n.phone,
    Identifier.Kind.EMAIL: n.email,
    Identifier.Kind.WEBSITE: n.website,
    Identifier.Kind.COMPANY: n.name,
    Identifier.Kind.PERSON_NAME: n.name,
    Identifier.Kind.VEHICLE: n.vehicle,
    Identifier.Kind.SOCIAL_MEDIA: n.handle,
    Identifier.Kind.CRYPTO_WALLET: n.crypto_wallet,
}


def normalise_identifier(item: IdentifierInput) -> n.Normalised:
    """Normalise one identifier by its kind; unknown kinds are kept as collapsed text."""
    if item.kind == Identifier.Kind.BANK_ACCOUNT:
        return n.bank_account(item.sort_code, item.value)
    return IDENTIFIER_NORMALISERS.get(item.kind, n.text)(item.value)  # type: ignore[call-overload]


def identifier_row(item: IdentifierInput, result: n.Normalised) -> dict[str, Any]:
    """An Identifier's fields for one identifier as typed and as normalised."""
    return {
        "kind": item.kind,
        "raw": result.raw.strip()[:300],
        "normalised": (result.value or "")[:300],
        "display": result.extra.get("host", result.value or "")[:300],
        "issues": list(result.issues),
    }


def _person_fields(data: PersonInput, *, on: date) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Model fields for a person, normalised, and the problems found in each field."""
    flags: dict[str, list[str]] = {}
    dob = n.uk_date(data.date_of_birth, today=on)
    age = n.age(data.age)
    postcode = n.postcode(data.postcode)
    phone = n.phone(data.phone)
    email = n.email(data.email)
    for field_name, result in (
        ("date_of_birth", dob),
        ("age", age),
        ("postcode", postcode),
        ("phone", phone),
        ("email", email),
    ):
        if result.issues:
            flags[field_name] = list(result.issues)
    born = n.to_date(dob) if not dob.issues else None
    age_at_incident = n.age_at(born, on) if born else (int(age.value) if age.value else None)
    if born and age.value and abs(age_at_incident - int(age.value)) > 1:  # type: ignore[operator]
        flags.setdefault("age", []).append(
            f"age given as {age.value} but the date of birth makes it {age_at_incident}"
        )
    district = postcode.extra.get("district", "")
    fields = {
        "role": data.role,
        "relationship": data.relationship,
        "title": n.text(data.title).value or "",
        "first_name": n.text(data.first_name).value or "",
        "last_name": n.text(data.last_name).value or "",
        "date_of_birth": born,
        "date_of_birth_raw": dob.raw.strip(),
        "age_raw": age.raw.strip(),
        "age_at_incident": age_at_incident,
        "address_line1": n.text(data.address_line1).value or "",
        "address_line2": n.text(data.address_line2).value or "",
        "town": n.text(data.town).value or "",
        "postcode_raw": postcode.raw.strip(),
        "postcode": postcode.value or "",
        "postcode_district": district,
        "council": council_for(district),
        "phone_raw": phone.raw.strip(),
        "phone": phone.value or "",
        "email_raw": email.raw.strip(),
        "email": email.value or "",
        "contact_preference": data.contact_preference,
        "contact_rule": data.contact_rule or Person.ContactRule.DIRECT,
        "contact_rule_notes": data.contact_rule_notes.strip(),
        "vulnerability_indicators": [
            v for v in data.vulnerability_indicators if v in Person.Vulnerability.values
        ],
        "vulnerability_notes": data.vulnerability_notes.strip(),
        "consent_to_contact": data.consent_to_contact,
        "consent_to_share": data.consent_to_share,
        "field_flags": flags,
    }
    return fields, flags


@dataclass(frozen=True)
class Taxonomy:
    """Scam type and contact method ids by slug, loaded once for a batch of reports."""

    scam_types: dict[str, int]
    contact_methods: dict[str, int]

    @classmethod
    def load(cls) -> Taxonomy:
        return cls(
            scam_types=dict(ScamType.objects.values_list("slug", "id")),
            contact_methods=dict(ContactMethod.objects.values_list("slug", "id")),
        )


@dataclass
class PreparedReport:
    """A submission normalised and scored: model fields ready to store."""

    received: date
    report: dict[str, Any]
    persons: list[dict[str, Any]]
    identifiers: list[dict[str, Any]]


def prepare(submission: ReportSubmission, taxonomy: Taxonomy) -> PreparedReport:
    """Normalise and score a submission. Pure apart from the taxonomy it is given, so a
    batch of thousands costs no queries until it is stored."""
    received = submission.received_date or timezone.localdate()
    incident = n.uk_date(submission.incident_date, today=received)
    incident_date = n.to_date(incident)
    on = incident_date if incident_date and not incident.issues else received
    victim_fields, victim_flags = _person_fields(submission.victim, on=on)
    persons = [victim_fields]
    reporter_flags: dict[str, list[str]] = {}
    reporter_fields = None
    if submission.reporter is not None:
        reporter_fields, reporter_flags = _person_fields(submission.reporter, on=received)
        persons.append(reporter_fields)
    lost = n.money(submission.amount_lost)
    recovered = n.money(submission.amount_recovered)
    identifiers = [
        (item, normalise_identifier(item)) for item in submission.identifiers if item.value.strip()
    ]
    scam_type_id = taxonomy.scam_types.get(submission.scam_type)
    contact_method_id = taxonomy.contact_methods.get(submission.contact_method)

    field_issues: list[str] = list(submission.field_issues)
    field_issues += [i for k, v in victim_flags.items() if k != "postcode" for i in v]
    field_issues += [f"reporter's {i}" for v in reporter_flags.values() for i in v]
    field_issues += list(incident.issues) + list(lost.issues) + list(recovered.issues)
    field_issues += [
        f"{Identifier.Kind(item.kind).label.lower()}: {issue}"
        for item, result in identifiers
        for issue in result.issues
        if issue not in ("short number",)
    ]
    if submission.scam_type and scam_type_id is None:
        field_issues.append(f"scam type {submission.scam_type[:40]} is not known")
    victim_postcode = n.postcode(submission.victim.postcode)
    reporter_can_pass_on = reporter_fields is not None and bool(
        reporter_fields["phone"] or reporter_fields["email"]
    )
    quality = assess(
        QualityInput(
            has_scam_type=scam_type_id is not None,
            has_narrative=bool(submission.narrative.strip()),
            has_incident_date=incident_date is not None,
            victim_age_known=victim_fields["age_at_incident"] is not None,
            victim_postcode_ok=victim_postcode.ok,
            victim_postcode_typed=not victim_postcode.blank,
            postcode_issues=victim_postcode.issues,
            victim_contactable=bool(
                victim_fields["phone"]
                or victim_fields["email"]
                or victim_fields["address_line1"]
                or reporter_can_pass_on
            ),
            field_issues=tuple(field_issues),
        )
    )
    # An amount that reads two ways has no value: only its typed form and the flag are kept.
    lost_amount = n.to_decimal(lost) if lost.ok else None
    report = {
        "received_date": received,
        "incident_date": incident_date,
        "incident_date_raw": incident.raw.strip(),
        "contact_method_id": contact_method_id,
        "scam_type_id": scam_type_id,
        "narrative": submission.narrative.strip(),
        "still_in_contact": submission.still_in_contact,
        "still_in_contact_not_sure": submission.still_in_contact is None
        and submission.still_in_contact_not_sure,
        "lost_money": submission.lost_money
        if submission.lost_money is not None
        else (bool(lost_amount) or None),
        "amount_lost": lost_amount,
        "amount_lost_raw": lost.raw.strip(),
        "payment_method": submission.payment_method,
        "amount_recovered": n.to_decimal(recovered) if recovered.ok else None,
        "amount_recovered_raw": recovered.raw.strip(),
        "source": submission.source,
        "source_organisation": submission.organisation,
        "partner_reference": submission.partner_reference.strip(),
        "crime_reference": submission.crime_reference.strip(),
        "reported_elsewhere": submission.reported_elsewhere.strip(),
        "source_hash": submission.source_hash,
        "quality_score": quality.score,
        "quality_issues": list(quality.issues),
        "extra": submission.extra,
    }
    identifier_fields = [identifier_row(item, result) for item, result in identifiers]
    for owner, fields in [("report", report)] + [(str(p["role"]), p) for p in persons]:
        model = Report if owner == "report" else Person
        _fit_lengths(model, owner, fields, report)
    return PreparedReport(received, report, persons, identifier_fields)


def _max_lengths(model: type[Report] | type[Person]) -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField) and f.max_length
    }


def _fit_lengths(
    model: type[Report] | type[Person], owner: str, fields: dict[str, Any], report: dict[str, Any]
) -> None:
    """A value longer than its column is cut to fit, kept whole in the report's extra
    data, and flagged, so a partner's overlong cell never fails a batch or is lost."""
    limits = _MAX_LENGTHS.get(model.__name__)
    if limits is None:
        limits = _MAX_LENGTHS[model.__name__] = _max_lengths(model)
    try:  # nearly always nothing is too long: find that out without a Python loop
        if not any(map(gt, map(len, map(fields.get, limits, repeat(""))), limits.values())):
            return
    except TypeError:
        pass  # a value that is not text (None): look at each one
    for name, limit in limits.items():
        value = fields.get(name)
        if isinstance(value, str) and len(value) > limit:
            report["extra"] = {**report["extra"]}
            report["extra"].setdefault("too_long", {})[f"{owner}.{name}"] = value
            fields[name] = value[:limit]
            report["quality_issues"] = [
                *report["quality_issues"],
                f"{owner} {name.replace('_', ' ')} was longer than {limit} characters: "
                "kept in full in the extra data",
            ]


_MAX_LENGTHS: dict[str, dict[str, int]] = {}
