"""Analysts check possible links by person, not by pair: four records of one possible
person are one decision, saved as the pair decisions every matching run respects."""

from __future__ import annotations

from itertools import combinations

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import PersonDecision, PersonPair
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Person
from tests.linking.test_people_links import _together, victim_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def four() -> list[Person]:
    """Four records the model links as one person (same date of birth, phone, address)."""
    records = [
        victim_record(name, date_of_birth="07/03/1948", phone="01727 123456")
        for name in ("Margaret", "Peggy", "Maggie", "Margaret")
    ]
    link_people()
    return records


def _decisions() -> dict[frozenset[int], bool]:
    return {
        frozenset((d.left_id, d.right_id)): d.same
        for d in PersonDecision.objects.order_by("decided_at", "id")
    }


def test_four_records_of_one_possible_person_are_one_row_to_check(
    manager_client: Client, four: list[Person]
) -> None:
    assert PersonPair.objects.filter(probability__gte=0.9).count() == 6
    page = manager_client.get(
        reverse("linking:links_to_check"), {"show": "linked"}
    ).content.decode()
    assert "1 possible person to check" in page
    assert "Check 4 records" in page
    for record in four:
        assert record.report.reference in page


def test_confirming_all_saves_every_pair_as_the_same_person(
    manager_client: Client, four: list[Person]
) -> None:
    url = reverse("linking:possible_person", args=[four[0].pk])
    response = manager_client.post(
        url, {"show": "linked", "all_same": "yes", "reason": "Rang her: one person"}
    )
    assert response.status_code == 302
    assert response.url == reverse("linking:links_to_check") + "?show=linked"
    ids = [r.pk for r in four]
    assert _decisions() == {frozenset(p): True for p in combinations(ids, 2)}
    changed = AuditEvent.objects.filter(action="change", object_type="reports.person")
    assert changed.count() == 12  # as six pair decisions: each audited on both records
    page = manager_client.get(response.url).content.decode()
    assert "Saved: all 4 records are the same person" in page
    assert "0 possible people to check" in page


def test_splitting_out_one_record_saves_it_as_not_the_same_as_each_of_the_others(
    manager_client: Client, four: list[Person]
) -> None:
    url = reverse("linking:possible_person", args=[four[0].pk])
    odd = four[2]
    response = manager_client.post(
        url,
        {
            "show": "linked",
            "all_same": "no",
            "not_same": [str(odd.pk)],
            "reason": "Maggie is her daughter",
        },
    )
    assert response.status_code == 302
    kept = [r.pk for r in four if r != odd]
    expected = {frozenset(p): True for p in combinations(kept, 2)}
    expected |= {frozenset((odd.pk, k)): False for k in kept}
    assert _decisions() == expected
    assert not any(_together(odd, other) for other in four if other != odd)
    assert _together(four[0], four[1]) and _together(four[0], four[3])
    link_people()  # the nightly run keeps the decision
    assert not any(_together(odd, other) for other in four if other != odd)


def test_a_split_must_name_records_and_leave_one(
    manager_client: Client, four: list[Person]
) -> None:
    url = reverse("linking:possible_person", args=[four[0].pk])
    none = manager_client.post(
        url, {"show": "linked", "all_same": "no", "reason": "Not sure"}
    ).content.decode()
    assert "Select the records that are someone else" in none
    assert "Not sure" in none  # what was typed is kept
    every = manager_client.post(
        url,
        {
            "show": "linked",
            "all_same": "no",
            "not_same": [str(r.pk) for r in four],
            "reason": "Not sure",
        },
    ).content.decode()
    assert "Leave at least one record unselected" in every
    assert not PersonDecision.objects.exists()
