"""Rows that do not fit their file's header are quarantined saying why, never shifted,
merged or guessed at, and the rows around them are imported as usual: a comma that needed
quotes, a missing value, a quote that is never closed, and a byte that is not UTF-8. The
import says which encoding it read the file in."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from fraudhub.governance.models import Organisation
from fraudhub.intake.file_imports import import_referrals
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.reports.models import Person, Report
from fraudhub.tabular import generic_csv
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "partner_reference,received_date,description,victim_title,victim_first_name,"
    "victim_last_name,victim_address_line1,victim_town,victim_postcode,victim_phone,"
    "victim_date_of_birth"
)
GOOD = "TS-{n},05/11/2026,Roofers charged for work not done,Mrs,Edna,Smith,1 High St,Hitchin,SG4 9AA,01462 123456,03/02/1945"
SHIFTED = "TS-{n},05/11/2026,Courier took her bank cards,Ms Rita,70,Lane,Hatfield,AL10 9AB,01707 123456,12/06/1950"
# "Ms Rita, 70 Lane" typed with commas in a title and address: one value too many
UNQUOTED_COMMA = "TS-{n},05/11/2026,Courier took her bank cards,Ms,Rita,Jones,70, Lane,Hatfield,AL10 9AB,01707 123456,12/06/1950"


@pytest.fixture
def org() -> Organisation:
    return OrganisationFactory(slug="trading-standards", name="Trading Standards")


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join([HEADER, *lines]) + "\n").encode(encoding))
    return path


def good(n: int) -> str:
    return GOOD.format(n=n)


def totals(run: ImportRun) -> tuple[int, int, int]:
    assert run.created + run.updated + run.unchanged + run.quarantined == run.rows
    return run.rows, run.created, run.quarantined


# --- values in the wrong columns ---------------------------------------------------------


def test_a_row_with_one_value_too_many_is_quarantined_not_shifted(
    tmp_path: Path, org: Organisation
) -> None:
    lines = [good(1), UNQUOTED_COMMA.format(n=2), good(3)]
    run = import_referrals(path=write(tmp_path / "f.csv", lines), organisation=org)
    assert totals(run) == (3, 2, 1)
    assert sorted(Report.objects.values_list("partner_reference", flat=True)) == ["TS-1", "TS-3"]
    assert not Person.objects.filter(first_name="Rita").exists()
    row = QuarantinedRow.objects.get()
    assert row.row_number == 3
    assert row.reasons == [
        "This row has 12 values but the header has 11 columns, so its values may be in the "
        "wrong columns: a comma inside a value needs double quotes around that value, or the "
        "values after it move along a column"
    ]
    assert row.raw["victim_first_name"] == "Rita" and row.raw["column_12"] == "12/06/1950"


def test_a_row_with_a_value_missing_is_quarantined(tmp_path: Path, org: Organisation) -> None:
    short = "TS-2,05/11/2026,Courier took her bank cards,Ms,Rita,Jones,70 Lane,AL10 9AB"
    run = import_referrals(path=write(tmp_path / "f.csv", [short, good(3)]), organisation=org)
    assert totals(run) == (2, 1, 1)
    assert QuarantinedRow.objects.get().reasons == [
        "This row has 8 values but the header has 11 columns, so its values may be in the "
        "wrong columns: a value may be missing, or a line break inside a value needs double "
        "quotes around that value"
    ]


def test_a_semicolon_file_names_its_separator(tmp_path: Path, org: Organisation) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "partner_reference;received_date;description\nTS-1;05/11/2026;Caller; then a text\n"
    )
    run = import_referrals(path=path, organisation=org)
    assert totals(run) == (1, 0, 1)
    assert (
        "a semicolon inside a value needs double quotes" in QuarantinedRow.objects.get().reasons[0]
    )


def test_trailing_columns_without_names_may_be_left_off(tmp_path: Path, org: Organisation) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "partner_reference,received_date,description,,\n"
        "TS-1,05/11/2026,Caller\n"
        "TS-2,05/11/2026,Caller,,\n"
    )
    run = import_referrals(path=path, organisation=org)
    assert totals(run) == (2, 2, 0)


# --- quotes -------------------------------------------------------------------------------


def test_an_unclosed_quote_is_quarantined_and_the_rows_after_it_are_imported(
    tmp_path: Path, org: Organisation
) -> None:
    unclosed = 'TS-2,05/11/2026,"He said pay now,Mrs,Ann,Bell,2 Low Rd,Ware,SG12 0AA,01920 123456,01/01/1940'
    lines = [good(1), unclosed, good(3), good(4), good(5)]
    run = import_referrals(path=write(tmp_path / "f.csv", lines), organisation=org)
    assert totals(run) == (5, 4, 1)
    assert sorted(Report.objects.values_list("partner_reference", flat=True)) == [
        "TS-1",
        "TS-3",
        "TS-4",
        "TS-5",
    ]
    row = QuarantinedRow.objects.get()
    assert row.row_number == 3
    assert row.reasons[0].startswith(
        'This row has a double quote (") that opens a value but never closes it'
    )
    assert row.raw["partner_reference"] == "TS-2"
    assert row.raw["description"].startswith("He said pay now,Mrs,Ann")


def test_an_unclosed_quote_on_the_last_row_is_quarantined(
    tmp_path: Path, org: Organisation
) -> None:
    unclosed = 'TS-2,05/11/2026,"He said pay now'
    run = import_referrals(path=write(tmp_path / "f.csv", [good(1), unclosed]), organisation=org)
    assert totals(run) == (2, 1, 1)
    assert "never closes it" in QuarantinedRow.objects.get().reasons[0]


def test_a_stray_quote_closed_rows_later_does_not_swallow_the_rows_between(
    tmp_path: Path, org: Organisation
) -> None:
    opens = good(2).replace("Roofers charged", '"Roofers charged')
    closes = good(4).replace("Smith", 'Smith"')
    lines = [good(1), opens, good(3), closes, good(5)]
    run = import_referrals(path=write(tmp_path / "f.csv", lines), organisation=org)
    rows, created, quarantined = totals(run)
    assert rows == 5
    assert {"TS-1", "TS-3", "TS-5"} <= set(
        Report.objects.values_list("partner_reference", flat=True)
    )
    assert quarantined >= 1
    assert "never closes it" in QuarantinedRow.objects.get(row_number=3).reasons[0]


def test_quoted_values_over_several_lines_are_still_one_row(
    tmp_path: Path, org: Organisation
) -> None:
    multiline = good(2).replace(
        "Roofers charged for work not done",
        '"Roofers charged, then\nsaid more was due,\nand came back"',
    )
    run = import_referrals(
        path=write(tmp_path / "f.csv", [good(1), multiline, good(3)]), organisation=org
    )
    assert totals(run) == (3, 3, 0)
    assert Report.objects.get(partner_reference="TS-2").narrative == (
        "Roofers charged, then\nsaid more was due,\nand came back"
    )


def test_a_quote_that_runs_past_the_csv_field_limit_is_quarantined_not_fatal(
    tmp_path: Path, org: Organisation
) -> None:
    unclosed = 'TS-2,05/11/2026,"He said pay now'
    lines = [good(1), unclosed] + [good(n) for n in range(3, 1_503)]
    run = import_referrals(path=write(tmp_path / "f.csv", lines), organisation=org)
    assert run.status == ImportRun.Status.DONE
    assert totals(run) == (1_502, 1_501, 1)


# --- encodings ----------------------------------------------------------------------------


def test_one_bad_byte_in_a_utf8_file_keeps_the_rest_utf8_and_quarantines_its_row(
    tmp_path: Path, org: Organisation
) -> None:
    zoe = good(1).replace("Edna", "Zoë").encode("utf-8")
    bad = good(2).replace("Smith", "Sm\x00th").encode("utf-8").replace(b"\x00", b"\xe9")
    path = tmp_path / "f.csv"
    path.write_bytes(HEADER.encode() + b"\n" + zoe + b"\n" + bad + b"\n" + good(3).encode() + b"\n")
    run = import_referrals(path=path, organisation=org)
    assert run.encoding == ImportRun.Encoding.UTF8_DAMAGED
    assert totals(run) == (3, 2, 1)
    assert Person.objects.filter(first_name="Zoë").exists()
    assert not Person.objects.filter(first_name__contains="Ã").exists()
    row = QuarantinedRow.objects.get()
    assert row.raw["victim_last_name"] == "Sm\ufffdth"
    message = (
        "Victim last name has a character that could not be read, shown as �: the file has "
        "the byte E9 (‘é’ in Windows-1252) there, which is not UTF-8. Type the right "
        "character in its place"
    )
    assert row.reasons == [message]
    assert row.field_reasons == {"victim_last_name": [message]}


def test_a_whole_windows_1252_file_is_read_as_windows_1252(
    tmp_path: Path, org: Organisation
) -> None:
    path = write(
        tmp_path / "f.csv",
        [good(1).replace("Edna", "Zoë").replace("Roofers", "£400 roofers")],
        "cp1252",
    )
    run = import_referrals(path=path, organisation=org)
    assert run.encoding == ImportRun.Encoding.WINDOWS_1252
    assert totals(run) == (1, 1, 0)
    assert Person.objects.get().first_name == "Zoë"


def test_a_file_with_a_byte_windows_1252_leaves_undefined_is_not_read_as_it(
    tmp_path: Path, org: Organisation
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(
        (HEADER + "\n" + good(1) + "\n").encode()
        + good(2).encode().replace(b"Edna", b"Ed\x81na")
        + b"\n"
    )
    run = import_referrals(path=path, organisation=org)
    assert run.encoding == ImportRun.Encoding.UTF8_DAMAGED
    assert totals(run) == (2, 1, 1)


def test_utf8_files_say_so(tmp_path: Path, org: Organisation) -> None:
    run = import_referrals(path=write(tmp_path / "f.csv", [good(1)]), organisation=org)
    assert run.encoding == ImportRun.Encoding.UTF8


def test_the_command_says_which_encoding_it_used(tmp_path: Path, org: Organisation, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "f.csv", [good(1).replace("Edna", "Zoë")], "cp1252")
    call_command("import_referrals", str(path), org=org.slug)
    assert "Read as Windows-1252 (the file is not UTF-8)" in capsys.readouterr().err


def test_a_character_split_across_the_checked_chunks_is_still_utf8(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    start = (HEADER + "\n").encode()
    prefix = (
        start
        + b"TS-1,05/11/2026,x\n" * ((generic_csv.CHUNK - len(start)) // 18 - 2)
        + b"TS-2,05/11/2026,"
    )
    padding = b"y" * (generic_csv.CHUNK - len(prefix) - 1)
    path.write_bytes(prefix + padding + "ë".encode() + b"\n")
    assert path.read_bytes()[generic_csv.CHUNK - 1 : generic_csv.CHUNK + 1] == "ë".encode()
    assert generic_csv.detect_encoding(path).name == generic_csv.UTF8


# --- dates no one could have received a referral on ---------------------------------------


@pytest.mark.parametrize(
    ("sent", "reason"),
    [
        ("05/01/2099", "received_date '05/01/2099' is in the future: check the year"),
        ("9999-12-31", "received_date '9999-12-31' is in the future: check the year"),
        ("01/01/1901", "received_date '01/01/1901' is before 2000: check the year"),
    ],
)
def test_a_received_date_in_the_future_or_absurd_is_quarantined(
    tmp_path: Path, org: Organisation, sent: str, reason: str
) -> None:
    lines = [good(1), good(2).replace("05/11/2026", sent)]
    run = import_referrals(path=write(tmp_path / "f.csv", lines), organisation=org)
    assert totals(run) == (2, 1, 1)
    row = QuarantinedRow.objects.get()
    assert row.reasons == [reason]
    assert row.raw["received_date"] == sent
