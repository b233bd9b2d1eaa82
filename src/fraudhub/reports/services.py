"""Writes to reports: the single path every intake route (web, phone, partner) goes through."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import repeat
from operator import gt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent, Organisation

from . import normalise as n
from .events import announce_stored
from .geography import council_for
from .models import (
    ContactMethod,
    Identifier,
    Person,
    ReferenceSequence,
    Report,
    ReportUpdate,
    ScamType,
)
from .quality import QualityInput, assess

logger = logging.getLogger(__name__)


@dataclass
class PersonInput:
    """A person as typed: every value is raw text except the choices."""

    role: str = Person.Role.VICTIM
    relationship: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = ""
    age: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    contact_preference: str = ""
    contact_rule: str = Person.ContactRule.DIRECT
    contact_rule_notes: str = ""
    vulnerability_indicators: list[str] = field(default_factory=list)
    vulnerability_notes: str = ""
    consent_to_contact: bool | None = None
    consent_to_share: bool | None = None


@dataclass
class IdentifierInput:
    """Something the scammer used, as typed. A bank account has its sort code beside it."""

    kind: str
    value: str
    sort_code: str = ""


@dataclass
class ReportSubmission:
    """A whole report as it arrived, before normalising."""

    source: str
    victim: PersonInput
    reporter: PersonInput | None = None
    received_date: date | None = None
    incident_date: str = ""
    scam_type: str = ""
    contact_method: str = ""
    narrative: str = ""
    still_in_contact: bool | None = None
    # Asked, and the person said they were not sure: triage treats it as possibly in touch.
    still_in_contact_not_sure: bool = False
    lost_money: bool | None = None
    amount_lost: str = ""
    payment_method: str = ""
    amount_recovered: str = ""
    identifiers: list[IdentifierInput] = field(default_factory=list)
    partner_reference: str = ""
    crime_reference: str = ""
    reported_elsewhere: str = ""
    organisation: Organisation | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    field_issues: list[str] = field(default_factory=list)
    source_hash: str = ""


@dataclass(frozen=True)
class CreatedReport:
    report: Report
    tracking_secret: str

    @property
    def tracking_path(self) -> str:
        return reverse(
            "intake:track_report",
            kwargs={"reference": self.report.reference, "secret": self.tracking_secret},
        )


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


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


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
    identifier_fields = [
        {
            "kind": item.kind,
            "raw": result.raw.strip()[:300],
            "normalised": (result.value or "")[:300],
            "display": result.extra.get("host", result.value or "")[:300],
            "issues": list(result.issues),
        }
        for item, result in identifiers
    ]
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


def reserve_references(year: int, count: int) -> list[str]:
    """The next `count` references for a year; call inside a transaction."""
    sequence, _ = ReferenceSequence.objects.select_for_update().get_or_create(year=year)
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    return [f"FH-{year}-{number:06d}" for number in range(first, first + count)]


def next_reference(year: int) -> str:
    return reserve_references(year, 1)[0]


RECEIVED_TEXT = "We received your report. A member of the fraud hub team will look at it."


def received_at(received: date) -> datetime:
    """A report received before today shows on the timeline on the day it arrived."""
    if received < timezone.localdate():
        return timezone.make_aware(datetime.combine(received, time(12)))
    return timezone.now()


def create_reports(
    *,
    submissions: list[ReportSubmission],
    actor: Actor = None,
    notify: bool = False,
    taxonomy: Taxonomy | None = None,
    announce: bool = True,
) -> list[CreatedReport]:
    """Store many reports in one transaction (all or none): normalise, score, give each a
    reference, start each timeline and audit each creation. The path for every intake
    route; a single report is a batch of one. Without `announce` the caller sends
    `reports_stored` for them."""
    if not submissions:
        return []
    taxonomy = taxonomy or Taxonomy.load()
    prepared = [prepare(s, taxonomy) for s in submissions]
    user = signed_in(actor)
    secrets_ = [secrets.token_urlsafe(16) for _ in prepared]
    with transaction.atomic():
        references: dict[int, list[str]] = {}
        for year in sorted({p.received.year for p in prepared}):
            count = sum(1 for p in prepared if p.received.year == year)
            references[year] = reserve_references(year, count)
        reports = [
            Report(
                reference=references[p.received.year].pop(0),
                tracking_secret_hash=hash_secret(secret),
                created_by=user,
                **p.report,
            )
            for p, secret in zip(prepared, secrets_, strict=True)
        ]
        Report.objects.bulk_create(reports)
        Person.objects.bulk_create(
            Person(report=report, **fields)
            for report, p in zip(reports, prepared, strict=True)
            for fields in p.persons
        )
        Identifier.objects.bulk_create(
            Identifier(report=report, **fields)
            for report, p in zip(reports, prepared, strict=True)
            for fields in p.identifiers
        )
        ReportUpdate.objects.bulk_create(
            ReportUpdate(
                report=report,
                kind=ReportUpdate.Kind.RECEIVED,
                text=RECEIVED_TEXT,
                at=received_at(p.received),
            )
            for report, p in zip(reports, prepared, strict=True)
        )
        from_the_public = user is None and all(
            r.source == Report.Source.PUBLIC_WEB for r in reports
        )
        audit.record_many(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            objects=reports,
            detail_for=lambda report: {"source": report.source},
            # A resident's report is "public" in the log, as the staff guide says; a
            # report stored by no one signed in otherwise (an import) is "system".
            actor_label="public" if from_the_public else None,
        )
        if announce:
            announce_stored(report.pk for report in reports)
        created = [
            CreatedReport(report=report, tracking_secret=secret)
            for report, secret in zip(reports, secrets_, strict=True)
        ]
        if notify:
            for item in created:
                transaction.on_commit(lambda item=item: _email_reporter_link(item))  # type: ignore[misc]
    return created


def create_report(
    *, submission: ReportSubmission, actor: Actor = None, notify: bool = True
) -> CreatedReport:
    """Store one report (see `create_reports`) and, with `notify`, email the reporter their
    tracking link."""
    return create_reports(submissions=[submission], actor=actor, notify=notify)[0]


REPLACEABLE_REPORT_FIELDS = (
    "received_date",
    "incident_date",
    "incident_date_raw",
    "contact_method_id",
    "scam_type_id",
    "narrative",
    "still_in_contact",
    "still_in_contact_not_sure",
    "lost_money",
    "amount_lost",
    "amount_lost_raw",
    "payment_method",
    "amount_recovered",
    "amount_recovered_raw",
    "crime_reference",
    "reported_elsewhere",
    "source_hash",
    "quality_score",
    "quality_issues",
    "extra",
)


# A victim's answers the hub recorded when it asked them: a partner's row sent again
# does not overwrite them.
ASKED_BY_THE_HUB = frozenset({"consent_to_contact", "consent_to_share"})


def update_report(
    *,
    report: Report,
    submission: ReportSubmission,
    actor: Actor = None,
    taxonomy: Taxonomy | None = None,
    announce: bool = True,
) -> list[str]:
    """Replace a report's contents with a newer version from the same source (a partner
    sending a row again, changed): the victim is updated in place, identifiers are
    replaced, and the change is audited with the fields that changed. Without `announce`
    the caller sends `reports_stored` for it (a file's batch announces its reports once)."""
    prepared = prepare(submission, taxonomy or Taxonomy.load())
    changed = [
        name for name in REPLACEABLE_REPORT_FIELDS if getattr(report, name) != prepared.report[name]
    ]
    with transaction.atomic():
        for name in REPLACEABLE_REPORT_FIELDS:
            setattr(report, name, prepared.report[name])
        report.save()
        for fields in prepared.persons:
            person = report.persons.filter(role=fields["role"]).order_by("id").first()
            if person is None:
                Person.objects.create(report=report, **fields)
                changed.append(f"{fields['role']} added")
                continue
            person_changes = [
                k
                for k, v in fields.items()
                if getattr(person, k) != v
                and not (k in ASKED_BY_THE_HUB and person.consent_answered_by)
            ]
            if person_changes:
                for key in person_changes:
                    setattr(person, key, fields[key])
                person.save(update_fields=person_changes)
                changed += [f"{fields['role']}.{k}" for k in person_changes]
        old = sorted((i.kind, i.raw) for i in report.identifiers.all())
        if old != sorted((f["kind"], f["raw"]) for f in prepared.identifiers):
            report.identifiers.all().delete()
            Identifier.objects.bulk_create(
                Identifier(report=report, **fields) for fields in prepared.identifiers
            )
            changed.append("identifiers")
        audit.record(
            actor=actor, action=AuditEvent.Action.CHANGE, obj=report, detail={"changed": changed}
        )
        if announce:
            announce_stored([report.pk])
    return changed


def tracking_contact(report: Report) -> Person | None:
    """Who hears back about a report: the person who reported it, else the victim."""
    return report.reporter or report.victim


def _email_reporter_link(created: CreatedReport) -> None:
    person = tracking_contact(created.report)
    if person is None or not person.email or not person.consent_to_contact:
        return
    reference = created.report.reference or ""
    emails.send(
        "report-received",
        person.email,
        {"reference": reference, "tracking_url": f"{settings.SITE_URL}{created.tracking_path}"},
        reference=reference,
        link=reverse("staff:report_detail", args=[reference]) if reference else "",
    )


def add_update(*, report: Report, text: str, actor: Actor) -> ReportUpdate:
    """Add a plain-English update to the reporter's timeline and email them if they agreed."""
    text = text.strip()
    if not text:
        raise ValueError("Enter the update for the person who reported this")
    person = tracking_contact(report)
    email_to = person.email if person and person.email and person.consent_to_contact else ""
    with transaction.atomic():
        update = ReportUpdate.objects.create(
            report=report,
            kind=ReportUpdate.Kind.UPDATE,
            text=text,
            author=signed_in(actor),
            emailed_to=email_to,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=report,
            detail={"added_update": update.pk, "emailed": bool(email_to)},
        )
        if email_to:
            reference = report.reference or ""
            transaction.on_commit(
                lambda: emails.send(
                    "report-update",
                    email_to,
                    {"reference": reference, "text": text},
                    reference=reference,
                    link=reverse("staff:report_detail", args=[reference]) if reference else "",
                )
            )
    return update


def secret_matches(report: Report, secret: str) -> bool:
    return bool(report.tracking_secret_hash) and hmac.compare_digest(
        report.tracking_secret_hash, hash_secret(secret)
    )
