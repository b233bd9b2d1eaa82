"""The data-quality score says, in plain words, what a report is missing."""

from dataclasses import replace

from fraudhub.reports.quality import QualityInput, assess

COMPLETE = QualityInput(
    has_scam_type=True,
    has_narrative=True,
    has_incident_date=True,
    victim_age_known=True,
    victim_postcode_ok=True,
    victim_postcode_typed=True,
    victim_contactable=True,
)


def test_a_complete_report_scores_100_with_no_issues() -> None:
    assert assess(COMPLETE).score == 100
    assert assess(COMPLETE).issues == ()


def test_missing_age_costs_most_and_is_named() -> None:
    result = assess(replace(COMPLETE, victim_age_known=False))
    assert result.issues == ("no age",)
    assert result.score == 80


def test_an_incomplete_postcode_is_named_as_typed() -> None:
    result = assess(
        replace(COMPLETE, victim_postcode_ok=False, postcode_issues=("postcode AL1 is incomplete",))
    )
    assert result.issues == ("postcode AL1 is incomplete",)
    assert result.score == 90


def test_no_postcode_differs_from_a_bad_one() -> None:
    result = assess(replace(COMPLETE, victim_postcode_typed=False, victim_postcode_ok=False))
    assert result.issues == ("no postcode",)


def test_field_problems_are_listed_once_each() -> None:
    result = assess(replace(COMPLETE, field_issues=("phone: premium-rate number",) * 2))
    assert result.issues == ("phone: premium-rate number",)
    assert result.score == 95


def test_score_never_goes_below_zero() -> None:
    empty = QualityInput(
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        field_issues=tuple(f"x{i}" for i in range(30)),
    )
    assert assess(empty).score == 0
