"""People matching on Spark: the session (local, or a cluster when configured) and
scoring a list on it."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .pairs import _PAIR_COLUMNS, ScoredPair, _pair
from .training import _linker


def spark_session() -> Any:
    """A Spark session for people matching: the one already running, or a local one on
    this machine's cores. Point it at a cluster with SPARK_REMOTE (Spark Connect) or
    FRAUDHUB_SPARK_MASTER (spark://host:7077, yarn, k8s://...)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    logging.getLogger("py4j").setLevel(logging.WARNING)  # not a line per Java call

    from django.conf import settings

    partitions = settings.FRAUDHUB_SPARK_PARTITIONS or str(os.cpu_count() or 2)
    builder = (
        SparkSession.builder.appName("fraudhub-people")
        .config("spark.jars", similarity_jar_location())  # Splink's string similarity
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.default.parallelism", partitions)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if not settings.FRAUDHUB_SPARK_REMOTE:  # Spark Connect reads SPARK_REMOTE itself
        builder = builder.master(settings.FRAUDHUB_SPARK_MASTER)
    return builder.getOrCreate()


def _score_on_spark(
    rows: list[dict[str, Any]], *, seed: int, min_probability: float
) -> list[ScoredPair]:
    from splink import SparkAPI

    spark = spark_session()
    local = spark.sparkContext.master.startswith("local")
    shared = None if local else spark.conf.get("spark.checkpoint.dir", None)
    checkpoints = None if shared else Path(tempfile.mkdtemp(prefix="fraudhub-spark-"))
    spark.sparkContext.setCheckpointDir(shared or str(checkpoints))
    try:
        frame = spark.createDataFrame(rows, schema=_SPARK_SCHEMA)
        db_api = SparkAPI(
            spark_session=spark,
            # In one machine's memory, cached tables beat checkpoints written to disk.
            break_lineage_method="persist" if local else None,
            num_partitions_on_repartition=int(spark.conf.get("spark.sql.shuffle.partitions")),
        )
        linker = _linker(rows, db_api.register(frame), seed, dialect="spark")
        predictions = linker.inference.predict(threshold_match_probability=min_probability)
        collected = predictions.as_spark_dataframe().selectExpr(*_PAIR_COLUMNS).collect()
    finally:
        if checkpoints is not None:
            shutil.rmtree(checkpoints, ignore_errors=True)
    return [_pair(tuple(r)) for r in collected]


_SPARK_SCHEMA = (
    "unique_id long, given_name string, given_forms array<string>, surname string, "
    "date_of_birth string, postcode string, address string, address_words string, "
    "address_line1 string, address_line2 string, "
    "town string, phone string, email string"
)
