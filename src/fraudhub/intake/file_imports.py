"""Writes for a partner's referral file: importing it in batches (one transaction each,
so a run stopped at any moment leaves whole reports and a rerun finishes the job), and
recovering or retrying imports that stopped part-way."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from fraudhub.governance.access import Actor
from fraudhub.governance.models import Organisation
from fraudhub.reports import bulk_write
from fraudhub.reports.events import announce_stored
from fraudhub.reports.inputs import ReportSubmission
from fraudhub.reports.models import Report
from fraudhub.reports.preparation import Taxonomy, prepare
from fraudhub.reports.services import create_reports, update_report
from fraudhub.tabular import Row, UnreadableFile, open_rows

from . import mappings as value_mappings
from .models import SUMMARY_KEYS, ImportRun, QuarantinedRow
from .referrals import KNOWN, Mappings, RowResult, header_key, read_row, unknown_columns

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


class ImportFailed(Exception):
    """An import stopped by an error that is not the file's fault; the message says what
    happened to the rows, and the run is marked failed with it."""


class _Superseded(Exception):
    """A later attempt at the same import has taken over: this one stops quietly."""


UNEXPECTED_ERROR = (
    "The import stopped after {rows:,} rows because of an unexpected error in the hub, not "
    "in your file. The reports stored before it stopped are kept. Upload the file again to "
    "try once more: rows already imported are not duplicated. If it stops again, tell the "
    "hub's administrators that import {run} failed."
)
STOPPED_ERROR = (
    "This import was stopped part-way (the program running it was stopped). The reports "
    "stored before it stopped are kept; import the same file again to finish the job."
)


NOT_A_REFERRAL_FILE = (
    "The first row of this file names none of the referral file's columns (such as "
    "partner_reference, received_date or victim_last_name), so no row could be read. "
    "Check it is the right file, or download the template and copy the rows into it."
)


def _refuse_another_kind_of_file(header: list[str]) -> None:
    if header and not any(header_key(h) in KNOWN for h in header):
        raise UnreadableFile(NOT_A_REFERRAL_FILE)


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
    unless their content changed. However it stops, the run ends as failed or interrupted
    with a message, never left running: UnreadableFile when the file is at fault,
    ImportFailed for anything else."""
    path = Path(path)
    run = run or start_import(organisation=organisation, filename=path.name, actor=actor)
    try:
        return _import(path, run, organisation, actor, batch_size, progress)
    except UnreadableFile as exc:
        _end(run, ImportRun.Status.FAILED, str(exc))
        raise
    except _Superseded:
        run.refresh_from_db()
        return run
    except Exception as exc:
        logger.error(
            "Import %s stopped after %s rows by %s at:\n%s",
            run.pk,
            run.rows,
            type(exc).__name__,
            # where, without the error's text or source lines: either may hold personal data
            "\n".join(
                f"{f.filename}:{f.lineno} in {f.name}"
                for f in traceback.extract_tb(exc.__traceback__)
            ),
        )
        message = UNEXPECTED_ERROR.format(rows=run.rows, run=run.pk)
        _end(run, ImportRun.Status.FAILED, message)
        raise ImportFailed(message) from exc
    except BaseException:  # Ctrl-C, or the worker told to stop
        _end(run, ImportRun.Status.INTERRUPTED, STOPPED_ERROR)
        raise


def _import(
    path: Path,
    run: ImportRun,
    organisation: Organisation,
    actor: Actor,
    batch_size: int,
    progress: Callable[[ImportRun], None] | None,
) -> ImportRun:
    now = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(
        attempts=F("attempts") + 1, status=ImportRun.Status.RUNNING, heartbeat_at=now, error=""
    )
    run.refresh_from_db(fields=["attempts"])
    run.status, run.heartbeat_at, run.error = ImportRun.Status.RUNNING, now, ""
    source = open_rows(path)
    run.total_bytes, run.encoding = source.total_bytes, source.encoding
    _save(run, ["total_bytes", "encoding"])
    _mark_interrupted(run)
    mappings = value_mappings.load(organisation)
    taxonomy = Taxonomy.load()
    summary = ImportSummary()
    warnings: list[dict[str, Any]] = []
    first_batch = True
    for batch in _batches(source.rows(), batch_size):
        if first_batch:
            _refuse_another_kind_of_file(source.header)
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
    if first_batch:  # a first row and nothing under it
        _refuse_another_kind_of_file(source.header)
    run.status, run.finished_at, run.bytes_done = (
        ImportRun.Status.DONE,
        timezone.now(),
        run.total_bytes,
    )
    _save_counts(run, summary, warnings, final=True)
    if progress:
        progress(run)
    return run


