"""A retention run on generated data anonymises or erases exactly what is due, and nothing
else: every kind, on both sides of its cut-off, with legal holds respected and each erasure
in the audit log. Runs on SQLite and PostgreSQL alike."""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from fraudhub.casework.lifecycle import State
from fraudhub.casework.models import Case, Contact
from fraudhub.casework.services import triage_reports
from fraudhub.governance.audit_chain import Verified
from fraudhub.governance.audit_checks import verify_chain
from fraudhub.governance.models import AuditEvent, LegalHold, RetentionRule
from fraudhub.governance.retention import Kind
from fraudhub.governance.rights import place
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.reports.additions import add_information
from fraudhub.reports.evidence import check_file
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import EvidenceFile, Person, Report
from fraudhub.rights import retention
from fraudhub.rights.retention import run_retention
from tests.factories import OrganisationFactory, make_report, staff_user

pytestmark = pytest.mark.django_db

TODAY = date.today()  # the command runs as of today
YEAR = 365


@dataclass
class World:
    due_reports: list[Report]
    kept_reports: list[Report]
    due_cases: list[Case]
    kept_cases: list[Case]
    held_report: Report
    held_case: Case
    due_rows: list[QuarantinedRow]
    kept_rows: list[QuarantinedRow]
    due_files: list[ImportRun]
    kept_files: list[ImportRun]


def report_received(days_ago: int, n: int) -> Report:
    return make_report(
        received_date=TODAY - timedelta(days=days_ago),
        victim=PersonInput(
            first_name=f"Victim{n}",
            last_name="Hughes",
            date_of_birth="07/03/1948",
            postcode="AL1 3EJ",
            phone="01727 123456",
            email=f"victim{n}@example.com",
            address_line1=f"{n} High Street",
            vulnerability_notes="Lives alone since her husband died",
            vulnerability_indicators=["lives_alone"],
        ),
        narrative=f"Caller number {n} said he was from the bank.",
    ).report


def closed_case(days_ago: int, n: int) -> Case:
    report = report_received(days_ago + 30, n)
    case = triage_reports(report_ids=[report.pk])[0]
    Contact.objects.create(
        case=case, method="phone", outcome="spoke", notes=f"Spoke to Victim{n} about savings"
    )
    Case.objects.filter(pk=case.pk).update(
        state=State.CLOSED.value, closed_on=TODAY - timedelta(days=days_ago)
    )
    case.refresh_from_db()
    return case


def quarantined(days_ago: int, n: int, organisation: Any) -> QuarantinedRow:
    row = QuarantinedRow.objects.create(
        organisation=organisation,
        filename="referrals.csv",
        row_number=n,
        raw={"victim_first_name": f"Row{n}"},
        fingerprint=f"{n:064d}",
        reasons=["received_date is missing"],
    )
    QuarantinedRow.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return row


