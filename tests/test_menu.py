"""The staff menu marks the item a page belongs to: a case's pages are under Cases, a
cluster's under Intelligence, the insight pages under Map and trends."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fraudhub.casework.services import triage_reports

from .factories import make_report

pytestmark = pytest.mark.django_db


def _current(client: Client, path: str) -> list[tuple[str, str]]:
    html = client.get(path).content.decode()
    return re.findall(
        r'service-navigation__link" href="[^"]*" aria-current="(page|true)">([^<]+)</a>', html
    )


def test_a_case_page_is_under_cases_and_the_queue_is_the_page_itself(
    manager_client: Client,
) -> None:
    case = triage_reports(report_ids=[make_report().report.pk])[0]
    assert _current(manager_client, "/staff/cases/") == [("page", "Cases")]
    assert _current(manager_client, f"/staff/cases/{case.pk}/") == [("true", "Cases")]
    assert _current(manager_client, f"/staff/cases/{case.pk}/contact/") == [("true", "Cases")]


def test_the_dashboard_is_its_own_item_not_under_cases(manager_client: Client) -> None:
    assert _current(manager_client, "/staff/cases/dashboard/") == [("page", "Team dashboard")]


def test_analysts_pages_mark_their_section(manager_client: Client) -> None:
    assert _current(manager_client, "/staff/links/search/") == [("true", "Intelligence")]
    assert _current(manager_client, "/staff/insight/trends/") == [("true", "Map and trends")]
    assert _current(manager_client, "/staff/insight/map/") == [("page", "Map and trends")]


def test_a_report_page_is_under_reports(manager_client: Client) -> None:
    report = make_report().report
    assert _current(manager_client, f"/staff/reports/{report.reference}/") == [("true", "Reports")]


def test_an_alerts_pages_are_under_scam_alerts(manager_client: Client) -> None:
    assert _current(manager_client, "/staff/prevention/alerts/") == [("page", "Scam alerts")]
    assert _current(manager_client, "/staff/prevention/alerts/new/") == [("true", "Scam alerts")]


def test_warnings_and_awareness_pages_mark_their_own_items(manager_client: Client) -> None:
    assert _current(manager_client, "/staff/prevention/warnings/") == [("page", "Warnings")]
    assert _current(manager_client, "/staff/prevention/awareness/new/") == [("true", "Awareness")]
