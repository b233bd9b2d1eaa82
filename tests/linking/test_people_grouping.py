"""Grouping scored pairs into people: analysts' decisions come first and are never undone."""

from __future__ import annotations

from fraudhub.linking.people import ScoredPair, agreement_of, group_people


def _pair(a: int, b: int, probability: float) -> ScoredPair:
    return ScoredPair(a, b, probability, {})


def test_pairs_at_or_above_the_threshold_join_and_others_do_not() -> None:
    groups = group_people([1, 2, 3, 4], [_pair(1, 2, 0.95), _pair(3, 4, 0.6)])
    assert groups[1] == groups[2] == 1
    assert groups[3] == 3 and groups[4] == 4


def test_a_split_pair_stays_apart_when_other_records_bridge_them() -> None:
    pairs = [_pair(1, 2, 0.99), _pair(2, 3, 0.98), _pair(1, 3, 0.97)]
    groups = group_people([1, 2, 3], pairs, different=[(1, 3)])
    assert groups[1] != groups[3]
    assert groups[2] == groups[1]  # the likelier link wins the record in the middle


def test_a_confirmed_pair_stays_together_when_the_model_scores_it_low() -> None:
    groups = group_people([1, 2], [_pair(1, 2, 0.2)], same=[(1, 2)])
    assert groups[1] == groups[2]


def test_a_confirmed_pair_never_overrides_a_split_one() -> None:
    groups = group_people([1, 2, 3], [], same=[(1, 2), (2, 3)], different=[(1, 3)])
    assert groups[1] == groups[2] and groups[3] == 3


def test_a_group_is_named_by_its_smallest_record_whatever_the_order() -> None:
    groups = group_people([7, 3, 5], [_pair(5, 7, 0.99), _pair(3, 5, 0.91)])
    assert set(groups.values()) == {3}


def test_agreement_says_in_words_how_each_field_compared() -> None:
    words = agreement_of(
        {"given_name": 4, "surname": 4, "date_of_birth": 2, "address": 3, "phone": -1}
    )
    assert words["given_name"] == "nickname or formal name"
    assert words["surname"] == "same"
    assert words["address"] == "same street address, postcode nearly or town the same"
    assert words["date_of_birth"] == "within a year"
    assert words["phone"] == "not given in one or both"
    assert words["email"] == "not given in one or both"


def test_names_typed_in_each_others_box_say_so_once() -> None:
    words = agreement_of({"given_name": 1, "surname": -1})
    assert words["given_name"] == "the same as the other's surname"
    assert words["surname"] == "not given in one or both"
