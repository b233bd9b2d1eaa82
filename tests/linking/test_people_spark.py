"""The Spark path of people matching (`fraudhub link --engine spark`) finds the same people
as DuckDB on a small list, in a local Spark session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from fraudhub.linking.people import group_people, prepare_person, score_people, spark_session
from fraudhub.linking.synthetic import messy_people

pytest.importorskip("pyspark", reason="pyspark comes with the dev extras")
pytestmark = pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java")


@pytest.fixture
def _stop_spark() -> Iterator[None]:
    yield
    spark_session().stop()


@pytest.mark.usefixtures("_stop_spark")
def test_spark_groups_the_same_people_as_duckdb() -> None:
    rows = [prepare_person(i, p.values) for i, p in enumerate(messy_people(150, seed=5))]
    ids = [r["unique_id"] for r in rows]
    on_duckdb = score_people(rows)
    on_spark = score_people(rows, engine="spark")
    assert group_people(ids, on_spark) == group_people(ids, on_duckdb)
    duck = {(p.left, p.right): p for p in on_duckdb}
    spark = {(p.left, p.right): p for p in on_spark}
    assert spark.keys() == duck.keys()
    for key, pair in spark.items():
        assert pair.agreement == duck[key].agreement
        assert abs(pair.probability - duck[key].probability) < 0.01
    assert len(set(group_people(ids, on_spark).values())) < len(rows)  # some people found


def test_an_unknown_engine_is_refused() -> None:
    rows = [prepare_person(i, p.values) for i, p in enumerate(messy_people(3, seed=5))]
    with pytest.raises(ValueError, match="duckdb, spark"):
        score_people(rows, engine="oracle")