def _save(run: ImportRun, fields: list[str]) -> None:
    """Save these fields of the run, unless a later attempt at it has taken over."""
    saved = ImportRun.objects.filter(pk=run.pk, attempts=run.attempts).update(
        **{name: getattr(run, name) for name in fields}
    )
    if not saved:
        raise _Superseded


def _end(run: ImportRun, status: str, error: str) -> None:
    """The run ends with this status and message; its counts are those of the batches
    stored (each saved with its batch)."""
    run.status, run.error, run.finished_at = status, error, timezone.now()
    ImportRun.objects.filter(pk=run.pk, attempts=run.attempts).update(
        status=status, error=error, finished_at=run.finished_at
    )


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
    run.heartbeat_at = timezone.now()
    _save(run, [*fields, "heartbeat_at"])


STALE_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3
RETRYING = "This import stopped part-way, so it was started again."
GAVE_UP_ERROR = (
    "This import stopped part-way {attempts} times, so it is not tried again. The reports "
    "stored before it stopped are kept. Upload the file again, or split it into smaller "
    "files; if it stops again, tell the hub's administrators that import {run} stopped."
)
STALE_ERROR = (
    "This import stopped part-way: nothing was heard from it for {minutes} minutes. The "
    "reports stored before it stopped are kept; import the same file again to finish the job."
)


def recover_stale_imports(*, runs: QuerySet[ImportRun] | None = None) -> int:
    """Imports that show as running but have saved nothing for STALE_AFTER were stopped
    without a word (a worker killed part-way; a running import saves its progress after
    every batch of rows). An upload, whose file is kept, is queued again, up to
    MAX_ATTEMPTS in all, and then marked failed; an import from the command line is marked
    interrupted. Run by the worker before each import and by the imports pages. Returns
    how many were found."""
    cutoff = timezone.now() - STALE_AFTER
    stale = (runs if runs is not None else ImportRun.objects.all()).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        status=ImportRun.Status.RUNNING,
    )
    found = 0
    for run in stale.order_by("pk"):
        found += 1
        _retry_or_end(run, ImportRun.Status.RUNNING)
    return found


def retry_stopped_import(*, run: ImportRun) -> None:
    """An upload whose worker was stopped part-way (Ctrl-C, a shutdown) is queued again,
    as a killed one is."""
    _retry_or_end(run, ImportRun.Status.INTERRUPTED)


def _retry_or_end(run: ImportRun, status: str) -> None:
    current = ImportRun.objects.filter(pk=run.pk, status=status, attempts=run.attempts)
    if run.stored_path and Path(run.stored_path).is_file() and run.attempts < MAX_ATTEMPTS:
        if current.update(
            status=ImportRun.Status.QUEUED, error=RETRYING, heartbeat_at=timezone.now()
        ):
            _enqueue(run.pk)
    elif run.stored_path:
        current.update(
            status=ImportRun.Status.FAILED,
            error=GAVE_UP_ERROR.format(attempts=run.attempts, run=run.pk),
            finished_at=timezone.now(),
        )
    elif status == ImportRun.Status.RUNNING:
        current.update(
            status=ImportRun.Status.INTERRUPTED,
            error=STALE_ERROR.format(minutes=int(STALE_AFTER.total_seconds() // 60)),
            finished_at=timezone.now(),
        )


def _enqueue(run_id: int) -> None:
    from .tasks import run_import  # the task module imports this one

    transaction.on_commit(lambda: run_import.enqueue(run_id))


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
    today = timezone.localdate()
    results = [
        (row, _refused(row, read_row(row.values, mappings=mappings, source=source, today=today)))
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


def _refused(row: Row, result: RowResult) -> RowResult:
    """A row the reader found a problem with (too many values, a quote never closed, a
    byte that is not text) is quarantined with it, however it reads: its values may be in
    the wrong columns or incomplete, and are never guessed at."""
    if not row.problems:
        return result
    reasons = [p.message for p in row.problems] + result.quarantine_reasons
    return RowResult(None, reasons, result.warnings, result.fingerprint)


def _quarantined(
    row: Row, result: RowResult, run: ImportRun, organisation: Organisation
) -> QuarantinedRow:
    field_reasons: dict[str, list[str]] = {}
    for problem in row.problems:
        for name in problem.fields:
            field_reasons.setdefault(header_key(name), []).append(problem.message)
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
        field_reasons=field_reasons,
    )
