"""An arriving record's names are weighted by how common they are among the stored records
of its role, as the nightly training counted them: a common name is weaker evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fraudhub.linking import arrival
from fraudhub.reports.models import Person, Report

pytestmark = pytest.mark.django_db

STORED = [
    ("victim", "Margaret", "Hughes"),
    ("victim", "MARGARET", "Jones"),
    ("victim", "margaret", "Hughes"),
    ("victim", "Peggy", "Hughes"),
    ("victim", "", "Evans"),  # no given name: not among those counted for given names
    ("suspect", "Margaret", "Hughes"),  # another role: not counted
]


@pytest.fixture
def stored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arrival, "_totals", {})  # counts of an earlier test are not reused
    for role, given, surname in STORED:
        report = Report.objects.create(
            received_date=date(2026, 11, 2), source=Report.Source.PUBLIC_WEB
        )
        Person.objects.create(report=report, role=role, first_name=given, last_name=surname)


def test_each_name_is_weighted_by_its_share_of_the_roles_records(stored: None) -> None:
    records: list[dict[str, Any]] = [
        {"given_name": "margaret", "surname": "hughes"},
        {"given_name": "peggy", "surname": "jones"},
        {"given_name": "margaret", "surname": "evans"},
    ]
    arrival.name_frequencies(Person.Role.VICTIM, records)
    assert [(r["tf_given_name"], r["tf_surname"]) for r in records] == [
        (3 / 4, 3 / 5),
        (1 / 4, 1 / 5),
        (3 / 4, 1 / 5),
    ]


def test_a_name_nobody_has_counts_as_one_record_and_a_missing_name_as_none(
    stored: None,
) -> None:
    records: list[dict[str, Any]] = [
        {"given_name": "zofia", "surname": ""},
        {"given_name": None, "surname": "nowak"},
    ]
    arrival.name_frequencies(Person.Role.VICTIM, records)
    assert records == [
        {"given_name": "zofia", "surname": "", "tf_given_name": 1 / 4, "tf_surname": None},
        {"given_name": None, "surname": "nowak", "tf_given_name": None, "tf_surname": 1 / 5},
    ]
