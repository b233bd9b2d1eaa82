"""Exports use the referral format with normalised values, for what an organisation may
see, and can never run as formulas in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from fraudhub.governance.models import AuditEvent
from fraudhub.intake.file_imports import import_referrals
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report
from fraudhub.tabular.escaping import escape_cell
from tests.factories import OrganisationFactory, hub, make_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dangerous", ["=1+1", "+44 1727", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_cells_are_escaped(dangerous: str) -> None:
    assert escape_cell(dangerous) == f"'{dangerous}"


def test_ordinary_cells_are_left_alone() -> None:
    assert escape_cell("Margaret O'Neill") == "Margaret O'Neill"
    assert escape_cell(None) == ""


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_has_normalised_values_quality_and_escaping(tmp_path: Path) -> None:
    partner = OrganisationFactory(slug="ts")
    make_report(
        organisation=partner,
        source=Report.Source.PARTNER_FORM,
        partner_reference='=HYPERLINK("http://x")',
        victim=PersonInput(first_name="Jean", postcode="al1 3ej", phone="01727 123456", age="81"),
        incident_date="05/03/2026",
        amount_lost="£1,250",
        identifiers=[IdentifierInput(kind="bank_account", value="00733445", sort_code="309950")],
    )
    make_report()  # the hub's own report: not the partner's to see
    call_command("export_reports", org="ts", out=str(tmp_path / "out.csv"))
    rows = read(tmp_path / "out.csv")
    assert len(rows) == 1
    row = rows[0]
    assert row["partner_reference"] == '\'=HYPERLINK("http://x")'
    assert row["victim_postcode"] == "AL1 3EJ"
    assert row["victim_phone"] == "'+441727123456"
    assert row["incident_date"] == "2026-03-05"
    assert row["amount_lost"] == "1250.00"
    assert row["suspect_bank_sort_code"] == "30-99-50" and row["suspect_bank_account"] == "00733445"
    assert row["reference"].startswith("FH-")
    assert int(row["data_quality_score"]) > 0
    assert AuditEvent.objects.filter(action="export").count() == 1


def test_the_hub_exports_everything_and_a_partner_can_reimport_its_export(tmp_path: Path) -> None:
    hub()
    for _ in range(3):
        make_report()
    call_command("export_reports", org="fraud-hub", out=str(tmp_path / "all.csv"))
    rows = read(tmp_path / "all.csv")
    assert len(rows) == 3
    with (tmp_path / "back.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for i, r in enumerate(rows):
            writer.writerow({**r, "partner_reference": f"BACK-{i}"})
    partner = OrganisationFactory(slug="police")
    run = import_referrals(path=tmp_path / "back.csv", organisation=partner)
    assert run.created == 3
    again = Report.objects.filter(source_organisation=partner).first()
    assert again is not None and again.victim is not None
    assert again.victim.phone == "+441727123456", "escaped phone numbers come back as they were"
