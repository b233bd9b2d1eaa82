"""Applying the retention schedule (governance.retention): find what is due of each kind,
leave what a legal hold keeps, anonymise or erase the rest, log each in the audit and
record the run's counts for the administrator. Run by `fraudhub retention-run` and daily
by the background worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from fraudhub.casework.lifecycle import State
from fraudhub.casework.models import Case, ProactiveCall, TargetList, TargetListEntry
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.audit_checks import next_checkpoint_at
from fraudhub.governance.models import RetentionRule, RetentionRun
from fraudhub.governance.retention import SCHEDULES, Kind, cutoff
from fraudhub.governance.rights import held_ids
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.prevention.services.checks import purge_unmatched_checks
from fraudhub.reports.models import Person, Report

from .erasure import anonymise_cases, anonymise_reports, log_erasure

WHY = "retention period ended"
BATCH = 500


def keep_days() -> dict[Kind, int]:
    """Each kind's period: the administrator's rule, else the default."""
    set_by_admin = dict(RetentionRule.objects.values_list("kind", "keep_days"))
    return {kind: set_by_admin.get(kind.value, s.default_days) for kind, s in SCHEDULES.items()}


def held_report_ids() -> set[int]:
    """Reports a legal hold keeps: held themselves, or a person in them held, or a case
    they belong to held, or a report of a held person's case."""
    held_people = held_ids("reports.person")
    held_cases = held_ids("casework.case")
    ids = set(held_ids("reports.report"))
    ids |= set(Person.objects.filter(pk__in=held_people).values_list("report_id", flat=True))
    ids |= set(
        Report.objects.filter(Q(cases__in=held_cases) | Q(cases__victim__in=held_people))
        .values_list("pk", flat=True)
        .distinct()
    )
    return ids


