"""A pair the model scored: its probability and, by field, how the two records' values
compared, in words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class ScoredPair:
    """Two records the model compared: their match probability and, by field, how their
    values compared, in words ("same", "within a year", "different", "not given in one or both")."""

    left: int
    right: int
    probability: float
    agreement: dict[str, str]


COMPARED_FIELDS = (
    "given_name",
    "surname",
    "date_of_birth",
    "address",
    "phone",
    "email",
)
# Splink's level numbers, as _settings() defines them, in words; -1 is "not given".
_LEVEL_NAMES: dict[str, dict[int, str]] = {
    "given_name": {
        5: "same",
        4: "nickname or formal name",
        3: "nearly the same",
        2: "similar",
        1: "the same as the other's surname",
    },
    "surname": {4: "same", 3: "nearly the same", 2: "similar", 1: "a little similar"},
    "date_of_birth": {
        6: "same",
        5: "one figure different",
        4: "same day and month, another year",
        3: "within a month",
        2: "within a year",
        1: "within 10 years",
    },
    "address": {
        6: "same address and postcode",
        5: "same postcode, similar address",
        4: "same postcode",
        3: "same street address, postcode nearly or town the same",
        2: "same street address, postcode differs",
        1: "same postcode district or town",
    },
    "phone": {1: "same"},
    "email": {1: "same"},
}
# Compared only when the given names agree (see _shared_contact): under different given
# names the same value scores as not given, and the words say what it was.
SHARED_CONTACT_FIELDS = ("phone", "email")
SHARED_WORDS = "same, under a different first name"


def agreement_of(gammas: Mapping[str, int], same_values: Iterable[str] = ()) -> dict[str, str]:
    """How each field compared, in words, from Splink's comparison levels and, for the
    shared contact fields, whether the two values were the same."""
    same = set(same_values)
    result = {}
    for field_name in COMPARED_FIELDS:
        level = gammas.get(field_name)
        if field_name in same and (level is None or level < 0):
            result[field_name] = SHARED_WORDS
        elif level is None or level < 0:
            result[field_name] = "not given in one or both"
        else:
            result[field_name] = _LEVEL_NAMES[field_name].get(level, "different")
    return result


# What is read of each scored pair: ids, probability, each field's level, and whether
# the shared contact fields held the same value.
_PAIR_COLUMNS = (
    ["unique_id_l", "unique_id_r", "match_probability"]
    + [f"gamma_{f}" for f in COMPARED_FIELDS]
    + [f"coalesce({f}_l = {f}_r, false)" for f in SHARED_CONTACT_FIELDS]
)


def _pair(row: tuple[Any, ...]) -> ScoredPair:
    left, right = int(row[0]), int(row[1])
    if left > right:
        left, right = right, left
    levels = len(COMPARED_FIELDS)
    return ScoredPair(
        left, right, float(row[2]), _agreement(tuple(row[3 : 3 + levels]), tuple(row[3 + levels :]))
    )


@lru_cache(maxsize=4_096)
def _agreement(levels: tuple[int, ...], same: tuple[bool, ...]) -> dict[str, str]:
    """agreement_of for levels in COMPARED_FIELDS order and sameness in
    SHARED_CONTACT_FIELDS order: a few hundred combinations come up, so pairs with the
    same one share one dict (never changed once made)."""
    return agreement_of(
        dict(zip(COMPARED_FIELDS, levels, strict=True)),
        [f for f, equal in zip(SHARED_CONTACT_FIELDS, same, strict=True) if equal],
    )
