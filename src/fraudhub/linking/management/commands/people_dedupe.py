"""`fraudhub people-dedupe --input IN.csv --output OUT.csv`: which rows of a person list
are the same person (for example a victim list before it is imported)."""

from __future__ import annotations

import csv
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.linking.people import PERSON_COLUMNS, cluster_people, prepare_person
from fraudhub.linking.persons.lists import UnreadablePersonList, read_person_list


class Command(BaseCommand):
    help = (
        "De-duplicate a person list: writes id,cluster_id, one row per input row; rows in "
        "one cluster are judged the same person. Columns (all optional but id): "
        + ", ".join(PERSON_COLUMNS)
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="CSV file of people")
        parser.add_argument("--output", required=True, help="CSV file to write")
        parser.add_argument("--seed", type=int, default=1, help="Seed for training samples")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = read_person_list(Path(options["input"]))
        except UnreadablePersonList as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        ids = [row.row_id for row in rows]
        records = [prepare_person(i, row.values) for i, row in enumerate(rows)]
        result = cluster_people(records, seed=options["seed"])
        with Path(options["output"]).open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "cluster_id"])
            for unique_id, person_id in enumerate(ids):
                writer.writerow([person_id, ids[result.cluster_of.get(unique_id, unique_id)]])
        clusters = len(set(result.cluster_of.values()))
        self.stderr.write(
            f"{len(ids)} rows, {clusters} people, {result.pairs_matched} matching pairs, "
            f"{time.perf_counter() - started:.1f} s"
        )
