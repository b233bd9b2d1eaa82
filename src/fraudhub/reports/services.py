"""Writes to reports: the single path every intake route (web, phone, partner) goes through.
What a route hands in is in `inputs.py`; how it is normalised before storing, in
`preparation.py`."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent

from .events import announce_stored
from .inputs import ReportSubmission
from .models import (
    Identifier,
    Person,
    ReferenceSequence,
    Report,
    ReportUpdate,
)
from .preparation import Taxonomy, prepare

logger = logging.getLogger(__name__)


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


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


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
