"""Blocking: the rules that choose which pairs of records the model scores, and the
counts of pairs that decide which of the rarer rules a list can afford."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Candidate pairs agree exactly on at least one of these. Pairs of fields keep the pairs
# few at any size; the others pair records with typos in every other field, and are
# added when this list's values on them are rare enough (see blocking_rules).
PAIRED_FIELDS = (
    ("surname", "date_of_birth"),
    ("given_name", "date_of_birth"),
    ("surname", "postcode"),
    ("given_name", "postcode"),
    ("phone",),
    ("email",),
    ("date_of_birth", "postcode"),
    ("given_name", "surname"),
)
# A town is one of a few dozen in a county (a million records put 30 million pairs in
# one given name and town) but one of thousands of suburbs in a national list.
IF_RARE_FIELDS = (
    ("given_name", "town"),
    ("surname", "town"),
    ("date_of_birth", "town"),
    ("date_of_birth",),
    ("postcode",),
    ("address",),
    ("town",),
    ("surname",),
    ("given_name",),
)
SINGLE_FIELDS = tuple(fields[0] for fields in IF_RARE_FIELDS if len(fields) == 1)
SWAPPED_NAMES = "l.given_name = r.surname AND l.surname = r.given_name"
PAIRS_PER_RECORD = 30  # a rule in IF_RARE_FIELDS is blocked on if it pairs no more than this
MAX_RARE_FIELD_PAIRS = 1_000_000  # and never more than this, so a big list stays quick


PairCounter = Callable[[tuple[str, ...]], int]


def pairs_in(records: list[dict[str, Any]]) -> PairCounter:
    """How many pairs of `records` agree on some fields, counted in Python."""
    from collections import Counter

    def count(fields: tuple[str, ...]) -> int:
        counts = Counter(
            values for r in records if None not in (values := tuple(r.get(f) for f in fields))
        )
        return sum(n * (n - 1) // 2 for n in counts.values())

    return count


def pairs_in_table(connection: Any, table: str) -> PairCounter:
    """How many pairs of a DuckDB table's rows agree on some fields, counted by DuckDB
    (a second each at a million rows, against a few in Python)."""

    def count(fields: tuple[str, ...]) -> int:
        columns = ", ".join(f'"{f}"' for f in fields)
        present = " AND ".join(f'"{f}" IS NOT NULL' for f in fields)
        ((pairs,),) = connection.execute(
            f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "  # noqa: S608 (our own names)
            f"(SELECT count(*) AS n FROM {table} WHERE {present} GROUP BY {columns})"
        ).fetchall()
        return int(pairs)

    return count


def blocking_rules(
    records: list[dict[str, Any]], count_pairs: PairCounter | None = None
) -> list[Any]:
    """The rules that choose which pairs are scored: the pairs of fields, names typed in
    each other's box, and each rule of IF_RARE_FIELDS whose equal values make no more
    than PAIRS_PER_RECORD pairs per record in this list and no more than
    MAX_RARE_FIELD_PAIRS in all (on a small list every one; on a million records, the
    rare ones only: a date of birth shared by 27 people a day would add 9 million
    pairs, a given name and one of a county's towns 30 million)."""
    from splink import block_on

    count = count_pairs or pairs_in(records)
    rules = [block_on(*fields) for fields in PAIRED_FIELDS] + [SWAPPED_NAMES]
    budget = min(PAIRS_PER_RECORD * max(len(records), 100), MAX_RARE_FIELD_PAIRS)
    rules += [block_on(*fields) for fields in IF_RARE_FIELDS if count(fields) <= budget]
    return rules


def _default_rules() -> list[Any]:
    from splink import block_on

    return [block_on(*fields) for fields in PAIRED_FIELDS] + [SWAPPED_NAMES]
