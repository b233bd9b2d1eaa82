"""People matching on lists shaped like the public FEBRL benchmarks (no phones or emails;
typos in any field, names in each other's box, a town and a second address line): a
person is still found, and a household is still two people."""

from __future__ import annotations

from functools import cache

import pytest

from fraudhub.linking.people import (
    MATCH_THRESHOLD,
    blocking_rules,
    pairs_in,
    pairs_in_table,
    prepare_person,
    score_people,
)
from fraudhub.linking.synthetic import messy_people

KIARA = {
    "given_name": "Kiara",
    "surname": "Everett",
    "date_of_birth": "19560312",
    "address_line1": "8 Eddy Crescent",
    "address_line2": "Legacy Village",
    "town": "Noble Park",
    "postcode": "6076",
}


@cache
def _others() -> tuple[dict[str, str], ...]:
    """Other people around the pair, so that how often values agree by chance is this
    list's own and not that of two records alone."""
    return tuple(p.values for p in messy_people(250, seed=11))


def _scored(first: dict[str, str], second: dict[str, str]) -> tuple[float, dict[str, str]]:
    """The pair's probability and words, or 0 and nothing when it is never compared."""
    others = _others()
    rows = [*others, first, second]
    prepared = [prepare_person(i, row) for i, row in enumerate(rows)]
    pair = (len(others), len(others) + 1)
    for p in score_people(prepared, min_probability=0.0):
        if (p.left, p.right) == pair:
            return p.probability, p.agreement
    return 0.0, {}


def test_a_pair_with_typos_in_two_fields_and_no_date_of_birth_is_still_linked() -> None:
    # No two of given name, surname, date of birth and postcode agree exactly, so rules
    # needing two exact fields never compared them.
    again = {**KIARA, "surname": "Everet", "date_of_birth": "", "postcode": "6067"}
    probability, words = _scored(KIARA, again)
    assert probability >= MATCH_THRESHOLD
    assert words["surname"] == "nearly the same"


def test_names_typed_in_each_others_box_are_still_the_same_person() -> None:
    swapped = {**KIARA, "given_name": "Everett", "surname": "Kiara", "postcode": "6067"}
    probability, words = _scored(KIARA, swapped)
    assert probability >= MATCH_THRESHOLD
    assert words["given_name"] == "the same as the other's surname"


def test_one_name_like_the_others_surname_is_not_a_swap() -> None:
    namesake = {**KIARA, "given_name": "Everett", "date_of_birth": "19500201"}
    _, words = _scored(KIARA, namesake)
    assert words["given_name"] == "different"


def test_the_same_town_counts_when_the_street_address_differs() -> None:
    moved = {**KIARA, "date_of_birth": "", "address_line1": "14 Hill Road", "postcode": "6099"}
    moved["address_line2"] = ""
    same_town, words = _scored(KIARA, moved)
    other_town, other_words = _scored(KIARA, {**moved, "town": "Toowoomba"})
    assert words["address"] == "same postcode district or town"
    assert other_words["address"] == "different"
    assert same_town > other_town


def test_the_second_address_line_counts() -> None:
    again = {**KIARA, "date_of_birth": "", "surname": "Evert", "postcode": ""}
    same_line, words = _scored(KIARA, again)
    other_line, other_words = _scored(KIARA, {**again, "address_line2": "Kanangra Hostel"})
    assert words["address"] == "same street address, postcode nearly or town the same"
    assert other_words["address"] != words["address"]
    assert same_line > other_line


def test_a_spouse_sharing_the_whole_address_and_a_landline_is_another_person() -> None:
    home = {**KIARA, "phone": "01727 123456"}
    spouse = {**home, "given_name": "Arthur", "date_of_birth": "19500201"}
    probability, words = _scored(home, spouse)
    assert probability < 0.5
    assert words["address"] == "same address and postcode"
    assert words["phone"] == "same, under a different first name"


def _single_field_rules(records: list[dict[str, object]]) -> set[str]:
    sql = {
        rule.get_blocking_rule("duckdb").blocking_rule_sql
        for rule in blocking_rules(records)
        if not isinstance(rule, str)
    }
    return {s for s in sql if " AND " not in s}


def test_a_single_field_is_blocked_on_only_when_its_values_are_rare_enough() -> None:
    records: list[dict[str, object]] = [
        {"unique_id": i, "given_name": "john", "postcode": f"AL1 {i:04d}"} for i in range(1_000)
    ]
    single = _single_field_rules(records)
    assert any('"postcode"' in rule for rule in single)
    # 1,000 Johns make 499,500 pairs: far more than PAIRS_PER_RECORD per record
    assert not any('"given_name"' in rule for rule in single)


def _rules_sql(records: list[dict[str, object]]) -> set[str]:
    return {
        rule.get_blocking_rule("duckdb").blocking_rule_sql
        for rule in blocking_rules(records)
        if not isinstance(rule, str)
    }


