"""`fraudhub load-postcodes FILE`: postcode-district centroids from the ONS Postcode Directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.insight.postcodes import NotPostcodeDirectory, read_names, read_onspd
from fraudhub.insight.services import load_centroids


class Command(BaseCommand):
    help = (
        "Load postcode-district centroids for the map from the ONS Postcode Directory CSV: "
        "live postcodes only, averaged per district."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="The ONSPD CSV (for example ONSPD_NOV_2025_UK.csv)"
        )
        parser.add_argument(
            "--names",
            type=Path,
            help="The ONSPD's local authority names CSV (codes and names, like LAD23CD, LAD23NM)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            names: dict[str, str] = {}
            if options["names"]:
                with _open(options["names"]) as f:
                    names = read_names(f)
            with _open(options["file"]) as f:
                result = read_onspd(f)
        except NotPostcodeDirectory as e:
            raise CommandError(str(e)) from None
        except UnicodeDecodeError:
            raise CommandError(
                "The file is not text in UTF-8. Use the ONSPD's CSV file, not the zip or a "
                "spreadsheet."
            ) from None
        if not result.districts:
            raise CommandError(
                f"No live postcodes with a location in {result.rows:,} rows: nothing loaded."
            )
        added, updated = load_centroids(result=result, names=names)
        self.stdout.write(
            f"Read {result.rows:,} postcodes: {result.live:,} live, "
            f"{result.skipped_terminated:,} terminated and {result.skipped_unlocated:,} "
            f"without a location left out. Districts: {added:,} added, {updated:,} updated."
        )


def _open(path: Path | str) -> Any:
    try:
        return Path(path).open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise CommandError(f"Cannot open {path}: {e.strerror}") from None
