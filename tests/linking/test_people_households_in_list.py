"""Whether a list holds households is read from the list: couples at one home count
their address once, while in a list of one person's records a pair at one home with a
given name and a date of birth replaced is still one person."""

from __future__ import annotations

import json
import logging
from typing import Any

import duckdb
from splink import DuckDBAPI

from fraudhub.linking.people import (
    SHIPPED_MODEL,
    HomeSharing,
    home_sharing,
    prepare_person,
)
from fraudhub.linking.people.training import _linker
from fraudhub.linking.synthetic import messy_people

PEOPLE = 700


def _records(*, couples: bool) -> list[dict[str, Any]]:
    rows = [p for p in messy_people(PEOPLE, seed=3) if couples or p.truth < PEOPLE]
    return [prepare_person(i, p.values) for i, p in enumerate(rows)]


def test_a_list_with_couples_holds_households() -> None:
    sharing = home_sharing(_records(couples=True), json.loads(SHIPPED_MODEL.read_text()))
    assert sharing.two_people >= 20
    assert sharing.households


def test_the_same_list_without_its_couples_holds_none() -> None:
    sharing = home_sharing(_records(couples=False), json.loads(SHIPPED_MODEL.read_text()))
    assert sharing.one_person >= 100
    assert not sharing.households


def test_pairs_showing_two_people_as_often_as_typing_explains_are_not_households() -> None:
    assert not HomeSharing(two_people=4, one_person=900, expected_two_people=2.5).households
    assert HomeSharing(two_people=9, one_person=900, expected_two_people=2.5).households
    assert HomeSharing(two_people=1, one_person=900, expected_two_people=0.0).households


def test_address_parts_and_contact_details_are_trained_on_the_list() -> None:
    # Each comparison's m is learned from the list, none left at Splink's starting
    # values (0.95 for an exact match of a three-level comparison).
    records = _records(couples=True)
    assert len(records) >= 1_000  # the model is trained on the list itself
    connection = duckdb.connect()
    table = DuckDBAPI(connection=connection).register(records)
    linker = _linker(records, table, seed=1)
    logging.getLogger("splink").setLevel(logging.ERROR)
    exact = {
        c.output_column_name: next(lv for lv in c.comparison_levels if not lv.is_null_level)
        for c in linker._settings_obj.comparisons
    }
    for name in ("town_alone", "phone", "email"):  # the list has no second lines
        assert exact[name].m_probability not in (None, 0.95), name
