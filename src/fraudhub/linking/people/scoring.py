"""Scoring a list of records on DuckDB or Spark, and clustering it into people."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .blocking import pairs_in_table
from .grouping import MATCH_THRESHOLD, group_people
from .pairs import _PAIR_COLUMNS, ScoredPair, _pair
from .spark import _score_on_spark
from .training import _linker


@dataclass(frozen=True)
class PeopleClusters:
    """Each input record's cluster: records in one cluster are judged the same person."""

    cluster_of: dict[int, int]
    pairs_scored: int
    pairs_matched: int


def cluster_people(records: Iterable[dict[str, Any]], *, seed: int = 1) -> PeopleClusters:
    """Score candidate pairs with a model trained on the records themselves (or, for a
    list too small to learn from, the shipped model trained on synthetic people) and
    cluster the pairs at or above the threshold."""
    rows = list(records)
    pairs = score_people(rows, seed=seed)
    return PeopleClusters(
        cluster_of=group_people([r["unique_id"] for r in rows], pairs),
        pairs_scored=len(pairs),
        pairs_matched=sum(1 for p in pairs if p.probability >= MATCH_THRESHOLD),
    )


ENGINES = ("duckdb", "spark")


def score_people(
    records: Iterable[dict[str, Any]],
    *,
    seed: int = 1,
    engine: str = "duckdb",
    min_probability: float = 0.5,
) -> list[ScoredPair]:
    """Every candidate pair the model gives at least `min_probability`, on DuckDB in this
    process or on Spark (a local session unless SPARK_REMOTE or a master is configured)."""
    rows = list(records)
    if len(rows) < 2:
        return []
    if engine == "spark":
        return _score_on_spark(rows, seed=seed, min_probability=min_probability)
    if engine != "duckdb":
        raise ValueError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI

    connection = duckdb.connect()
    db_api = DuckDBAPI(connection=connection)
    # Copied into a DuckDB table once: training and scoring read it many times, and a
    # native table reads faster than the Python objects behind a registered one.
    records_in = pa.Table.from_pylist(rows)  # noqa: F841 (read by name in the SQL below)
    connection.execute("CREATE TABLE people_input AS SELECT * FROM records_in")
    del records_in
    linker = _linker(
        rows,
        db_api.register("people_input"),
        seed,
        count_pairs=pairs_in_table(connection, "people_input"),
    )
    predictions = linker.inference.predict(threshold_match_probability=min_probability)
    result = connection.table(predictions.physical_name).project(", ".join(_PAIR_COLUMNS))
    return [_pair(row) for row in result.fetchall()]
