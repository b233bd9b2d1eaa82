"""The rule for a report about the same incident: same victim (name, and postcode, phone
or email), same kind of scam, within 7 days. Separate incidents are what the repeat-victim
rule counts."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fraudhub.reports.duplicates import (
    Incident,
    likely_duplicate_of,
    normalised_name,
    other_incident_dates,
    same_victim,
    separate_incidents,
)

DAY = date(2026, 12, 1)


def incident(report_id: int, days_later: int = 0, **changes: object) -> Incident:
    values: dict[str, object] = {
        "report_id": report_id,
        "received": DAY + timedelta(days=days_later),
        "scam_type": "courier",
        "first_name": "Margaret",
        "last_name": "Hughes",
        "postcode": "AL1 3EJ",
        "phone": "",
        "email": "",
    }
    values.update(changes)
    return Incident(**values)  # type: ignore[arg-type]


def test_same_victim_same_scam_within_7_days_is_a_likely_duplicate() -> None:
    first = incident(1)
    assert likely_duplicate_of(incident(2, 7), [first]) == first
    assert likely_duplicate_of(incident(2, 0, first_name=" MARGARET "), [first]) == first


def test_8_days_later_is_another_incident() -> None:
    assert likely_duplicate_of(incident(2, 8), [incident(1)]) is None


def test_another_kind_of_scam_is_another_incident() -> None:
    assert likely_duplicate_of(incident(2, 1, scam_type="romance"), [incident(1)]) is None


def test_a_name_alone_is_not_the_same_victim() -> None:
    assert not same_victim(incident(1), incident(2, postcode="SG1 2AB"))
    assert (
        same_victim(
            incident(1, postcode=""), incident(2, postcode="", email="m@example.com", phone="")
        )
        is False
    )
    assert same_victim(
        incident(1, postcode="", phone="+441727123456"),
        incident(2, postcode="", phone="+441727123456"),
    )


def test_an_earlier_report_is_never_a_duplicate_of_a_later_one() -> None:
    assert likely_duplicate_of(incident(1), [incident(2, 3)]) is None


def test_names_compare_without_case_accents_or_spacing() -> None:
    assert normalised_name("  Zoë   O'Neil ") == normalised_name("ZOE O'NEIL")


def test_a_duplicate_counts_as_the_same_incident_for_the_repeat_rule() -> None:
    reports = [incident(1), incident(2, 2)]
    assert other_incident_dates(reports, current=2) == ()
    assert other_incident_dates(reports, current=1) == ()


def test_separate_incidents_are_still_counted() -> None:
    reports = [incident(1), incident(2, 30), incident(3, 31, scam_type="romance")]
    assert other_incident_dates(reports, current=3) == (DAY, DAY + timedelta(days=30))


def test_a_report_marked_a_duplicate_joins_its_original_whatever_the_gap() -> None:
    reports = [incident(1), incident(2, 20, duplicate_of=1)]
    assert len(separate_incidents(reports)) == 1


@given(
    st.lists(
        st.tuples(st.integers(0, 60), st.sampled_from(["courier", "romance", ""])),
        min_size=1,
        max_size=8,
    )
)
def test_every_report_is_in_exactly_one_incident(items: list[tuple[int, str]]) -> None:
    reports = [incident(i + 1, days, scam_type=scam) for i, (days, scam) in enumerate(items)]
    groups = separate_incidents(reports)
    assert sorted(r.report_id for g in groups for r in g) == [r.report_id for r in reports]
    for current in reports:
        dates = other_incident_dates(reports, current=current.report_id)
        assert len(dates) == len(groups) - 1


def test_apostrophes_and_hyphens_do_not_make_another_name() -> None:
    assert (
        normalised_name("Mary O'Brien")
        == normalised_name("Mary OBrien")
        == normalised_name("mary o’brien")
        == normalised_name("Mary O Brien")
    )
    assert normalised_name("Anne Smith-Jones") == normalised_name("Anne Smith Jones")
    assert normalised_name("Mary O'Brien") != normalised_name("Mary Brien")
