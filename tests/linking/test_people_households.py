"""A couple's shared landline or email is the household's: it does not make them one person,
while a person's own number under their nickname still counts."""

from __future__ import annotations

import pytest

from fraudhub.linking.models import PersonPair
from fraudhub.linking.people import MATCH_THRESHOLD, prepare_person, score_people
from fraudhub.linking.persons.selectors import ProposedLink
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Person
from tests.linking.test_people_links import _together, victim_record

HOME = {"address_line1": "12 Abbey Mill Lane", "postcode": "AL1 3EJ", "surname": "Hughes"}


def _scored(*rows: dict[str, str]) -> dict[tuple[int, int], tuple[float, dict[str, str]]]:
    prepared = [prepare_person(i, row) for i, row in enumerate(rows)]
    return {
        (p.left, p.right): (p.probability, p.agreement)
        for p in score_people(prepared, min_probability=0.0)
    }


def test_a_couple_sharing_a_landline_and_email_score_as_two_people() -> None:
    contact = {"phone": "01727 123456", "email": "thehughes@example.com"}
    scored = _scored(
        {**HOME, **contact, "given_name": "Margaret"},
        {**HOME, **contact, "given_name": "Arthur"},
    )
    probability, words = scored[(0, 1)]
    assert probability < 0.5
    assert words["phone"] == "same, under a different first name"
    assert words["email"] == "same, under a different first name"


def test_the_same_number_under_a_nickname_is_still_the_same_person() -> None:
    scored = _scored(
        {**HOME, "given_name": "Margaret", "phone": "01727 123456"},
        {**HOME, "given_name": "Peggy", "phone": "01727123456"},
    )
    probability, words = scored[(0, 1)]
    assert probability >= MATCH_THRESHOLD
    assert words["phone"] == "same"


@pytest.mark.django_db
def test_linking_keeps_a_couple_apart_and_joins_the_wifes_own_reports() -> None:
    contact = {"phone": "01727 123456", "email": "thehughes@example.com"}
    wife = victim_record("Margaret", **contact)
    husband = victim_record("Arthur", **contact)
    wife_again = victim_record("Peggy", date_of_birth="07/03/1948", **contact)
    link_people()
    assert _together(wife, wife_again)
    assert not _together(wife, husband)
    assert not _together(husband, wife_again)
    assert not PersonPair.objects.filter(left=wife, right=husband, probability__gte=0.5).exists()


def test_links_to_check_mark_a_household_phone_as_not_counting() -> None:
    link = ProposedLink(
        person=Person(),
        other=Person(),
        probability=0.6,
        agreement=[
            ("Last name", "same"),
            ("Phone", "same, under a different first name"),
            ("Email", "not given in one or both"),
        ],
        grouped=False,
        decision=None,
    )
    assert link.agreeing == ["Last name", "Phone (under a different first name)"]
    assert link.missing == ["Email"]


def test_the_same_landline_and_date_of_birth_under_another_first_name_is_one_person() -> None:
    # A first name replaced or mistyped beyond recognition, but the same date of birth:
    # a couple are not born on one day, so the landline is this person's and counts.
    born = {"date_of_birth": "07/03/1948", "phone": "01727 123456"}
    scored = _scored(
        {**HOME, **born, "given_name": "Margaret"},
        {**HOME, **born, "given_name": "Joan"},
    )
    probability, words = scored[(0, 1)]
    assert words["phone"] == "same"
    assert probability >= MATCH_THRESHOLD


def test_a_couple_born_on_different_days_keep_their_landline_as_the_households() -> None:
    scored = _scored(
        {**HOME, "given_name": "Margaret", "date_of_birth": "07/03/1948", "phone": "01727 123456"},
        {**HOME, "given_name": "Arthur", "date_of_birth": "21/11/1945", "phone": "01727 123456"},
    )
    probability, words = scored[(0, 1)]
    assert words["phone"] == "same, under a different first name"
    assert probability < 0.5
