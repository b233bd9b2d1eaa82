"""An arriving record's names are weighted by how common they are among the stored records
of its role, as the nightly training counted them: a common name is weaker evidence. Only
the names the model's scoring weighs are counted (at a million records counting every
candidate's names was most of an arrival's time), and the scores are the same."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fraudhub.linking import arrival
from fraudhub.linking.persons.services import PERSON_FIELDS, person_for_matching
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
def stored(monkeypatch: pytest.MonkeyPatch) -> list[Person]:
    monkeypatch.setattr(arrival, "_totals", {})  # counts of an earlier test are not reused
    people = []
    for role, given, surname in STORED:
        report = Report.objects.create(
            received_date=date(2026, 11, 2), source=Report.Source.PUBLIC_WEB
        )
        people.append(
            Person.objects.create(
                report=report,
                role=role,
                first_name=given,
                last_name=surname,
                address_line1="12 Abbey Mill Lane",
                postcode="AL1 3EJ",
            )
        )
    return people


def test_a_name_shared_with_a_candidate_is_weighted_by_its_share_of_the_roles_records(
    stored: list[Person],
) -> None:
    new: dict[str, Any] = {"given_name": "margaret", "surname": "hughes"}
    candidates: list[dict[str, Any]] = [
        {"given_name": "margaret", "surname": "hughes"},
        {"given_name": "peggy", "surname": "hughes"},
        {"given_name": "margaret", "surname": "jones"},
    ]
    arrival.name_frequencies(Person.Role.VICTIM, new, candidates)
    assert (new["tf_given_name"], new["tf_surname"]) == (3 / 4, 3 / 5)
    assert [(c["tf_given_name"], c["tf_surname"]) for c in candidates] == [
        (3 / 4, 3 / 5),
        (None, 3 / 5),  # Peggy is never an exact match of Margaret: not weighed
        (3 / 4, None),
    ]


def test_a_name_no_candidate_shares_is_not_counted(stored: list[Person]) -> None:
    new: dict[str, Any] = {"given_name": "zofia", "surname": "hughes"}
    candidates: list[dict[str, Any]] = [{"given_name": "zofia", "surname": "nowak"}]
    arrival.name_frequencies(Person.Role.VICTIM, new, candidates)
    assert (new["tf_given_name"], new["tf_surname"]) == (1 / 4, None)  # nobody stored: one
    assert (candidates[0]["tf_given_name"], candidates[0]["tf_surname"]) == (1 / 4, None)


def test_the_scores_are_those_of_every_name_weighted(stored: list[Person]) -> None:
    victims = [p for p in stored if p.role == Person.Role.VICTIM]
    rows = [
        person_for_matching(dict(zip(PERSON_FIELDS, values, strict=True)))
        for values in Person.objects.filter(pk__in=[p.pk for p in victims])
        .order_by("pk")
        .values_list(*PERSON_FIELDS)
    ]
    new, candidates = rows[0], rows[1:]
    arrival.name_frequencies(Person.Role.VICTIM, new, candidates)
    counted = arrival.score_arrival(new, candidates, min_probability=0.0)

    named = {
        "given_name": [v.first_name for v in victims],
        "surname": [v.last_name for v in victims],
    }
    for row in [new, *candidates]:  # every name weighted, as a full count gives it
        for column, names in named.items():
            value, given = row[column], [n.lower() for n in names if n]
            row[f"tf_{column}"] = max(given.count(value), 1) / len(given) if value else None
    everyone = arrival.score_arrival(new, candidates, min_probability=0.0)

    assert len(counted) == len(candidates) == 4
    assert [(p.right, round(p.probability, 12)) for p in counted] == [
        (p.right, round(p.probability, 12)) for p in everyone
    ]
    for row in [new, *candidates]:  # and the weights do count: without them, other scores
        row["tf_given_name"] = row["tf_surname"] = None
    unweighted = arrival.score_arrival(new, candidates, min_probability=0.0)
    assert [p.probability for p in unweighted] != [p.probability for p in counted]
