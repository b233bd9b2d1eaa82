"""`fraudhub restore DIR`: a backup into the configured, empty database and MEDIA_ROOT,
checked before (checksums) and after (row counts, the audit chain)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.operations.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR into the database DATABASE_URL names (it must be empty) "
        "and into MEDIA_ROOT (it must be empty), then compare every table's row count with "
        "the backup's manifest and verify the audit log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="A folder written by `fraudhub backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = restore(options["folder"])
        except (BackupError, OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Not restored. {exc}") from exc
        self.stdout.write(
            f"Restored {done.tables} tables ({done.rows:,} rows, every count as in the backup) "
            f"and {done.files:,} uploaded files. The audit log is intact: "
            f"{done.audit_entries:,} entries."
        )
