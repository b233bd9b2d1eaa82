"""Partner referral files: every row becomes a report or a quarantined row, nothing is
lost, and sending the same file again changes nothing."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.intake.file_imports import import_referrals
from fraudhub.intake.models import ImportRun, QuarantinedRow, ValueMapping
from fraudhub.reports.models import Person, Report, ScamType
from tests.factories import OrganisationFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db

HEADER = [
    "partner_reference",
    "received_date",
    "incident_date",
    "scam_type",
    "contact_method",
    "description",
    "amount_lost",
    "victim_first_name",
    "victim_last_name",
    "victim_age",
    "victim_postcode",
    "victim_phone",
    "suspect_phone",
    "suspect_website",
    "consent_to_contact",
]
GOOD = [
    "TS-1",
    "05/11/2026",
    "01/11/2026",
    "Doorstep crime",
    "Door",
    "Roofers charged £4,000",
    "£4,000",
    "Edna",
    "Smith",
    "84",
    "sg1 2ab",
    "01438 123456",
    "07400 123456",
    "www.roof-fix.co.uk",
    "yes",
]


@pytest.fixture
def org() -> Organisation:
    return OrganisationFactory(slug="trading-standards", name="Trading Standards")


def write_csv(
    path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row(**changes: str) -> list[str]:
    values = dict(zip(HEADER, GOOD, strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def test_a_good_row_becomes_a_normalised_report(tmp_path: Path, org: Organisation) -> None:
    run = import_referrals(path=write_csv(tmp_path / "f.csv", [GOOD]), organisation=org)
    assert run.summary() == {
        "rows": 1,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "quarantined": 0,
        "warnings": 0,
    }
    report = Report.objects.get()
    assert (report.partner_reference, report.source, report.source_organisation) == (
        "TS-1",
        "partner_file",
        org,
    )
    assert report.scam_type is not None and report.scam_type.slug == "rogue_trader"
    assert report.contact_method is not None and report.contact_method.slug == "doorstep"
    assert str(report.amount_lost) == "4000.00"
    victim = report.persons.get(role=Person.Role.VICTIM)
    assert (victim.postcode, victim.phone, victim.age_at_incident, victim.consent_to_contact) == (
        "SG1 2AB",
        "+441438123456",
        84,
        True,
    )
    assert {(i.kind, i.normalised) for i in report.identifiers.all()} == {
        ("phone", "+447400123456"),
        ("website", "roof-fix.co.uk"),
    }
    assert AuditEvent.objects.filter(action="create", object_id=str(report.pk)).exists()
    assert run.status == ImportRun.Status.DONE


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"partner_reference": ""}, "no partner_reference"),
        ({"received_date": ""}, "no received_date"),
        (
            {"received_date": "next week"},
            "received_date 'next week' is not a date (use day/month/year)",
        ),
        (
            {"received_date": "31/02/2026"},
            "received_date '31/02/2026' is not a date (use day/month/year)",
        ),
        ({"description": "", "scam_type": ""}, "neither description nor scam_type"),
    ],
)
def test_rows_that_cannot_be_reports_are_quarantined_with_the_reason(
    tmp_path: Path, org: Organisation, changes: dict[str, str], reason: str
) -> None:
    run = import_referrals(
        path=write_csv(tmp_path / "f.csv", [GOOD, row(**changes)]), organisation=org
    )
    assert (run.created, run.quarantined, run.rows) == (1, 1, 2)
    held = QuarantinedRow.objects.get()
    assert held.reasons == [reason]
    assert (held.row_number, held.filename, held.status) == (3, "f.csv", "open")
    assert held.raw["victim_first_name"] == "Edna", "the raw row is kept whole"


def test_everything_else_wrong_is_accepted_and_flagged(tmp_path: Path, org: Organisation) -> None:
    messy = row(
        partner_reference="TS-9",
        victim_postcode="AL1",
        victim_phone="ring after 6",
        victim_age="",
        amount_lost="lots",
        consent_to_contact="maybe",
    )
    run = import_referrals(path=write_csv(tmp_path / "f.csv", [messy]), organisation=org)
    assert run.created == 1
    report = Report.objects.get()
    for issue in (
        "postcode AL1 is incomplete",
        "no age",
        "lots is not an amount of money",
        "consent_to_contact 'maybe' is not yes or no",
    ):
        assert issue in report.quality_issues
    victim = report.victim
    assert victim is not None and victim.phone_raw == "ring after 6"


def test_utf8_with_byte_order_mark(tmp_path: Path, org: Organisation) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [row(victim_first_name="Zoë", description="Lost £250")],
        encoding="utf-8-sig",
    )
    import_referrals(path=path, organisation=org)
    report = Report.objects.get()
    assert report.narrative == "Lost £250"
    assert report.victim is not None and report.victim.first_name == "Zoë"


def test_windows_1252_with_pound_signs_and_accents(tmp_path: Path, org: Organisation) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [
            row(
                victim_first_name="Renée",
                victim_last_name="Ó Súilleabháin",
                amount_lost="£1,250.00",
            )
        ],
        encoding="cp1252",
    )
    import_referrals(path=path, organisation=org)
    report = Report.objects.get()
    assert str(report.amount_lost) == "1250.00"
    assert report.victim is not None
    assert (report.victim.first_name, report.victim.last_name) == ("Renée", "Ó Súilleabháin")


def test_quoted_fields_may_hold_newlines(tmp_path: Path, org: Organisation) -> None:
    path = write_csv(
        tmp_path / "f.csv",
        [row(description="Line one\nLine two, with a comma"), row(partner_reference="TS-2")],
    )
    run = import_referrals(path=path, organisation=org)
    assert run.created == 2
    assert (
        Report.objects.get(partner_reference="TS-1").narrative == "Line one\nLine two, with a comma"
    )


def test_headers_in_any_case_and_order_and_unknown_columns_kept(
    tmp_path: Path, org: Organisation
) -> None:
    header = [h.upper() for h in reversed(HEADER)] + ["Officer In Charge"]
    path = write_csv(tmp_path / "f.csv", [list(reversed(GOOD)) + ["PC Jones"]], header=header)
    run = import_referrals(path=path, organisation=org)
    assert run.created == 1
    assert run.warnings == 1
    assert run.warning_messages == [
        {"row": 1, "message": "unknown column 'officer_in_charge' kept as extra data"}
    ]
    assert Report.objects.get().extra == {"columns": {"officer_in_charge": "PC Jones"}}


def test_unmapped_wording_becomes_other_with_a_warning_until_mapped(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(tmp_path / "f.csv", [row(scam_type="Wizard scam")])
    run = import_referrals(path=path, organisation=org)
    report = Report.objects.get()
    assert report.scam_type is not None and report.scam_type.slug == "other"
    assert run.warning_messages == [
        {
            "row": 2,
            "message": "scam_type 'Wizard scam' is not in the mapping table: recorded as other",
        }
    ]
    ValueMapping.objects.create(
        kind="scam_type",
        text="Wizard Scam",
        organisation=org,
        scam_type=ScamType.objects.get(slug="clairvoyant"),
    )
    import_referrals(
        path=write_csv(
            tmp_path / "g.csv", [row(partner_reference="TS-2", scam_type="WIZARD-scam")]
        ),
        organisation=org,
    )
    later = Report.objects.get(partner_reference="TS-2")
    assert later.scam_type is not None and later.scam_type.slug == "clairvoyant"


def test_reimporting_the_same_file_creates_nothing(tmp_path: Path, org: Organisation) -> None:
    path = write_csv(
        tmp_path / "f.csv", [GOOD, row(partner_reference="TS-2"), row(partner_reference="")]
    )
    import_referrals(path=path, organisation=org)
    again = import_referrals(path=path, organisation=org)
    assert again.summary() == {
        "rows": 3,
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "quarantined": 1,
        "warnings": 0,
    }
    assert Report.objects.count() == 2
    assert QuarantinedRow.objects.count() == 1


def test_the_same_reference_from_another_partner_is_another_report(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(tmp_path / "f.csv", [GOOD])
    import_referrals(path=path, organisation=org)
    import_referrals(path=path, organisation=OrganisationFactory(slug="police"))
    assert Report.objects.count() == 2


def test_a_changed_row_updates_its_report_and_the_change_is_audited(
    tmp_path: Path, org: Organisation
) -> None:
    import_referrals(path=write_csv(tmp_path / "f.csv", [GOOD]), organisation=org)
    report = Report.objects.get()
    changed = row(victim_age="85", suspect_website="roof-repairs.com", amount_lost="£4,500")
    run = import_referrals(path=write_csv(tmp_path / "g.csv", [changed]), organisation=org)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 0)
    report.refresh_from_db()
    assert str(report.amount_lost) == "4500.00"
    assert report.victim is not None and report.victim.age_at_incident == 85
    assert report.identifiers.filter(kind="website", normalised="roof-repairs.com").exists()
    assert not report.identifiers.filter(normalised="roof-fix.co.uk").exists()
    event = AuditEvent.objects.get(action="change", object_id=str(report.pk))
    assert (
        "amount_lost" in event.detail["changed"]
        and "victim.age_at_incident" in event.detail["changed"]
    )


def test_a_reference_repeated_within_one_file_is_one_report(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(tmp_path / "f.csv", [GOOD, GOOD, row(amount_lost="£5,000")])
    run = import_referrals(path=path, organisation=org)
    assert (run.rows, run.created, run.unchanged, run.updated) == (3, 1, 2, 0)
    assert run.warning_messages[0] == {
        "row": 2,
        "message": "partner_reference TS-1 is sent again at row 4: that later row is used",
    }
    assert str(Report.objects.get().amount_lost) == "5000.00"
    again = import_referrals(path=path, organisation=org)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3), "no churn on re-import"


def test_excel_workbooks_in_the_same_layout(tmp_path: Path, org: Organisation) -> None:
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    values: list[object] = list(GOOD)
    values[1] = datetime(2026, 11, 5)  # Excel dates arrive as dates
    values[9] = 84  # and numbers as numbers
    sheet.append(values)
    sheet.append([None] * len(HEADER))
    path = tmp_path / "f.xlsx"
    book.save(path)
    run = import_referrals(path=path, organisation=org)
    assert run.summary()["created"] == 1
    report = Report.objects.get()
    assert str(report.received_date) == "2026-11-05"
    assert report.victim is not None and report.victim.age_at_incident == 84


def test_a_file_that_is_not_a_referral_file_says_so(tmp_path: Path, org: Organisation) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(b"not really a workbook")
    with pytest.raises(CommandError, match="could not be opened as an Excel workbook"):
        call_command("import_referrals", str(path), org=org.slug)
    empty = tmp_path / "e.csv"
    empty.write_text("")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_referrals", str(empty), org=org.slug)


def test_command_prints_a_json_summary_last(tmp_path: Path, org: Organisation, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command(
        "import_referrals",
        str(write_csv(tmp_path / "f.csv", [GOOD, row(partner_reference="")])),
        org=org.slug,
    )
    last = capsys.readouterr().out.strip().splitlines()[-1]
    summary = json.loads(last)
    assert list(summary) == ["rows", "created", "updated", "unchanged", "quarantined", "warnings"]
    assert (
        summary["created"] + summary["updated"] + summary["unchanged"] + summary["quarantined"]
        == summary["rows"]
        == 2
    )


def test_unknown_organisation_lists_the_known_ones(tmp_path: Path, org: Organisation) -> None:
    with pytest.raises(
        CommandError,
        match="No organisation with slug 'nope'. Known organisations: .*trading-standards",
    ):
        call_command("import_referrals", str(write_csv(tmp_path / "f.csv", [GOOD])), org="nope")


def test_add_organisation(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("add_organisation", "age-uk-herts", name="Age UK Hertfordshire", kind="charity")
    assert Organisation.objects.get(slug="age-uk-herts").kind == "charity"
    with pytest.raises(CommandError, match="already exists"):
        call_command("add_organisation", "age-uk-herts", name="Again", kind="charity")
    with pytest.raises(CommandError, match="is not a slug"):
        call_command("add_organisation", "Age UK", name="Bad", kind="charity")


def test_overlong_values_and_null_bytes_never_fail_a_batch(
    tmp_path: Path, org: Organisation
) -> None:
    long_postcode = "SG1 2AB " + "x" * 60
    rows = [
        row(victim_postcode=long_postcode, victim_first_name="A" * 150, description="Nul\x00 byte"),
        row(partner_reference="R" * 101),
        row(partner_reference="TS-2"),
    ]
    run = import_referrals(path=write_csv(tmp_path / "f.csv", rows), organisation=org)
    assert (run.created, run.quarantined) == (2, 1)
    report = Report.objects.get(partner_reference="TS-1")
    assert report.narrative == "Nul byte"
    assert report.extra["too_long"]["victim.first_name"] == "A" * 150
    assert report.extra["too_long"]["victim.postcode_raw"] == long_postcode
    assert (
        "victim first name was longer than 100 characters: kept in full in the extra data"
        in report.quality_issues
    )
    assert QuarantinedRow.objects.get().reasons == [
        "partner_reference is longer than 100 characters"
    ]


def test_a_doubled_quote_inside_a_quoted_field_is_one_quote(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(tmp_path / "f.csv", [row(description='He said "pay now", then hung up')])
    assert '"He said ""pay now"", then hung up"' in path.read_text()
    run = import_referrals(path=path, organisation=org)
    assert (run.created, run.warnings) == (1, 0)
    report = Report.objects.get()
    assert report.narrative == 'He said "pay now", then hung up'
    assert report.extra == {}


def test_semicolon_separated_files_keep_doubled_quotes(tmp_path: Path, org: Organisation) -> None:
    lines = [";".join(HEADER), ";".join(row(description="x")).replace(";x;", ';"a ""b""; c";')]
    path = tmp_path / "f.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = import_referrals(path=path, organisation=org)
    assert run.created == 1
    assert Report.objects.get().narrative == 'a "b"; c'


def test_a_run_left_running_by_a_killed_import_shows_as_interrupted_when_the_file_is_rerun(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(tmp_path / "f.csv", [GOOD])
    killed = ImportRun.objects.create(
        organisation=org, filename="f.csv", status=ImportRun.Status.RUNNING
    )
    other_file = ImportRun.objects.create(
        organisation=org, filename="other.csv", status=ImportRun.Status.RUNNING
    )
    other_partner = ImportRun.objects.create(
        organisation=OrganisationFactory(slug="police"),
        filename="f.csv",
        status=ImportRun.Status.RUNNING,
    )
    run = import_referrals(path=path, organisation=org)
    assert run.status == ImportRun.Status.DONE
    killed.refresh_from_db()
    assert killed.status == ImportRun.Status.INTERRUPTED
    assert "stopped before the end" in killed.error
    for untouched in (other_file, other_partner):
        untouched.refresh_from_db()
        assert untouched.status == ImportRun.Status.RUNNING


def test_an_interrupted_run_says_so_on_its_page(client, org: Organisation) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, staff_user("ts-user", role="Partner user", organisation=org))
    run = ImportRun.objects.create(
        organisation=org, filename="f.csv", status=ImportRun.Status.INTERRUPTED, error="Stopped."
    )
    page = client.get(f"/staff/imports/{run.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Stopped." in text and 'http-equiv="refresh"' not in text


def test_warnings_are_saved_while_few_and_at_the_end_counts_after_every_batch(
    tmp_path: Path, org: Organisation
) -> None:
    rows = [row(partner_reference=f"TS-{i}", scam_type=f"Odd {i}") for i in range(30)]
    seen: list[tuple[int, int, int]] = []

    def progress(run: ImportRun) -> None:
        stored = ImportRun.objects.get(pk=run.pk)
        seen.append((stored.rows, stored.warnings, len(stored.warning_messages)))

    run = import_referrals(
        path=write_csv(tmp_path / "f.csv", rows), organisation=org, batch_size=1, progress=progress
    )
    assert [rows for rows, _, _ in seen[:30]] == list(range(1, 31))
    assert [warnings for _, warnings, _ in seen[:30]] == list(range(1, 31))
    assert [kept for _, _, kept in seen[:30]] == list(range(1, 21)) + [20] * 10
    assert len(ImportRun.objects.get(pk=run.pk).warning_messages) == 30


def test_the_batch_lookup_of_existing_reports_fits_the_partial_unique_index(
    tmp_path: Path, org: Organisation
) -> None:
    """PostgreSQL uses the partial index on (organisation, partner_reference) for a long
    IN list only when the query itself leaves blank references out."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = [row(partner_reference=f"TS-{i}") for i in range(150)]
    with CaptureQueriesContext(connection) as queries:
        import_referrals(path=write_csv(tmp_path / "f.csv", rows), organisation=org)
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith('SELECT "reports_report"."id"') and "TS-149" in q["sql"]
    ]
    assert len(lookups) == 1
    assert 'NOT ("reports_report"."partner_reference" = \'\'' in lookups[0]