def held_case_ids() -> set[int]:
    """Cases a legal hold keeps: held themselves, their victim held, or any report held."""
    return set(
        Case.objects.filter(
            Q(pk__in=held_ids("casework.case"))
            | Q(victim__in=held_ids("reports.person"))
            | Q(reports__in=held_report_ids())
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def due_reports(day: date, days: int) -> QuerySet[Report]:
    """Reports never made a case, received before the cut-off, not yet anonymised."""
    return Report.objects.filter(
        anonymised_at__isnull=True, cases__isnull=True, received_date__lt=cutoff(day, days)
    )


ENDED_UNCLOSED = [State.UNABLE_TO_CONTACT.value, State.DECLINED.value]


def due_cases(day: date, days: int) -> QuerySet[Case]:
    """Cases ended before the cut-off (closed, or left declined or unable to contact),
    whose details are not yet removed."""
    before = cutoff(day, days)
    return (
        Case.objects.filter(
            Q(state=State.CLOSED.value, closed_on__lt=before)
            | Q(state__in=ENDED_UNCLOSED, first_ended_on__lt=before)
        )
        .filter(~Q(victim_name="") | Q(reports__anonymised_at__isnull=True))
        .distinct()
    )


def due_rows(day: date, days: int) -> QuerySet[QuarantinedRow]:
    return QuarantinedRow.objects.filter(created_at__lt=_start_of(cutoff(day, days)))


def due_files(day: date, days: int) -> QuerySet[ImportRun]:
    """Imports whose stored file is still kept, uploaded before the cut-off and no longer
    being imported."""
    return (
        ImportRun.objects.filter(created_at__lt=_start_of(cutoff(day, days)))
        .exclude(stored_path="")
        .exclude(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING])
    )


# A proactive call's details about the person called, removed with the list's rows.
CALL_DETAILS = ("name", "address", "postcode", "phone", "email", "date_of_birth", "notes")


def due_target_lists(day: date, days: int) -> QuerySet[TargetList]:
    """Seized lists checked (imported) before the cut-off that still hold anyone's
    details: rows as typed, or a call's details."""
    with_details = Q(entries__isnull=False)
    for name in CALL_DETAILS:
        with_details |= ~Q(**{f"calls__{name}": ""}) & Q(calls__isnull=False)
    return (
        TargetList.objects.filter(imported_at__lt=_start_of(cutoff(day, days)))
        .filter(with_details)
        .distinct()
    )


def held_target_list_ids() -> set[int]:
    """Lists a legal hold keeps: held themselves, or one of their calls held, or a row or
    call of theirs that is of a case a hold keeps."""
    cases = held_case_ids()
    return set(
        TargetList.objects.filter(
            Q(pk__in=held_ids("casework.targetlist"))
            | Q(calls__in=held_ids("casework.proactivecall"))
            | Q(calls__case__in=cases)
            | Q(entries__case__in=cases)
        )
        .values_list("pk", flat=True)
        .distinct()
    )


def _erase_target_lists(lists: list[TargetList], actor: Actor) -> None:
    """Remove the people on each list: its rows, the calls still to make (which hold
    nothing but the person), and the made calls' details about the person."""
    log_erasure(actor=actor, objects=lists, why=WHY, what="people on the seized list")
    TargetListEntry.objects.filter(target_list__in=lists).delete()
    calls = ProactiveCall.objects.filter(target_list__in=lists)
    calls.filter(status__in=ProactiveCall.OPEN_STATUSES).delete()
    calls.update(**dict.fromkeys(CALL_DETAILS, ""))


@dataclass(frozen=True)
class Step:
    """One kind of record: what is due, which of those a legal hold keeps, and what to do
    with the rest (in one transaction)."""

    kind: Kind
    due: Callable[[date, int], QuerySet[Any]]
    held: Callable[[], set[int]]
    apply: Callable[[list[Any], Actor], object]


def _nothing_held() -> set[int]:
    """Quarantined rows and uploaded files are not held: a hold is placed on the report,
    case or person, and these are not yet any of those."""
    return set()


def _label(actor: Actor) -> str | None:
    return None if signed_in(actor) is not None else "retention"


def _anonymise_cases(cases: list[Case], actor: Actor) -> None:
    anonymise_cases(cases, actor=actor, why=WHY)


def _anonymise_reports(reports: list[Report], actor: Actor) -> None:
    anonymise_reports(reports, actor=actor, why=WHY)


def _erase_rows(rows: list[QuarantinedRow], actor: Actor) -> None:
    log_erasure(actor=actor, objects=rows, why=WHY, what="quarantined row")
    QuarantinedRow.objects.filter(pk__in=[r.pk for r in rows]).delete()


def _erase_files(runs: list[ImportRun], actor: Actor) -> None:
    """Delete each stored file once the change is committed; the import's record stays."""
    log_erasure(actor=actor, objects=runs, why=WHY, what="uploaded file")
    ImportRun.objects.filter(pk__in=[r.pk for r in runs]).update(stored_path="")
    paths = [Path(r.stored_path) for r in runs]
    transaction.on_commit(lambda: _unlink(paths))


# Cases first: anonymising a case anonymises its reports, which no later step then finds.
STEPS = (
    Step(Kind.CLOSED_CASES, due_cases, held_case_ids, _anonymise_cases),
    Step(Kind.REPORTS_WITHOUT_CASE, due_reports, held_report_ids, _anonymise_reports),
    Step(Kind.QUARANTINED_ROWS, due_rows, _nothing_held, _erase_rows),
    Step(Kind.IMPORT_FILES, due_files, _nothing_held, _erase_files),
    Step(Kind.TARGET_LISTS, due_target_lists, held_target_list_ids, _erase_target_lists),
)


def run_retention(
    *, actor: Actor = None, dry_run: bool = False, today: date | None = None
) -> RetentionRun:
    """Anonymise or erase everything whose retention period has ended, except what a
    legal hold keeps; a dry run counts without changing anything. Records are done in
    batches, each in its own transaction, so a failure part-way leaves no record half
    done and the next run finishes the rest."""
    day = today or timezone.localdate()
    started = timezone.now()
    periods = keep_days()
    done: dict[str, int] = {}
    held: dict[str, int] = {}
    for step in STEPS:
        due = step.due(day, periods[step.kind])
        kept = step.held()
        held[step.kind.value] = due.filter(pk__in=kept).count() if kept else 0
        chosen = list(due.exclude(pk__in=kept))
        done[step.kind.value] = len(chosen)
        if dry_run:
            continue
        # In batches, each its own transaction: a long first run on years of records
        # holds no lock for long and stays inside SQLite's limit on parameters.
        for start in range(0, len(chosen), BATCH):
            with transaction.atomic():
                step.apply(chosen[start : start + BATCH], actor)
    login = signed_in(actor)
    return RetentionRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        dry_run=dry_run,
        run_by=login.get_username() if login is not None else "schedule",
        counts=done,
        held=held,
    )


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# Finished background work is kept this long, then removed: a task's arguments are kept
# with it, and an email's are its address and text (for a reporter, the private link to
# their tracking page).
FINISHED_TASKS_KEPT_DAYS = 1


def prune_finished_tasks() -> int:
    """Remove finished background work older than a day from the database queue, and say
    how many; a queue kept elsewhere (or none, in tests) has nothing here to remove."""
    backend = daily_retention_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return 0
    before = timezone.now() - timedelta(days=FINISHED_TASKS_KEPT_DAYS)
    removed, _ = (
        DBTaskResult.objects.finished()
        .filter(backend_name=backend.alias, finished_at__lt=before)
        .delete()
    )
    return removed


@task()
def daily_retention_task(book_next: bool = True) -> dict[str, object]:
    """Apply the schedule, remove finished background work and the public's unmatched
    look-ups older than 30 days, then book tomorrow's run (unless `fraudhub scheduler`
    books each day's, which passes book_next=False)."""
    run = run_retention()
    pruned = prune_finished_tasks()
    checks = purge_unmatched_checks()
    if book_next:
        schedule_retention()
    return {
        "run": run.pk,
        "counts": run.counts,
        "finished_tasks_removed": pruned,
        "unmatched_checks_removed": checks,
    }


def schedule_retention() -> datetime | None:
    """Book the next daily run, or None if the task backend cannot run work later."""
    if not daily_retention_task.get_backend().supports_defer:
        return None
    when = next_checkpoint_at(timezone.now(), settings.FRAUDHUB_RETENTION_HOUR)
    daily_retention_task.using(run_after=when).enqueue()
    return when
