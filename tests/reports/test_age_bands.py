"""Age bands are the same on every page: the case queue's filter and a case's band, the
trends page's chart and table all use reports.ages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.forms import QueueFilterForm
from fraudhub.casework.models import Case
from fraudhub.insight import figures
from fraudhub.reports.ages import AGE_BANDS, LABELS, age_band


@pytest.mark.django_db
def test_the_queue_filter_offers_the_bands_the_trends_count() -> None:
    offered = [label for value, label in QueueFilterForm().fields["age_band"].choices if value]
    counted = [c.label for c in figures.age_bands([(75, 1), (None, 1)])]
    assert offered == list(LABELS)
    assert set(counted) <= set(LABELS)


@given(age=st.one_of(st.none(), st.integers(min_value=-5, max_value=130)))
def test_a_case_and_the_trends_put_an_age_in_the_same_band(age: int | None) -> None:
    assert Case(age=age).age_band == figures.age_band(age) == age_band(age)


def test_the_bands_cover_every_age_once() -> None:
    for age in range(0, 131):
        assert sum(1 for band in AGE_BANDS if band.low <= age <= band.high) == 1
