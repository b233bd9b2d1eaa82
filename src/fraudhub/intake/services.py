"""Writes for partner intake: importing a referral file in batches, deciding on
quarantined rows, and a single referral from a partner's form or system."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from fraudhub.governance.audit import Actor
from fraudhub.governance.models import Organisation
from fraudhub.reports.events import announce_stored
from fraudhub.reports.models import Report
from fraudhub.reports.services import (
    CreatedReport,
    ReportSubmission,
    Taxonomy,
    create_reports,
    prepare,
    update_report,
)

from . import bulk_write
from . import mappings as value_mappings
from .importers import Row, UnreadableFile, open_rows
from .models import SUMMARY_KEYS, ImportRun, QuarantinedRow
from .referrals import Mappings, RowResult, read_row, unknown_columns

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
MAX_WARNINGS_KEPT = 10_000
WARNINGS_SHOWN = 20  # on the import's page while it runs


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    warnings: int = 0

    def as_dict(self) -> dict[str, int]:
        return {key: getattr(self, key) for key in SUMMARY_KEYS}


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while batch := list(islice(rows, size)):
        yield batch


def start_import(
    *, organisation: Organisation, filename: str, stored_path: str = "", actor: Actor = None
) -> ImportRun:
    user = actor if actor is not None and actor.is_authenticated else None
    return ImportRun.objects.create(
        organisation=organisation, filename=filename, stored_path=stored_path, created_by=user
    )


def import_referrals(
    *,
    path: str | Path,
    organisation: Organisation,
    actor: Actor = None,
    run: ImportRun | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportRun], None] | None = None,
) -> ImportRun:
    """Import a partner's referral file. Each batch is one transaction, so a run killed at
    any moment leaves whole reports only, and running the file again finishes the job:
    rows already imported are matched on (organisation, partner_reference) and left alone
    unless their content changed."""
    path = Path(path)
    run = run or start_import(organisation=organisation, filename=path.name, actor=actor)
    try:
        source = open_rows(path)
    except UnreadableFile as exc:
        run.status, run.error, run.finished_at = ImportRun.Status.FAILED, str(exc), timezone.now()
        run.save()
        raise
    run.status, run.total_bytes = ImportRun.Status.RUNNING, source.total_bytes
    run.save(update_fields=["status", "total_bytes"])
    _mark_interrupted(run)
    mappings = value_mappings.load(organisation)
    taxonomy = Taxonomy.load()
    summary = ImportSummary()
    warnings: list[dict[str, Any]] = []
    rows = source.rows()
    first_batch = True
    try:
        for batch in _batches(rows, batch_size):
            if first_batch:
                for column in unknown_columns(source.header):
                    warnings.append(
                        {"row": 1, "message": f"unknown column '{column}' kept as extra data"}
                    )
                first_batch = False
            _import_batch(
                batch,
                run=run,
                organisation=organisation,
                actor=actor,
                mappings=mappings,
                taxonomy=taxonomy,
                summary=summary,
                warnings=warnings,
            )
            run.bytes_done = source.bytes_done()
            _save_counts(run, summary, warnings)
            if progress:
                progress(run)
    except UnreadableFile as exc:
        run.status, run.error = ImportRun.Status.FAILED, str(exc)
        run.finished_at = timezone.now()
        _save_counts(run, summary, warnings, final=True)
        raise
    run.status, run.finished_at, run.bytes_done = (
        ImportRun.Status.DONE,
        timezone.now(),
        run.total_bytes,
    )
    _save_counts(run, summary, warnings, final=True)
    if progress:
        progress(run)
    return run


INTERRUPTED_ERROR = (
    "This import stopped before the end of the file: a later import of the same file "
    "was started. The reports stored before it stopped are kept."
)


def _mark_interrupted(run: ImportRun) -> None:
    """An earlier run of the same file for the same partner that still shows as running
    was killed part-way (a run is one process, and it finishes or fails otherwise): the
    new run finishes its job, so the old one is shown as interrupted, not running forever."""
    ImportRun.objects.filter(
        organisation=run.organisation_id,
        filename=run.filename,
        status=ImportRun.Status.RUNNING,
        pk__lt=run.pk,
    ).update(status=ImportRun.Status.INTERRUPTED, error=INTERRUPTED_ERROR)


def _save_counts(
    run: ImportRun, summary: ImportSummary, warnings: list[dict[str, Any]], *, final: bool = False
) -> None:
    """Counts are saved after every batch; the warnings themselves (up to 1 MB of JSON)
    only while the page still shows all of them, and at the end."""
    for key, value in summary.as_dict().items():
        setattr(run, key, value)
    saved = len(run.warning_messages)
    kept = min(len(warnings), MAX_WARNINGS_KEPT)
    fields = [*SUMMARY_KEYS, "status", "error", "finished_at", "bytes_done"]
    if kept != saved and (final or saved < WARNINGS_SHOWN):
        run.warning_messages = warnings[:kept]
        fields.append("warning_messages")
    run.warnings = len(warnings)
    run.save(update_fields=fields)


def _import_batch(
    batch: list[Row],
    *,
    run: ImportRun,
    organisation: Organisation,
    actor: Actor,
    mappings: Mappings,
    taxonomy: Taxonomy,
    summary: ImportSummary,
    warnings: list[dict[str, Any]],
) -> None:
    source = Report.Source.PARTNER_FILE
    results = [
        (row, read_row(row.values, mappings=mappings, source=source, today=timezone.localdate()))
        for row in batch
    ]
    references = [r.submission.partner_reference for _, r in results if r.submission]
    with transaction.atomic():
        existing = {
            report.partner_reference: report
            # Blank references are left out so the lookup can use the partial unique index.
            for report in Report.objects.filter(
                source_organisation=organisation, partner_reference__in=references
            ).exclude(partner_reference="")
        }
        known_quarantine = set(
            QuarantinedRow.objects.filter(
                organisation=organisation, fingerprint__in=[r.fingerprint for _, r in results]
            ).values_list("fingerprint", flat=True)
        )
        to_create: dict[str, ReportSubmission] = {}
        latest_hash: dict[str, str] = {}
        to_update: list[tuple[Report | str, ReportSubmission]] = []
        quarantine: list[QuarantinedRow] = []
        last_row = {
            r.submission.partner_reference: row.number for row, r in results if r.submission
        }
        for row, result in results:
            summary.rows += 1
            warnings.extend({"row": row.number, "message": m} for m in result.warnings)
            if result.submission is None:
                summary.quarantined += 1
                if result.fingerprint not in known_quarantine:
                    known_quarantine.add(result.fingerprint)
                    quarantine.append(_quarantined(row, result, run, organisation))
                continue
            submission = result.submission
            submission.organisation = organisation
            reference = submission.partner_reference
            if last_row[reference] != row.number:
                summary.unchanged += 1
                warnings.append(
                    {
                        "row": row.number,
                        "message": f"partner_reference {reference[:40]} is sent again at row "
                        f"{last_row[reference]}: that later row is used",
                    }
                )
                continue
            # The latest content seen for this reference, in the database or earlier in
            # this batch: a reference sent twice in one file ends with its last version.
            current = existing.get(reference)
            latest = latest_hash.get(reference, current.source_hash if current else None)
            if latest is None:
                summary.created += 1
                to_create[reference] = submission
            elif latest == submission.source_hash:
                summary.unchanged += 1
            else:
                summary.updated += 1
                to_update.append((current if current is not None else reference, submission))
            latest_hash[reference] = submission.source_hash
        created, by_reference = _create(list(to_create.values()), to_update, actor, taxonomy)
        changed = []
        for target, submission in to_update:
            report = by_reference[target] if isinstance(target, str) else target
            update_report(
                report=report, submission=submission, actor=actor, taxonomy=taxonomy, announce=False
            )
            report.source_hash = submission.source_hash
            changed.append(report.pk)
        announce_stored([*created, *changed])  # one background job for the whole batch
        QuarantinedRow.objects.bulk_create(quarantine)


def _create(
    submissions: list[ReportSubmission],
    to_update: list[tuple[Report | str, ReportSubmission]],
    actor: Actor,
    taxonomy: Taxonomy,
) -> tuple[list[int], dict[str, Report]]:
    """Store the batch's new reports (with COPY on PostgreSQL): their ids, and those that a
    later row of the same batch changes, by partner reference."""
    changed_later = {target for target, _ in to_update if isinstance(target, str)}
    if bulk_write.available():
        prepared = [prepare(s, taxonomy) for s in submissions]
        ids = bulk_write.create_reports(prepared=prepared, actor=actor)
        wanted = [
            pk
            for pk, s in zip(ids, submissions, strict=True)
            if s.partner_reference in changed_later
        ]
        return ids, {r.partner_reference: r for r in Report.objects.filter(pk__in=wanted)}
    reports = [
        c.report
        for c in create_reports(
            submissions=submissions, actor=actor, taxonomy=taxonomy, announce=False
        )
    ]
    by_reference = {r.partner_reference: r for r in reports if r.partner_reference in changed_later}
    return [r.pk for r in reports], by_reference


def _quarantined(
    row: Row, result: RowResult, run: ImportRun, organisation: Organisation
) -> QuarantinedRow:
    return QuarantinedRow(
        organisation=organisation,
        import_run=run,
        filename=run.filename,
        row_number=row.number,
        raw={
            str(k).replace("\x00", ""): ("" if v is None else str(v).replace("\x00", ""))
            for k, v in row.values.items()
        },
        fingerprint=result.fingerprint,
        reasons=result.quarantine_reasons,
    )


def submit_referral(
    *, values: dict[str, Any], organisation: Organisation, source: str, actor: Actor
) -> tuple[RowResult, Report | None, str]:
    """One referral (a partner's form or API call), by the same rules as a file row.
    Returns the row result, the report and what happened: "created", "updated",
    "unchanged" or "refused" (with the reasons in the result)."""
    result = read_row(
        values,
        mappings=value_mappings.load(organisation),
        source=source,
        today=timezone.localdate(),
    )
    if result.submission is None:
        return result, None, "refused"
    submission = result.submission
    submission.organisation = organisation
    try:
        return _store_referral(result, submission, organisation, actor)
    except IntegrityError:
        # The same new reference arrived twice at once: the other request created it.
        return _store_referral(result, submission, organisation, actor)


def _store_referral(
    result: RowResult, submission: ReportSubmission, organisation: Organisation, actor: Actor
) -> tuple[RowResult, Report | None, str]:
    with transaction.atomic():
        current = (
            Report.objects.select_for_update()
            .filter(
                source_organisation=organisation, partner_reference=submission.partner_reference
            )
            .first()
        )
        if current is None:
            created: list[CreatedReport] = create_reports(submissions=[submission], actor=actor)
            return result, created[0].report, "created"
        if current.source_hash == submission.source_hash:
            return result, current, "unchanged"
        update_report(report=current, submission=submission, actor=actor)
        return result, current, "updated"


def accept_quarantined(
    *, row: QuarantinedRow, values: dict[str, Any], actor: Actor
) -> tuple[RowResult, Report | None]:
    """Accept a quarantined row once staff have corrected it; if it still cannot be a
    report, nothing changes and the reasons come back."""
    result, report, outcome = submit_referral(
        values=values, organisation=row.organisation, source=Report.Source.PARTNER_FILE, actor=actor
    )
    if report is None:
        return result, None
    row.status = QuarantinedRow.Status.ACCEPTED
    row.report = report
    row.decided_by = actor if actor is not None and actor.is_authenticated else None
    row.decided_at = timezone.now()
    row.save()
    return result, report


def discard_quarantined(*, row: QuarantinedRow, reason: str, actor: Actor) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("Enter why this row is being discarded")
    row.status = QuarantinedRow.Status.DISCARDED
    row.discard_reason = reason
    row.decided_by = actor if actor is not None and actor.is_authenticated else None
    row.decided_at = timezone.now()
    row.save()
