"""`fraudhub backup --out DIR`: the database and the uploaded files, with a manifest and
checksums, into a new folder (docs/backups.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.operations.backups import BackupError, back_up


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL's custom-format dump, or a copy of a SQLite file) "
        "and the uploaded files under MEDIA_ROOT into DIR, with manifest.json and SHA256SUMS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="A new or empty folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = back_up(options["out"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"No backup taken. {exc}") from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backed up {len(manifest['row_counts'])} tables ({rows:,} rows) and "
            f"{manifest['media_files']:,} uploaded files to {options['out']}. Keep a copy "
            "somewhere else, and check it with `sha256sum -c SHA256SUMS` in that folder."
        )
