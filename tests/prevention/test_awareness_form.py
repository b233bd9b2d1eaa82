"""Recording an awareness session on the form: kept, audited, shown in the figures;
mistakes say what to fix and keep what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import AwarenessSession

from ..factories import OrganisationFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _form(**overrides: str) -> dict[str, str]:
    age_uk = OrganisationFactory(slug="age-uk", name="Age UK Hertfordshire")
    values = {
        "held_on_day": "14",
        "held_on_month": "11",
        "held_on_year": "2026",
        "kind": "talk",
        "organisation": str(age_uk.pk),
        "audience": "older_residents",
        "council": "St Albans",
        "attendees": "32",
        "trained": "4",
        "materials": "Little Book of Big Scams",
    }
    values.update(overrides)
    return values


def test_a_session_recorded_on_the_form_is_kept_and_counted(client: Client) -> None:
    sign_in(client, staff_user("analyst", role="Analyst"))
    response = client.post("/staff/prevention/awareness/new/", _form())
    assert response.status_code == 302
    session = AwarenessSession.objects.get()
    assert (session.held_on, session.attendees, session.trained) == (date(2026, 11, 14), 32, 4)
    assert session.recorded_by_label == "analyst"
    assert AuditEvent.objects.filter(
        object_type="prevention.awarenesssession", action=AuditEvent.Action.CREATE
    ).exists()
    page = client.get("/staff/prevention/awareness/?start=2026-11-01&end=2026-11-30")
    assert "32 people reached and 4 trained" in page.content.decode()


def test_more_trained_than_attended_says_what_to_fix_and_keeps_what_was_typed(
    client: Client,
) -> None:
    sign_in(client, staff_user("analyst", role="Analyst"))
    response = client.post("/staff/prevention/awareness/new/", _form(trained="40"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "People trained (40) cannot be more than attendees (32)" in page
    assert 'value="40"' in page and "Little Book of Big Scams" in page
    assert not AwarenessSession.objects.exists()


def test_a_future_date_and_a_missing_count_are_refused(client: Client) -> None:
    sign_in(client, staff_user("analyst", role="Analyst"))
    page = client.post(
        "/staff/prevention/awareness/new/", _form(held_on_year="2999", attendees="")
    ).content.decode()
    assert "must be today or in the past" in page
    assert "Enter the number of attendees" in page
    assert not AwarenessSession.objects.exists()


def test_a_partner_user_cannot_record_sessions(client: Client) -> None:
    sign_in(client, staff_user("partner", role="Partner user"))
    assert client.post("/staff/prevention/awareness/new/", _form()).status_code == 403


def test_figures_for_dates_that_cannot_be_read_say_so_and_show_the_last_year(
    client: Client,
) -> None:
    sign_in(client, staff_user("analyst", role="Analyst"))
    response = client.get("/staff/prevention/awareness/?start=1/4/2026&end=soon")
    assert response.status_code == 200
    assert "Enter dates as year-month-day, like 2026-04-01" in response.content.decode()
