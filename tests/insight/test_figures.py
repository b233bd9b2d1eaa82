"""The rules behind the analysts' figures: age bands, the jump rule, losses in pounds,
victims counted once, small counts hidden, and partners seeing only their own reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fraudhub.insight import figures as f
from fraudhub.insight import selectors
from fraudhub.reports.ages import LABELS as AGE_LABELS
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report

PLACES = {
    "AL1": f.Place("AL1", "St Albans", 51.746, -0.327, "St Albans"),
    "AL5": f.Place("AL5", "St Albans", 51.816, -0.356, "Harpenden"),
    "SG1": f.Place("SG1", "Stevenage", 51.908, -0.203, "Stevenage"),
}


def _row(**values: object) -> f.ReportRow:
    defaults: dict[str, object] = {"received_date": date(2026, 11, 2), "has_victim": True}
    defaults.update(values)
    return f.ReportRow(**defaults)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, "Not known"),
        (0, "Under 18"),
        (17, "Under 18"),
        (18, "18 to 25"),
        (25, "18 to 25"),
        (26, "26 to 39"),
        (39, "26 to 39"),
        (40, "40 to 54"),
        (54, "40 to 54"),
        (55, "55 to 69"),
        (69, "55 to 69"),
        (70, "70 to 79"),
        (79, "70 to 79"),
        (80, "80 and over"),
        (104, "80 and over"),
    ],
)
def test_age_bands_meet_at_their_boundaries(age: int | None, band: str) -> None:
    assert f.age_band(age) == band


def test_age_band_counts_follow_band_order_and_count_only_reports_with_a_victim() -> None:
    rows = [_row(age=85), _row(age=19), _row(age=None), _row(has_victim=False, age=None)]
    counts = {c.label: c.value for c in f.per_age_band(rows)}
    assert [c.label for c in f.per_age_band(rows)] == list(AGE_LABELS)
    assert counts["80 and over"] == 1 and counts["18 to 25"] == 1 and counts["Not known"] == 1
    assert sum(counts.values()) == 3


@pytest.mark.parametrize(
    ("this_week", "before_total", "expected"),
    [
        (2, 0, False),  # below the floor of 3, however new
        (3, 0, True),  # 3 and never seen before
        (3, 12, True),  # average 1.5: exactly twice
        (3, 13, False),  # average 1.625: less than twice
        (4, 16, True),  # average 2: exactly twice
        (5, 24, False),  # average 3
    ],
)
def test_jump_rule_boundaries(this_week: int, before_total: int, expected: bool) -> None:
    assert f.jumped(this_week, f.weekly_average(before_total, 8)) is expected


def test_jumps_count_the_latest_week_against_the_eight_before() -> None:
    week = date(2026, 11, 23)  # a Monday
    sightings = (
        [(date(2026, 11, 24), "scam type", "courier", "Courier fraud")] * 3
        + [(date(2026, 11, 29), "scam type", "courier", "Courier fraud")]  # Sunday: counts
        + [(date(2026, 11, 30), "scam type", "courier", "Courier fraud")] * 9  # next week
        + [(date(2026, 10, 1), "scam type", "courier", "Courier fraud")] * 16  # avg 2 before
        + [(date(2026, 11, 25), "scam type", "romance", "Romance")] * 3
        + [(date(2026, 9, 27), "scam type", "romance", "Romance")] * 50  # 9 weeks back: ignored
        + [(date(2026, 11, 25), "phone", "+447700900123", "07700 900123")] * 2
    )
    found = f.jumps(sightings, week_start=week)
    assert [(j.label, j.this_week, j.weekly_average) for j in found] == [
        ("Courier fraud", 4, Decimal("2.0")),
        ("Romance", 3, Decimal("0.0")),
    ]


def test_latest_complete_week_is_the_monday_to_sunday_before_this_one() -> None:
    assert f.latest_complete_week(date(2026, 12, 1)) == date(2026, 11, 23)  # Tuesday
    assert f.latest_complete_week(date(2026, 11, 30)) == date(2026, 11, 23)  # Monday
    assert f.latest_complete_week(date(2026, 11, 29)) == date(2026, 11, 16)  # Sunday


def test_losses_are_summed_as_exact_pounds_and_victims_counted_once() -> None:
    margaret = f.victim_key(
        first_name="Margaret", last_name="Hughes", postcode="AL1 3EJ", fallback="r1"
    )
    again = f.victim_key(
        first_name="margaret ", last_name="HUGHES", postcode="al1 3ej", fallback="r2"
    )
    rows = [
        _row(postcode_district="AL1", amount_lost=Decimal("0.10"), victim_key=margaret),
        _row(postcode_district="AL1", amount_lost=Decimal("0.20"), victim_key=again),
        _row(postcode_district="AL1", amount_lost=None, victim_key="r3"),
        _row(postcode_district="SG1", amount_lost=Decimal("1250.00"), victim_key="r4"),
        _row(postcode_district="", amount_lost=Decimal("5"), has_victim=False),
    ]
    districts = f.by_district(rows, PLACES)
    al1 = districts[0]
    assert (al1.code, al1.name, al1.reports, al1.victims) == ("AL1", "AL1 (St Albans)", 3, 2)
    assert al1.losses == Decimal("0.30") and isinstance(al1.losses, Decimal)
    assert [d.code for d in districts] == ["AL1", "SG1", "Not known"]
    assert districts[-1].located is False and districts[-1].victims == 0


def test_councils_gather_their_districts_at_the_average_of_their_centroids() -> None:
    rows = [_row(postcode_district="AL1"), _row(postcode_district="AL5"), _row(council="Dacorum")]
    councils = {c.code: c for c in f.by_council(rows, PLACES)}
    st_albans = councils["St Albans"]
    assert st_albans.reports == 2
    assert st_albans.latitude == pytest.approx((51.746 + 51.816) / 2)
    # A council recorded on the report but with no centroid is counted, not drawn.
    assert councils["Dacorum"].reports == 1 and not councils["Dacorum"].located


def test_small_counts_are_hidden_from_one_to_four() -> None:
    areas = [
        f.AreaFigure("A", "A", 0, 0, reports=4, victims=4),
        f.AreaFigure("B", "B", 0, 0, reports=5, victims=5),
        f.AreaFigure("C", "C", 0, 0, reports=6, victims=3),
        f.AreaFigure("D", "D", 0, 0, reports=0, victims=0),
    ]
    f.hide_small_counts(areas)
    assert [a.hidden for a in areas] == [True, False, True, False]
    shown = f.hide_small([f.Count("x", 1), f.Count("y", 5), f.Count("z", 0)])
    assert [c.shown for c in shown] == ["fewer than 5", "5", "0"]


def test_per_month_lists_every_month_of_the_period_including_empty_ones() -> None:
    rows = [_row(received_date=date(2026, 1, 31)), _row(received_date=date(2026, 3, 1))]
    months = f.per_month(rows, start=date(2025, 12, 15), end=date(2026, 3, 2))
    assert [(m.label, m.value) for m in months] == [
        ("Dec 2025", 0),
        ("Jan 2026", 1),
        ("Feb 2026", 0),
        ("Mar 2026", 1),
    ]


def test_data_quality_shares_by_source_and_in_total() -> None:
    rows = [
        _row(source="phone", age=70, valid_postcode=True, contactable=True),
        _row(source="phone", age=None, valid_postcode=False, contactable=True),
        _row(source="public_web", age=30, valid_postcode=True, contactable=False),
        _row(source="public_web", has_victim=False, age=40, valid_postcode=True, contactable=True),
    ]
    shares = f.quality_by_source(rows, {"public_web": "Online form", "phone": "Phone"})
    assert [
        (s.source, s.reports, s.age_share, s.postcode_share, s.contact_share) for s in shares
    ] == [
        ("Online form", 2, "50%", "50%", "0%"),
        ("Phone", 2, "50%", "50%", "100%"),
        ("All sources", 4, "50%", "50%", "50%"),
    ]


TODAY = date(2026, 11, 24)


def _victim(first: str, postcode: str, age: str = "75") -> PersonInput:
    return PersonInput(first_name=first, last_name="Tester", age=age, postcode=postcode)


@pytest.mark.django_db
def test_partners_see_figures_of_their_own_reports_only(partner, partner_org, manager) -> None:
    for n in range(5):
        make_report(
            victim=_victim(f"Own{n}", "AL1 3EJ"), received_date=TODAY, organisation=partner_org
        )
    make_report(victim=_victim("Other", "SG1 1AA"), received_date=TODAY, amount_lost="£99")
    period = selectors.Period.last_12_months(TODAY)

    theirs = selectors.map_figures(partner, period)
    assert theirs.reports == 5 and not theirs.exact
    assert [(d.code, d.reports, d.hidden) for d in theirs.districts] == [("AL1", 5, False)]

    hub = selectors.map_figures(manager, period)
    assert hub.reports == 6 and hub.exact
    assert {d.code: d.reports for d in hub.districts} == {"AL1": 5, "SG1": 1}
    assert hub.losses == Decimal("1250.00") * 5 + Decimal("99")


@pytest.mark.django_db
def test_a_partners_small_counts_are_hidden_but_the_hubs_are_not(
    partner, partner_org, manager
) -> None:
    make_report(
        victim=_victim("Solo", "SG1 1AA", age="19"), received_date=TODAY, organisation=partner_org
    )
    period = selectors.Period.last_12_months(TODAY)
    theirs = selectors.trend_figures(partner, period)
    assert {c.label: c.shown for c in theirs.age_bands}["18 to 25"] == "fewer than 5"
    assert selectors.map_figures(partner, period).districts[0].hidden
    hub = selectors.trend_figures(manager, period)
    assert {c.label: c.shown for c in hub.age_bands}["18 to 25"] == "1"
