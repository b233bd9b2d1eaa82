"""The confirmation page promises first contact as triage set it: within 1 working day for
level 1, 3 for level 2, 5 for level 3 (or the figures an administrator set), by a date;
and it tells someone the scammer may still be in touch with that we will not phone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.casework.calendar import add_working_days
from fraudhub.casework.models import TriageSettings

from .test_reporting_pages import VICTIM_PAGES, walk
from .test_urgent_answers import THE_ISSUES_CALLER, answers

pytestmark = pytest.mark.django_db

NOTHING_URGENT = answers(
    money={"lost_money": "no"},
    about={"first_name": "Jean", "last_name": "Smith", "age": "40", "postcode": "AL1 3EJ"},
    support_needs={"indicators": ["none"]},
)


def gov_uk(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def due_in(days: int) -> str:
    return gov_uk(add_working_days(timezone.localdate(), days))


def send(client: Client, pages: list[tuple[str, dict[str, Any]]], capture: Any) -> str:
    walk(client, pages)
    with capture(execute=True):
        client.post(reverse("intake:check"))
    return client.get(reverse("intake:confirmation")).content.decode()


def test_level_1_is_promised_within_a_working_day_and_no_unexpected_call(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    page = send(client, THE_ISSUES_CALLER, django_capture_on_commit_callbacks)
    assert (
        f"You need help quickly: we will contact you within 1 working day, by {due_in(1)}."
    ) in page
    assert "we will not phone out of the blue: we will write or visit" in page
    assert "Stop all contact with the scammer" in page  # "not sure" gets that advice too
    assert 'call us on <a class="govuk-link" href="tel:+441632960001">01632 960 001</a>' in page


def test_level_2_is_promised_within_3_working_days(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    page = send(client, VICTIM_PAGES, django_capture_on_commit_callbacks)
    assert f"We will contact you within 3 working days, by {due_in(3)}." in page
    assert "out of the blue" not in page


def test_level_3_is_promised_within_5_working_days_if_support_is_needed(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    page = send(client, NOTHING_URGENT, django_capture_on_commit_callbacks)
    assert (
        f"If you need support, we will contact you within 5 working days, by {due_in(5)}." in page
    )


def test_the_promise_follows_the_triage_figures_an_administrator_set(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    figures = TriageSettings.current()
    figures.days_level_2 = 2
    figures.save()
    page = send(client, VICTIM_PAGES, django_capture_on_commit_callbacks)
    assert f"We will contact you within 2 working days, by {due_in(2)}." in page


def test_no_promise_is_made_to_someone_who_asked_not_to_be_contacted(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    pages = answers(consent={"consent_to_contact": "no", "consent_to_share": "no"})
    page = send(client, pages, django_capture_on_commit_callbacks)
    assert "You told us not to contact you, so we will not." in page
    assert "working day" not in page


def test_a_report_not_yet_triaged_gets_the_usual_time(client: Client, hub_org: object) -> None:
    walk(client, VICTIM_PAGES)
    page = client.post(reverse("intake:check"), follow=True).content.decode()
    assert "we will contact you, usually within 5 working days." in page
