"""`fraudhub triage REFERENCE` prints the victim's triage as JSON."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fraudhub.casework.calendar import add_working_days
from fraudhub.casework.models import Case

from ..factories import make_report

pytestmark = pytest.mark.django_db


def run(reference: str) -> dict[str, object]:
    out = StringIO()
    call_command("triage", reference, stdout=out)
    return json.loads(out.getvalue())


def test_prints_level_due_and_reasons_as_json(hub_org) -> None:
    report = make_report(still_in_contact=True).report
    printed = run(report.reference)
    assert set(printed) == {"level", "due", "reasons"}
    case = Case.objects.get(reports=report)
    assert printed["level"] == case.level == 1
    assert printed["due"] == add_working_days(case.opened_on, 1).isoformat()
    assert printed["reasons"] == case.triage_reasons
    assert "The scammer is still in contact or still asking for money" in printed["reasons"]


def test_reference_is_matched_whatever_its_case_and_spacing(hub_org) -> None:
    report = make_report(amount_lost="").report
    printed = run(f"  {report.reference.lower()} ")
    assert printed["level"] == 2
    assert printed["reasons"] == ["Aged 78, 70 or older"]


def test_running_it_twice_opens_one_case(hub_org) -> None:
    report = make_report().report
    assert run(report.reference) == run(report.reference)
    assert Case.objects.count() == 1


def test_an_unknown_reference_is_an_error_naming_it(hub_org) -> None:
    with pytest.raises(CommandError, match="FH-2026-999999"):
        call_command("triage", "FH-2026-999999", stdout=StringIO())
    assert not Case.objects.exists()