def uploaded(days_ago: int, n: int, organisation: Any, folder: Path) -> ImportRun:
    stored = folder / f"upload-{n}.csv"
    stored.write_text("victim_first_name\nAnn\n", encoding="utf-8")
    run = ImportRun.objects.create(
        organisation=organisation,
        filename=f"referrals-{n}.csv",
        stored_path=str(stored),
        status=ImportRun.Status.DONE,
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    run.refresh_from_db()
    return run


@pytest.fixture
def world(tmp_path: Path, settings: Any) -> World:
    """Records of every kind at random ages on both sides of each default cut-off, and
    right at it (the day of the cut-off itself is kept)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    rng = random.Random(12)
    partner = OrganisationFactory()
    n = iter(range(1, 10_000))
    due_reports = [report_received(rng.randint(3 * YEAR + 1, 6 * YEAR), next(n)) for _ in range(6)]
    kept_reports = [report_received(rng.randint(0, 3 * YEAR - 1), next(n)) for _ in range(5)]
    kept_reports.append(report_received(3 * YEAR, next(n)))  # the cut-off day: kept
    # An old report with an open case is kept: only ended cases and reports with none expire.
    open_case_report = report_received(5 * YEAR, next(n))
    triage_reports(report_ids=[open_case_report.pk])
    kept_reports.append(open_case_report)
    add_information(
        report=due_reports[0],
        text="My neighbour's number is 07700 900123",
        files=[check_file(name="letter.pdf", content=b"%PDF-1.4\n%%EOF\n")],
    )
    due_cases = [closed_case(rng.randint(6 * YEAR + 1, 9 * YEAR), next(n)) for _ in range(3)]
    kept_cases = [closed_case(rng.randint(0, 6 * YEAR - 1), next(n)) for _ in range(3)]
    held_report = report_received(5 * YEAR, next(n))
    held_case = closed_case(7 * YEAR, next(n))
    admin = staff_user("dpo", role="Data protection officer")
    place(LegalHold, actor=admin, obj=held_report, reason="Needed for prosecution 41/1234/26")
    place(LegalHold, actor=admin, obj=held_case.victim, reason="Complaint under review")
    folder = tmp_path / "imports"
    folder.mkdir()
    return World(
        due_reports=due_reports,
        kept_reports=kept_reports,
        due_cases=due_cases,
        kept_cases=kept_cases,
        held_report=held_report,
        held_case=held_case,
        due_rows=[quarantined(rng.randint(91, 400), next(n), partner) for _ in range(4)],
        kept_rows=[quarantined(rng.randint(0, 89), next(n), partner) for _ in range(3)],
        due_files=[uploaded(rng.randint(31, 200), next(n), partner, folder) for _ in range(3)],
        kept_files=[uploaded(rng.randint(0, 29), next(n), partner, folder) for _ in range(2)],
    )


def snapshot(report: Report) -> dict[str, Any]:
    report.refresh_from_db()
    return {
        "report": {f.attname: getattr(report, f.attname) for f in Report._meta.concrete_fields},
        "people": list(report.persons.values()),
        "identifiers": list(report.identifiers.values()),
    }


def assert_anonymised(report: Report) -> None:
    report.refresh_from_db()
    assert report.anonymised_at is not None
    assert report.narrative == ""
    assert not report.additions.exists()
    for person in report.persons.all():
        assert person.anonymised_at is not None
        assert (person.first_name, person.last_name, person.email, person.phone) == ("",) * 4
        assert (person.address_line1, person.postcode, person.date_of_birth) == ("", "", None)
        assert person.vulnerability_notes == "" and person.vulnerability_indicators == []
        assert person.postcode_district == "AL1"  # the area stays, for figures
    # What serves figures and intelligence stays.
    assert report.scam_type is not None and report.amount_lost is not None
    assert report.identifiers.filter(normalised="+442079460123").exists()


def test_a_run_anonymises_and_erases_exactly_what_is_due(
    world: World, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "BATCH", 2)  # several batches of each kind
    kept = [*world.kept_reports, world.held_report]
    kept += [r for c in [*world.kept_cases, world.held_case] for r in c.reports.all()]
    before = {r.pk: snapshot(r) for r in kept}
    evidence = EvidenceFile.objects.get()
    stored = Path(evidence.file.path)
    assert stored.is_file()
    erasures_before = AuditEvent.objects.filter(action="erase").count()
    due_paths = [Path(r.stored_path) for r in world.due_files]

    with django_capture_on_commit_callbacks(execute=True):
        run = run_retention(today=TODAY)

    assert run.counts == {
        Kind.REPORTS_WITHOUT_CASE: 6,
        Kind.CLOSED_CASES: 3,
        Kind.QUARANTINED_ROWS: 4,
        Kind.IMPORT_FILES: 3,
        Kind.TARGET_LISTS: 0,
    }
    assert run.held == {
        Kind.REPORTS_WITHOUT_CASE: 1,
        Kind.CLOSED_CASES: 1,
        Kind.QUARANTINED_ROWS: 0,
        Kind.IMPORT_FILES: 0,
        Kind.TARGET_LISTS: 0,
    }
    for report in world.due_reports:
        assert_anonymised(report)
    assert not stored.exists(), "the evidence file of an anonymised report is erased"
    for case in world.due_cases:
        case.refresh_from_db()
        assert case.victim_name == "" and not case.contacts.exists()
        assert case.state == State.CLOSED.value and case.closed_on is not None
        for report in case.reports.all():
            assert_anonymised(report)
    # Nothing else changed at all.
    assert {r.pk: snapshot(r) for r in kept} == before
    for case in [*world.kept_cases, world.held_case]:
        case.refresh_from_db()
        assert case.victim_name and case.contacts.count() == 1
    assert set(QuarantinedRow.objects.values_list("pk", flat=True)) == {
        r.pk for r in world.kept_rows
    }
    for run_ in world.due_files:
        run_.refresh_from_db()
        assert run_.stored_path == "" and run_.rows == 0  # the record stays
    assert not any(path.exists() for path in due_paths)
    for run_ in world.kept_files:
        run_.refresh_from_db()
        assert Path(run_.stored_path).is_file()
    # Each erasure is in the audit log, and the chain still verifies.
    erased = AuditEvent.objects.filter(action="erase").count() - erasures_before
    people = sum(r.persons.count() for r in world.due_reports) + sum(
        r.persons.count() for c in world.due_cases for r in c.reports.all()
    )
    assert erased == 6 + 3 + 3 + 4 + 3 + people
    assert isinstance(verify_chain(), Verified)

    # A second run finds nothing more to do.
    again = run_retention(today=TODAY)
    assert sum(again.counts.values()) == 0


def test_a_dry_run_counts_what_is_due_and_changes_nothing(world: World) -> None:
    before = {r.pk: snapshot(r) for r in world.due_reports}
    run = run_retention(today=TODAY, dry_run=True)
    assert run.dry_run and run.counts[Kind.REPORTS_WITHOUT_CASE] == 6
    assert {r.pk: snapshot(r) for r in world.due_reports} == before
    assert QuarantinedRow.objects.count() == 7
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_lifting_a_hold_lets_the_next_run_anonymise_the_record(world: World) -> None:
    from fraudhub.governance.rights import lift

    admin = staff_user("admin2", role="Administrator")
    lift(LegalHold, actor=admin, obj=world.held_report, reason="Case concluded at court")
    run_retention(today=TODAY)
    assert_anonymised(world.held_report)
    world.held_case.refresh_from_db()
    assert world.held_case.victim_name, "the case's own hold is still in force"


def test_an_administrators_period_replaces_the_default(world: World) -> None:
    RetentionRule.objects.create(kind=Kind.REPORTS_WITHOUT_CASE, keep_days=10 * YEAR)
    run = run_retention(today=TODAY)
    assert run.counts[Kind.REPORTS_WITHOUT_CASE] == 0
    assert all(Report.objects.get(pk=r.pk).anonymised_at is None for r in world.due_reports)


def test_the_command_prints_counts_per_kind(world: World) -> None:
    out = io.StringIO()
    call_command("retention_run", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Reports with no support case: due 6, kept for a legal hold 1" in text
    assert "Quarantined rows of partner files: due 4" in text
    assert "Dry run: nothing was changed." in text
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0


def test_the_daily_run_removes_finished_background_work_older_than_a_day(settings: Any) -> None:
    """An email's queued task keeps its address and text (a reporter's tracking link):
    the daily run removes finished work after a day and leaves work still to do."""
    from django_tasks_db.models import DBTaskResult

    from fraudhub import emails

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    args = {"key": "k", "to": ["ann@example.com"], "subject": "s", "text": "t", "html": "h"}
    sent_long_ago = emails.deliver_task.enqueue(**args)
    sent_today = emails.deliver_task.enqueue(**args)
    waiting = emails.deliver_task.enqueue(**args)
    DBTaskResult.objects.filter(id=sent_long_ago.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - timedelta(days=2)
    )
    DBTaskResult.objects.filter(id=sent_today.id).update(
        status="FAILED", finished_at=timezone.now() - timedelta(hours=2)
    )
    assert retention.prune_finished_tasks() == 1
    left = set(DBTaskResult.objects.values_list("id", flat=True))
    assert {str(i) for i in left} == {str(sent_today.id), str(waiting.id)}
