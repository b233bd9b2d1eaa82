"""Writes that keep a report open after it was sent: the reporter adds information and
evidence to it, a later report about the same incident is marked a likely duplicate, and
staff merge that duplicate into the earlier report. Each write is one transaction, audited."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent

from .duplicates import WINDOW_DAYS, Incident, likely_duplicate_of
from .events import announce_information, announce_stored
from .evidence import CheckedFile
from .inputs import IdentifierInput
from .models import EvidenceFile, Identifier, Report, ReportAddition, ReportUpdate
from .preparation import identifier_row, normalise_identifier

REPORTER_LABEL = "reporter (tracking page)"
NOTHING_ADDED = "Enter what else we should know, or choose a file to send"


class MergeRefused(Exception):
    """A merge that cannot be done, said in plain words."""


def add_information(*, report: Report, text: str, files: list[CheckedFile]) -> ReportAddition:
    """The reporter adds what else we should know and checked evidence files to their
    report; the case manager is told once it is saved."""
    text = text.strip()
    if not text and not files:
        raise ValueError(NOTHING_ADDED)
    # A report merged into an earlier one is closed: what its reporter adds goes to the
    # earlier report, where the case is worked, marked as coming from this one.
    target = report.duplicate_of if report.merged_at and report.duplicate_of else report
    with transaction.atomic():
        addition = ReportAddition.objects.create(
            report=target,
            text=text,
            from_reporter=True,
            merged_from=report if target != report else None,
        )
        for checked in files:
            stored = EvidenceFile(
                addition=addition,
                original_name=checked.name,
                content_type=checked.content_type,
                size=len(checked.content),
            )
            stored.file.save(f"evidence{checked.suffix}", ContentFile(checked.content), save=False)
            stored.save()
        audit.record(
            actor=None,
            actor_label=REPORTER_LABEL,
            action=AuditEvent.Action.CHANGE,
            obj=target,
            detail={"added_information": addition.pk, "files": len(files)},
        )
        announce_information(report_id=target.pk, addition_id=addition.pk)
    return addition


def add_identifiers(
    *, report: Report, identifiers: list[IdentifierInput], actor: Actor
) -> list[Identifier]:
    """Add the scammer's identifiers learnt after the report was stored (a payee's account
    from the victim's payments, say), normalised as at intake; one already on the report is
    not added twice. The report is announced as stored, so it is linked again."""
    have = {(i.kind, i.normalised or i.raw) for i in report.identifiers.all()}
    added: list[Identifier] = []
    with transaction.atomic():
        for item in identifiers:
            if not item.value.strip():
                continue
            row = identifier_row(item, normalise_identifier(item))
            key = (row["kind"], row["normalised"] or row["raw"])
            if key in have:
                continue
            have.add(key)
            added.append(Identifier.objects.create(report=report, **row))
        if added:
            audit.record(
                actor=actor,
                action=AuditEvent.Action.CHANGE,
                obj=report,
                detail={"added_identifiers": [i.pk for i in added]},
            )
            announce_stored([report.pk])
    return added


def _incident(report: Report) -> Incident | None:
    victim = report.victim
    if victim is None:
        return None
    return Incident(
        report_id=report.pk,
        received=report.received_date,
        scam_type=report.scam_type.slug if report.scam_type else "",
        first_name=victim.first_name,
        last_name=victim.last_name,
        postcode=victim.postcode,
        phone=victim.phone,
        email=victim.email,
        duplicate_of=report.duplicate_of_id,
    )


def mark_likely_duplicate(*, report: Report) -> Report | None:
    """Mark `report` as a likely duplicate of an earlier report about the same incident
    (same victim, same scam, within the window), once; returns the earlier report."""
    if report.duplicate_of_id or report.merged_at or report.scam_type_id is None:
        return report.duplicate_of
    new = _incident(report)
    if new is None or not (new.first_name and new.last_name):
        return None
    candidates = (
        Report.objects.filter(
            scam_type_id=report.scam_type_id,
            merged_at__isnull=True,
            received_date__gte=report.received_date - timedelta(days=WINDOW_DAYS),
            received_date__lte=report.received_date,
            persons__role="victim",
            persons__last_name__iexact=new.last_name.strip(),
        )
        .filter(Q(received_date__lt=report.received_date) | Q(pk__lt=report.pk))
        .exclude(pk=report.pk)
        .select_related("scam_type")
        .prefetch_related("persons")
        .distinct()
    )
    earlier = {r.pk: r for r in candidates}
    found = likely_duplicate_of(new, filter(None, (_incident(r) for r in earlier.values())))
    if found is None:
        return None
    original = earlier[found.report_id]
    # A report marked a duplicate points at the first report of the incident.
    original = original.duplicate_of or original
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(duplicate_of=original)
        report.duplicate_of = original
        audit.record(
            actor=None,
            actor_label="system",
            action=AuditEvent.Action.CHANGE,
            obj=report,
            detail={"likely_duplicate_of": original.reference},
        )
    return original


def _identifier_key(identifier: Identifier) -> tuple[str, str]:
    return identifier.kind, identifier.normalised or identifier.raw.strip().casefold()


def merge_duplicate(*, duplicate: Report, actor: Actor) -> Report:
    """Merge a likely duplicate into the earlier report: its narrative becomes an addition
    there, its identifiers and evidence move there, and the duplicate is closed. Both
    reports are audited and triaged again."""
    with transaction.atomic():
        duplicate = Report.objects.select_for_update().get(pk=duplicate.pk)
        if duplicate.merged_at is not None:
            raise MergeRefused(f"{duplicate.reference} has already been merged")
        if duplicate.duplicate_of_id is None:
            raise MergeRefused(f"{duplicate.reference} is not marked as a likely duplicate")
        original = Report.objects.select_for_update().get(pk=duplicate.duplicate_of_id)
        user = signed_in(actor)
        text = f"Merged from {duplicate.reference}, a report of the same incident."
        if duplicate.narrative.strip():
            text += f"\n\n{duplicate.narrative.strip()}"
        addition = ReportAddition.objects.create(
            report=original, text=text, from_reporter=False, merged_from=duplicate, added_by=user
        )
        have = {_identifier_key(i) for i in original.identifiers.all()}
        moving = [i.pk for i in duplicate.identifiers.all() if _identifier_key(i) not in have]
        Identifier.objects.filter(pk__in=moving).update(report=original)
        moved_additions = list(duplicate.additions.values_list("pk", flat=True))
        # Marked as from the duplicate: the earlier report's reporter (maybe someone
        # else) never sees them on their tracking page.
        ReportAddition.objects.filter(pk__in=moved_additions).update(
            report=original, merged_from=duplicate
        )
        duplicate.status = Report.Status.CLOSED
        duplicate.merged_at = timezone.now()
        duplicate.save(update_fields=["status", "merged_at", "updated_at"])
        ReportUpdate.objects.create(
            report=duplicate,
            kind=ReportUpdate.Kind.STATUS,
            text="We have joined this report to an earlier report about the same scam, so "
            "that one team looks after it. You can still add information here.",
            author=user,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=original,
            detail={
                "merged_from": duplicate.reference,
                "addition": addition.pk,
                "identifiers_moved": len(moving),
                "additions_moved": len(moved_additions),
            },
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=duplicate,
            detail={"merged_into": original.reference, "closed": True},
        )
        announce_stored([original.pk, duplicate.pk])
    return original
