"""A reference typed any way is read as the stored reference, and nothing else is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.reports.references import read_reference


@pytest.mark.parametrize(
    "typed", ["FH-2026-000299", "fh-2026-000299", " FH 2026 299 ", "FH2026000299", "fh.2026/299"]
)
def test_a_reference_typed_any_way_is_read(typed: str) -> None:
    assert read_reference(typed) == "FH-2026-000299"


@pytest.mark.parametrize(
    "typed", ["020 7946 0123", "2026-000299", "FH-26-000299", "FH-2026-0002999", "Margaret", ""]
)
def test_anything_else_is_not_a_reference(typed: str) -> None:
    assert read_reference(typed) is None


@given(year=st.integers(2000, 2099), number=st.integers(1, 999_999))
def test_every_stored_reference_reads_as_itself(year: int, number: int) -> None:
    stored = f"FH-{year}-{number:06d}"
    assert read_reference(stored) == stored


@pytest.mark.django_db
def test_a_reference_typed_without_hyphens_tracks_the_report() -> None:
    from fraudhub.reports.selectors import report_for_tracking
    from tests.factories import make_report

    report = make_report().report
    year, number = report.reference.split("-")[1:]
    found = report_for_tracking(f"fh{year}{number}", postcode="AL1 3EJ")
    assert found is not None and found.pk == report.pk
