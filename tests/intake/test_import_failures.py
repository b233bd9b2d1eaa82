"""However an import goes wrong, it ends: a damaged workbook, one with no sheets, a zip
bomb, an error in the hub itself, a worker stopped or killed part-way. Each ends failed
(or is retried) with a message saying what happened and what to do, never "running" or
"waiting to start" forever, and the reports stored before it stopped are kept."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from fraudhub.governance.models import Organisation
from fraudhub.intake import file_imports, tasks
from fraudhub.intake.file_imports import ImportFailed, import_referrals, recover_stale_imports
from fraudhub.intake.models import ImportRun
from fraudhub.reports.models import Report
from fraudhub.tabular import UnreadableFile, xlsx
from tests.factories import OrganisationFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db

ROWS = [
    ["partner_reference", "received_date", "description"],
    ["TS-1", "05/11/2026", "Roofers charged for work not done"],
    ["TS-2", "06/11/2026", "A courier took her bank cards"],
]
CSV = "".join(",".join(r) + "\n" for r in ROWS).encode()


@pytest.fixture
def org() -> Organisation:
    return OrganisationFactory(slug="trading-standards", name="Trading Standards")


def workbook_bytes(rows: list[list[str]] = ROWS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(original: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The workbook with some parts replaced (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename in replace:
                data = replace[item.filename]
                if data is not None:
                    target.writestr(item.filename, data, zipfile.ZIP_DEFLATED)
            else:
                target.writestr(item, source.read(item.filename))
        for name, data in replace.items():
            if name not in source.namelist() and data is not None:
                target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def bomb(size: int = 100 << 20) -> bytes:
    """A real workbook whose sheet is followed by `size` bytes of spaces: about 1,000
    times smaller compressed, as a zip bomb is."""
    sheet = zipfile.ZipFile(io.BytesIO(workbook_bytes())).read("xl/worksheets/sheet1.xml")
    out = io.BytesIO()
    original = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in original.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with target.open(item.filename, "w", force_zip64=False) as part:
                    part.write(sheet)
                    chunk = b" " * (1 << 20)
                    for _ in range(size // len(chunk)):
                        part.write(chunk)
            else:
                target.writestr(item, original.read(item.filename))
    return out.getvalue()


def write(tmp_path: Path, content: bytes, name: str = "referrals.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def failed_with(run: ImportRun, *phrases: str) -> None:
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.finished_at is not None
    for phrase in phrases:
        assert phrase in run.error


# --- damaged workbooks ---------------------------------------------------------------------


def damaged_sheet(rows: int = 300) -> bytes:
    """A workbook whose sheet XML is cut off part-way through its rows."""
    original = workbook_bytes(ROWS[:1] + [["TS-x", "05/11/2026", "Roofers"]] * rows)
    sheet = zipfile.ZipFile(io.BytesIO(original)).read("xl/worksheets/sheet1.xml")
    return rezip(original, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) * 2 // 3]})


def test_a_workbook_whose_sheet_xml_breaks_part_way_ends_failed(
    tmp_path: Path, org: Organisation
) -> None:
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, damaged_sheet()), organisation=org, run=run)
    failed_with(run, "The workbook's first sheet could not be read after row", "as CSV")


def test_a_workbook_whose_xml_is_damaged_at_once_ends_failed(
    tmp_path: Path, org: Organisation
) -> None:
    damaged = rezip(
        workbook_bytes(), {"xl/worksheets/sheet1.xml": b'<worksheet><sheetData><row r="1"><c'}
    )
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, damaged), organisation=org, run=run)
    failed_with(run, "could not be opened as an Excel workbook: unclosed token")


def test_a_workbook_with_no_sheets_ends_failed(tmp_path: Path, org: Organisation) -> None:
    original = workbook_bytes()
    workbook_xml = zipfile.ZipFile(io.BytesIO(original)).read("xl/workbook.xml").decode()
    start, end = workbook_xml.index("<sheets>"), workbook_xml.index("</sheets>") + len("</sheets>")
    no_sheets = rezip(
        original, {"xl/workbook.xml": (workbook_xml[:start] + workbook_xml[end:]).encode()}
    )
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, no_sheets), organisation=org, run=run)
    failed_with(run, "This workbook has no sheets to read")


def test_a_workbook_missing_a_part_ends_failed(tmp_path: Path, org: Organisation) -> None:
    missing = rezip(workbook_bytes(), {"xl/workbook.xml": None})
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, missing), organisation=org, run=run)
    failed_with(run, "could not be opened as an Excel workbook")


# --- zip bombs -------------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_anything_is_decompressed(
    tmp_path: Path, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = bomb()
    assert len(content) < 200_000  # 100 MB of sheet in under 200 kB
    opened: list[Any] = []
    monkeypatch.setattr(xlsx, "load_workbook", lambda *a, **k: opened.append(a))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: opened.append(a))
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, content), organisation=org, run=run)
    assert opened == []
    failed_with(
        run,
        "Part xl/worksheets/sheet1.xml of this workbook is",
        "would take 100 MB once decompressed",
        "was not imported",
    )


def test_a_workbook_too_large_once_decompressed_is_refused(
    tmp_path: Path, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(UnreadableFile, match="more than the 0 MB an import reads"):
        import_referrals(path=write(tmp_path, workbook_bytes(ROWS * 300)), organisation=org)


def test_a_workbook_of_a_thousand_parts_is_refused(tmp_path: Path, org: Organisation) -> None:
    many = rezip(workbook_bytes(), {f"xl/media/image{n}.png": b"x" for n in range(1_001)})
    with pytest.raises(UnreadableFile, match="has 1,010 parts in it"):
        import_referrals(path=write(tmp_path, many), organisation=org)


def test_a_part_that_is_larger_than_it_declares_is_not_read_past_its_size(
    tmp_path: Path, org: Organisation
) -> None:
    content = bytearray(bomb(20 << 20))
    entry = content.index(b"PK\x01\x02")
    while True:  # the directory entry of the sheet: declare it 2,000 bytes decompressed
        name_length = struct.unpack("<H", content[entry + 28 : entry + 30])[0]
        if content[entry + 46 : entry + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            break
        entry = content.index(b"PK\x01\x02", entry + 4)
    content[entry + 24 : entry + 28] = struct.pack("<I", 2_000)
    run = ImportRun.objects.create(organisation=org, filename="referrals.xlsx")
    with pytest.raises(UnreadableFile):
        import_referrals(path=write(tmp_path, bytes(content)), organisation=org, run=run)
    failed_with(run, "Bad CRC-32 for file 'xl/worksheets/sheet1.xml'")


def test_an_ordinary_workbook_passes_the_checks(tmp_path: Path, org: Organisation) -> None:
    run = import_referrals(path=write(tmp_path, workbook_bytes()), organisation=org)
    assert (run.status, run.created, run.encoding) == (ImportRun.Status.DONE, 2, "xlsx")


# --- errors that are not the file's ----------------------------------------------------------


def test_an_unexpected_error_ends_the_import_failed_and_keeps_earlier_batches(
    tmp_path: Path, org: Organisation, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    real = file_imports._import_batch
    batches: list[int] = []

    def second_batch_breaks(batch: Any, **kwargs: Any) -> None:
        batches.append(len(batch))
        if len(batches) == 2:
            raise RuntimeError("Margaret Hughes of AL1 3EJ")  # an error quoting personal data
        real(batch, **kwargs)

    monkeypatch.setattr(file_imports, "_import_batch", second_batch_breaks)
    run = ImportRun.objects.create(organisation=org, filename="f.csv")
    with pytest.raises(ImportFailed):
        import_referrals(
            path=write(tmp_path, CSV, "f.csv"), organisation=org, run=run, batch_size=1
        )
    failed_with(
        run,
        "The import stopped after 1 rows because of an unexpected error in the hub",
        f"import {run.pk} failed",
    )
    assert list(Report.objects.values_list("partner_reference", flat=True)) == ["TS-1"]
    assert "RuntimeError" in caplog.text and "Margaret" not in caplog.text


def test_the_command_reports_an_unexpected_error_in_plain_words(
    tmp_path: Path, org: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_imports, "_import_batch", lambda *a, **k: 1 / 0)
    with pytest.raises(CommandError, match="unexpected error in the hub, not in your file"):
        call_command("import_referrals", str(write(tmp_path, CSV, "f.csv")), org=org.slug)
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


# --- through the browser and the worker ------------------------------------------------------


@pytest.fixture
def partner_client(client: Client, org: Organisation, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, staff_user("ts", role="Partner user", organisation=org))
    return client


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (damaged_sheet, "The workbook&#x27;s first sheet could not be read after row"),
        (bomb, "This is how a file made to exhaust a server&#x27;s memory looks"),
    ],
    ids=["damaged sheet", "zip bomb"],
)
def test_an_upload_that_fails_says_why_on_its_page_and_stops_refreshing(
    partner_client: Client,
    django_capture_on_commit_callbacks: Any,
    content: Callable[[], bytes],
    message: str,
) -> None:
    upload = SimpleUploadedFile("referrals.xlsx", content())
    with django_capture_on_commit_callbacks(execute=True):
        response = partner_client.post(reverse("intake:imports"), {"file": upload})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED
    page = partner_client.get(response["Location"]).content.decode()
    assert "The file could not be imported" in page and message in page
    assert 'http-equiv="refresh"' not in page


def test_an_upload_the_hub_fails_on_says_so_and_ends_failed(
    partner_client: Client, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_imports, "_import_batch", lambda *a, **k: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("intake:imports"), {"file": SimpleUploadedFile("f.csv", CSV, "text/csv")}
        )
    failed_with(ImportRun.objects.get(), "unexpected error in the hub")


def test_a_worker_stopped_part_way_queues_the_upload_again(
    partner_client: Client, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = file_imports._import_batch
    calls: list[int] = []

    def stopped_once(batch: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise SystemExit(1)  # the worker told to stop at once
        real(batch, **kwargs)

    monkeypatch.setattr(file_imports, "_import_batch", stopped_once)
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            reverse("intake:imports"), {"file": SimpleUploadedFile("f.csv", CSV, "text/csv")}
        )
    run = ImportRun.objects.get()
    # queued again, and the test's tasks run at once, so it has already run to the end
    assert (run.status, run.attempts, run.created) == (ImportRun.Status.DONE, 2, 2)


# --- a worker killed part-way ----------------------------------------------------------------


def killed_run(
    org: Organisation, path: Path | None, attempts: int = 1, minutes: int = 11
) -> ImportRun:
    """A run a killed worker left behind: running, its last progress saved long ago."""
    return ImportRun.objects.create(
        organisation=org,
        filename="referrals.csv",
        stored_path=str(path or ""),
        status=ImportRun.Status.RUNNING,
        attempts=attempts,
        rows=500,
        heartbeat_at=timezone.now() - timedelta(minutes=minutes),
    )


def test_an_upload_left_running_by_a_killed_worker_is_run_again_when_its_page_is_seen(
    partner_client: Client,
    org: Organisation,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    run = killed_run(org, write(tmp_path, CSV, "stored.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        page = partner_client.get(reverse("intake:import_detail", args=[run.pk]))
    assert page.status_code == 200
    run.refresh_from_db()
    assert (run.status, run.attempts, run.created) == (ImportRun.Status.DONE, 2, 2)
    finished = partner_client.get(reverse("intake:import_detail", args=[run.pk])).content.decode()
    assert "This import stopped part-way, so it was started again (2 times in all)" in finished


def test_a_run_still_saving_progress_is_left_alone(org: Organisation, tmp_path: Path) -> None:
    run = killed_run(org, write(tmp_path, CSV, "stored.csv"), minutes=2)
    assert recover_stale_imports() == 0
    run.refresh_from_db()
    assert run.status == ImportRun.Status.RUNNING


def test_an_upload_that_stopped_three_times_is_failed_with_a_message(
    partner_client: Client, org: Organisation, tmp_path: Path
) -> None:
    run = killed_run(org, write(tmp_path, CSV, "stored.csv"), attempts=3)
    page = partner_client.get(reverse("intake:imports")).content.decode()
    failed_with(run, "This import stopped part-way 3 times, so it is not tried again")
    assert "Could not be imported" in page


def test_a_command_line_import_left_running_is_marked_interrupted(org: Organisation) -> None:
    run = killed_run(org, None)
    assert recover_stale_imports() == 1
    run.refresh_from_db()
    assert run.status == ImportRun.Status.INTERRUPTED
    assert "nothing was heard from it for 10 minutes" in run.error


def test_the_worker_deals_with_killed_runs_before_its_next_import(
    org: Organisation, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    killed = killed_run(org, None)
    path = write(tmp_path, CSV, "next.csv")
    run = ImportRun.objects.create(organisation=org, filename="next.csv", stored_path=str(path))
    tasks.run_import.call(run.pk)
    killed.refresh_from_db()
    assert killed.status == ImportRun.Status.INTERRUPTED
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE


def test_an_older_attempt_that_wakes_up_stops_without_overwriting_the_newer(
    org: Organisation, tmp_path: Path
) -> None:
    run = ImportRun.objects.create(organisation=org, filename="f.csv")
    seen: list[int] = []

    def overtaken(current: ImportRun) -> None:
        if not seen:  # after the first batch, a newer attempt takes the run over
            ImportRun.objects.filter(pk=current.pk).update(attempts=5, status="queued")
        seen.append(current.rows)

    result = import_referrals(
        path=write(tmp_path, CSV, "f.csv"),
        organisation=org,
        run=run,
        batch_size=1,
        progress=overtaken,
    )
    assert seen == [1]
    assert (result.status, result.attempts) == (ImportRun.Status.QUEUED, 5)


def test_a_file_that_is_not_a_referral_file_ends_failed_saying_so(
    tmp_path: Path, org: Organisation
) -> None:
    # A partner picks the wrong file: a note, not a referral list. "0 rows read" under
    # "Import finished" would look like success.
    path = tmp_path / "notes.txt"
    path.write_text("hello world\nplease call Mrs Hughes back\n", encoding="utf-8")
    run = ImportRun.objects.create(organisation=org, filename="notes.txt")
    with pytest.raises(UnreadableFile):
        import_referrals(path=path, organisation=org, run=run)
    failed_with(run, "names none of the referral file's columns", "download the template")
    assert not Report.objects.exists()


def test_a_one_line_file_that_is_not_a_referral_file_ends_failed_too(
    tmp_path: Path, org: Organisation
) -> None:
    path = tmp_path / "hello.txt"
    path.write_text("hello world\n", encoding="utf-8")
    run = ImportRun.objects.create(organisation=org, filename="hello.txt")
    with pytest.raises(UnreadableFile):
        import_referrals(path=path, organisation=org, run=run)
    failed_with(run, "names none of the referral file's columns")