def test_a_county_s_few_towns_pair_records_only_by_name_and_birth_not_by_town() -> None:
    # A county: 3,000 victims in four towns under twenty given names. A given name and a
    # town would pair every Margaret in St Albans with every other (about 56,000 pairs).
    county: list[dict[str, object]] = [
        {"unique_id": i, "given_name": f"name{i % 20}", "town": f"town{i % 4}"}
        for i in range(3_000)
    ]
    by_town = {rule for rule in _rules_sql(county) if '"town"' in rule}
    assert not any('"given_name"' in rule for rule in by_town)
    # A national list: as many suburbs as people, so a name and a suburb pair few records.
    national: list[dict[str, object]] = [
        {"unique_id": i, "given_name": f"name{i % 20}", "town": f"suburb{i % 1_500}"}
        for i in range(3_000)
    ]
    by_town = {rule for rule in _rules_sql(national) if '"town"' in rule}
    assert any('"given_name"' in rule for rule in by_town)


def test_pairs_are_counted_the_same_in_python_and_in_duckdb() -> None:
    import duckdb
    import pyarrow as pa

    records: list[dict[str, object]] = [
        {"given_name": ["ann", "bob", None][i % 3], "town": ["x", "y"][i % 2]} for i in range(50)
    ]
    connection = duckdb.connect()
    rows = pa.Table.from_pylist(records)  # noqa: F841 (read by name below)
    connection.execute("CREATE TABLE people AS SELECT * FROM rows")
    in_python, in_duckdb = pairs_in(records), pairs_in_table(connection, "people")
    for fields in (("given_name",), ("town",), ("given_name", "town")):
        assert in_python(fields) == in_duckdb(fields)
    # 17 Anns, 17 Bobs (136 pairs each); the 16 without a given name are never paired
    assert in_python(("given_name",)) == 272


def test_on_a_small_list_every_single_field_is_blocked_on() -> None:
    records: list[dict[str, object]] = [
        {"unique_id": i, "given_name": "john", "surname": "smith"} for i in range(20)
    ]
    single = _single_field_rules(records)
    assert any('"given_name"' in rule for rule in single)
    assert any('"surname"' in rule for rule in single)


def test_the_town_counts_beside_the_same_address_for_one_person() -> None:
    # No given name in one record, so not a household: the town is evidence of its own
    # even where street and postcode already agree.
    again = {**KIARA, "given_name": "", "surname": "Everet"}
    same_town, _ = _scored(KIARA, again)
    other_town, _ = _scored(KIARA, {**again, "town": "Toowoomba"})
    assert same_town > other_town


def test_a_spouse_with_another_name_and_date_of_birth_does_not_gain_from_the_town() -> None:
    spouse = {**KIARA, "given_name": "Arthur", "date_of_birth": "19500201"}
    with_town, _ = _scored(KIARA, spouse)
    without_town, _ = _scored(KIARA, {**spouse, "town": "Toowoomba"})
    assert with_town < 0.5
    assert with_town == pytest.approx(without_town)


@pytest.mark.parametrize(
    ("born", "typo"),
    [
        ("19560313", "one digit changed"),
        ("19560321", "two digits swapped"),
        ("19561203", "day and month swapped"),
        ("", "missing in one record"),
    ],
)
def test_a_date_of_birth_typo_or_gap_is_no_evidence_of_a_second_person(
    born: str, typo: str
) -> None:
    # Another given name, but the dates of birth are one date typed twice (or one is not
    # known): not a household, so the town still counts for one person.
    again = {**KIARA, "given_name": "Arthur", "date_of_birth": born}
    with_town, _ = _scored(KIARA, again)
    without_town, _ = _scored(KIARA, {**again, "town": "Toowoomba"})
    assert with_town > without_town, typo


def test_a_given_name_typed_in_the_surname_box_is_no_evidence_of_a_second_person() -> None:
    # FEBRL's shape: the given name moved to the surname box and another surname typed.
    again = {**KIARA, "given_name": "Everett", "surname": "Henry", "date_of_birth": "19600101"}
    with_town, _ = _scored(KIARA, again)
    without_town, _ = _scored(KIARA, {**again, "town": "Toowoomba"})
    assert with_town > without_town


def test_a_spouse_whose_given_name_is_the_family_name_is_still_another_person() -> None:
    # Campbell Campbell and Jazz Campbell: one given name is the other's surname, but so
    # is their own; names in the wrong box would not leave both surnames the same.
    home = {**KIARA, "given_name": "Everett"}
    spouse = {**KIARA, "date_of_birth": "19500201"}
    with_town, _ = _scored(home, spouse)
    without_town, _ = _scored(home, {**spouse, "town": "Toowoomba"})
    assert with_town == pytest.approx(without_town)


def test_a_year_of_birth_typed_wrong_counts_for_the_pair_not_against_it() -> None:
    # The same day and month in another year is a slip of the year (1962 for 1956); a
    # date of birth as far off in every part is another person's.
    year_wrong = {**KIARA, "given_name": "", "date_of_birth": "19620312"}
    other_date = {**KIARA, "given_name": "", "date_of_birth": "19620825"}
    probability, words = _scored(KIARA, year_wrong)
    other_probability, other_words = _scored(KIARA, other_date)
    assert words["date_of_birth"] == "same day and month, another year"
    assert other_words["date_of_birth"] != words["date_of_birth"]
    assert probability > other_probability
