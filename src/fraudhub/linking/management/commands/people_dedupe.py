"""`fraudhub people-dedupe --input IN.csv --output OUT.csv`: which rows of a person list
are the same person (for example a victim list before it is imported)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.linking.people import PERSON_COLUMNS, cluster_people, prepare_person


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
        source = Path(options["input"])
        if not source.is_file():
            raise CommandError(f"There is no file at {source}")
        reader = csv.DictReader(io.StringIO(_read_text(source), newline=""))
        header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
        if "id" not in header:
            raise CommandError(
                f"{source.name} has no id column. Columns found: "
                + (", ".join(sorted(h for h in header if h)) or "none")
            )
        started = time.perf_counter()
        ids: list[str] = []
        records = []
        for number, row in enumerate(reader, start=1):
            values = {
                name: (row.get(header[name]) or "").strip()
                for name in PERSON_COLUMNS
                if name in header
            }
            ids.append(values.get("id") or f"row-{number}")
            records.append(prepare_person(number - 1, values))
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
