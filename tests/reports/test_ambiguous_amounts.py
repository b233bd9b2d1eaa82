"""The issue's amounts: each read two ways, so each is stored as typed and flagged, with
no amount for triage or the figures to add up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "once_stored_as"),
    [("£1,2,00", "1200.00"), ("12,50", "1250.00"), ("£1.250", "1.25")],
)
def test_an_amount_that_reads_two_ways_is_kept_as_typed_and_flagged_not_stored(
    typed: str, once_stored_as: str
) -> None:
    report = make_report(amount_lost=typed).report
    report.refresh_from_db()
    assert report.amount_lost is None  # once it was once_stored_as, silently
    assert report.amount_lost_raw == typed
    assert (
        f"{typed} can be read as more than one amount: kept as typed, not as pounds"
        in report.quality_issues
    )


def test_an_amount_written_the_uk_way_is_stored_in_pounds_and_pence() -> None:
    report = make_report(amount_lost="£4,000").report
    report.refresh_from_db()
    assert str(report.amount_lost) == "4000.00"
    assert report.amount_lost_raw == "£4,000"
    assert not [i for i in report.quality_issues if "amount" in i]


def test_triage_never_adds_up_an_amount_that_reads_two_ways(hub_org) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: "£1,2,00" (the description said £1.45) beside a £1.45 report was
    triaged as a £1,201.45 loss."""
    from fraudhub.casework.services import facts_for, triage_reports

    first = make_report(amount_lost="£1.45").report
    second = make_report(amount_lost="£1,2,00").report
    cases = triage_reports(report_ids=[first.pk, second.pk])
    assert len({c.pk for c in cases}) == 1  # the same victim: one case
    assert facts_for(cases[0]).amount_lost == Decimal("1.45")
