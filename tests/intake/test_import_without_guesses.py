"""The issue's partner file: rows shifted by an unquoted comma and amounts that read two
ways. The shifted rows are quarantined and no amount is guessed; the rest are imported.
Run on SQLite and on PostgreSQL (which stores a batch with COPY)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fraudhub.governance.models import Organisation
from fraudhub.intake.file_imports import import_referrals
from fraudhub.intake.models import QuarantinedRow
from fraudhub.reports.models import Person, Report

pytestmark = pytest.mark.django_db

HEADER = "partner_reference,received_date,description,victim_title,victim_first_name,victim_address_line1,victim_postcode,victim_phone,amount_lost"
LINES = [
    'TS-1,05/11/2026,Courier took her cards,Mrs,Edna,1 High St,SG4 9AA,01462 123456,"£1,2,00"',
    "TS-2,05/11/2026,Caller said he was her bank,Mr,Alan,2 High St,SG4 9AB,01462 123457,12,50",
    "TS-3,05/11/2026,Bank transfer to a safe account,Ms,Sue,3 High St,SG4 9AD,01462 123458,£1.250",
    'TS-4,05/11/2026,Invoice changed,Mr,Bob,4 High St,SG4 9AE,01462 123459,"1.234,56"',
    'TS-5,05/11/2026,Roofers,Mrs,Jean,5 High St,SG4 9AF,01462 123450,"£4,000"',
    "TS-6,05/11/2026,Courier,Ms Rita,70, Lane,Hatfield,AL10 9AB,01707 123456,£300",
]


def test_shifted_rows_are_quarantined_and_no_amount_is_guessed(
    tmp_path: Path, org: Organisation
) -> None:
    path = tmp_path / "referrals.csv"
    path.write_text("\n".join([HEADER, *LINES]) + "\n", encoding="utf-8")
    run = import_referrals(path=path, organisation=org)
    # "12,50" unquoted is one value too many, as is the comma in "70, Lane".
    assert (run.rows, run.created, run.quarantined) == (6, 4, 2)
    assert sorted(QuarantinedRow.objects.values_list("row_number", flat=True)) == [3, 7]
    assert not Person.objects.filter(first_name__in=["Alan", "70"]).exists()
    stored = dict(Report.objects.values_list("partner_reference", "amount_lost"))
    assert stored == {"TS-1": None, "TS-3": None, "TS-4": None, "TS-5": pytest.approx(4000)}
    raw = dict(Report.objects.values_list("partner_reference", "amount_lost_raw"))
    assert (raw["TS-1"], raw["TS-3"], raw["TS-4"]) == ("£1,2,00", "£1.250", "1.234,56")
    for reference in ("TS-1", "TS-3", "TS-4"):
        issues = Report.objects.get(partner_reference=reference).quality_issues
        assert any("can be read as more than one amount" in i for i in issues)


def test_a_received_date_that_reads_in_any_order_is_quarantined_saying_so(
    tmp_path: Path, org: Organisation
) -> None:
    path = tmp_path / "referrals.csv"
    path.write_text("partner_reference,received_date,description\nTS-1,01/02/03,Caller\n")
    run = import_referrals(path=path, organisation=org)
    assert run.quarantined == 1
    row = QuarantinedRow.objects.get()
    assert row.reasons == [
        "received_date '01/02/03' can be read as more than one date: give the year in full"
    ]
