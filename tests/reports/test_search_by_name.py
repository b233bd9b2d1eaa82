"""A search by name lists each matching report once, newest first, in a fixed number of
queries however many reports match, and without joining and de-duplicating every report
first (what made the staff search the slowest staff page under load)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.search_selectors import ReportFilters, search_reports

from ..factories import make_report

pytestmark = pytest.mark.django_db


def hughes(first_name: str = "Margaret") -> PersonInput:
    return PersonInput(first_name=first_name, last_name="Hughes", age="78", postcode="AL1 3EJ")


def searched(manager: User, typed: str) -> tuple[list[str], int, str]:
    with CaptureQueriesContext(connection) as queries:
        found = [str(r.reference) for r in search_reports(manager, ReportFilters(query=typed))[:21]]
    return found, len(queries), " ".join(q["sql"] for q in queries.captured_queries)


def test_a_report_whose_victim_and_reporter_both_match_is_listed_once(manager: User) -> None:
    both = make_report(victim=hughes(), reporter=hughes("Peter")).report
    found, _, _ = searched(manager, "hughes")
    assert found == [both.reference]


def test_every_word_must_be_in_one_persons_names(manager: User) -> None:
    make_report(victim=hughes("Margaret"), reporter=hughes("Peter"))
    assert searched(manager, "peter margaret")[0] == []
    assert len(searched(manager, "margaret hughes")[0]) == 1


def test_the_queries_do_not_grow_with_the_matches_and_join_no_people(manager: User) -> None:
    make_report(victim=hughes())
    _, few, _ = searched(manager, "hughes")
    for n in range(6):
        make_report(victim=hughes(f"Ann{n}"))
    found, many, sql = searched(manager, "hughes")
    assert len(found) == 7
    assert many == few
    assert "SELECT DISTINCT" not in sql


def test_short_words_and_repeated_words_find_what_the_name_once_finds(manager: User) -> None:
    """Words too short for the trigram index (one or two letters) are searched by reading
    the newest reports; a word typed again and again is searched for once, and no more
    words than a name has: all find the same people."""
    margaret = make_report(victim=hughes("Margaret")).report
    make_report(victim=PersonInput(first_name="Ann", last_name="Wood", postcode="AL1 3EJ"))
    assert searched(manager, "hu")[0] == [margaret.reference]
    assert searched(manager, "hu ma")[0] == [margaret.reference]
    assert searched(manager, "Hughes hughes HUGHES " * 30)[0] == [margaret.reference]
    _, once, _ = searched(manager, "hughes")
    _, repeated, sql = searched(manager, "hughes " * 60)
    assert repeated == once
    assert sql.upper().count("%HUGHES%") == searched(manager, "hughes")[2].upper().count("%HUGHES%")
