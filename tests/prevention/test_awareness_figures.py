"""`awareness_figures(start, end)`: people reached and trained by council, audience and
month, for the staff page and the strategy tracker."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fraudhub.prevention.awareness_rows import SessionValues
from fraudhub.prevention.selectors.awareness import awareness_figures
from fraudhub.prevention.services.awareness import record_session

from ..factories import OrganisationFactory, staff_user

pytestmark = pytest.mark.django_db


def _held(day: date, council: str, audience: str, attendees: int, trained: int) -> None:
    organisation = OrganisationFactory(slug=f"org-{day}-{council}".lower().replace(" ", "-"))
    record_session(
        actor=staff_user(f"u{day}{council}".replace(" ", "")[:30], role="Analyst"),
        values=SessionValues(
            held_on=day,
            kind="talk",
            organisation_id=organisation.pk,
            audience=audience,
            council=council,
            attendees=attendees,
            trained=trained,
            materials="",
        ),
    )


def test_figures_count_people_by_council_audience_and_month_within_the_period() -> None:
    _held(date(2026, 10, 3), "Watford", "carers", 20, 5)
    _held(date(2026, 11, 14), "Watford", "older_residents", 30, 0)
    _held(date(2026, 11, 20), "Stevenage", "older_residents", 10, 10)
    _held(date(2026, 12, 1), "Watford", "carers", 99, 99)  # after the period

    with CaptureQueriesContext(connection) as queries:
        figures = awareness_figures(date(2026, 10, 1), date(2026, 11, 30))
    assert len(queries) == 3

    assert (figures.sessions, figures.reached, figures.trained) == (3, 60, 15)
    councils = {t.label: (t.sessions, t.reached, t.trained) for t in figures.by_council}
    assert councils["Watford"] == (2, 50, 5)
    assert councils["Stevenage"] == (1, 10, 10)
    assert councils["Dacorum"] == (0, 0, 0)  # every council is listed
    assert [(t.label, t.reached) for t in figures.by_audience] == [
        ("Older residents", 40),
        ("Carers and families", 20),
    ]
    assert [(t.label, t.month_name, t.reached) for t in figures.by_month] == [
        ("2026-10", "October 2026", 20),
        ("2026-11", "November 2026", 40),
    ]
