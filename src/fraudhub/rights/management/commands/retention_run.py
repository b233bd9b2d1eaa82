"""`fraudhub retention-run [--dry-run]`: anonymise or erase every record whose retention
period has ended (except those under a legal hold) and print what was done by kind.
`--schedule` books the daily run in the background worker instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.retention import SCHEDULES, Kind
from fraudhub.rights.retention import run_retention, schedule_retention


class Command(BaseCommand):
    help = "Anonymise or erase what the retention schedule says is due; --dry-run only counts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what is due; change nothing"
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book a daily run in the background worker (FRAUDHUB_RETENTION_HOUR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            when = schedule_retention()
            if when is None:
                raise CommandError("The background queue cannot run work later.")
            self.stdout.write(f"The next retention run is booked for {when:%Y-%m-%d %H:%M} UTC.")
            return
        run = run_retention(dry_run=options["dry_run"])
        verb = "Due" if run.dry_run else "Done"
        for kind, schedule in SCHEDULES.items():
            line = f"{schedule.label}: {verb.lower()} {run.counts.get(kind.value, 0)}"
            if held := run.held.get(Kind(kind).value, 0):
                line += f", kept for a legal hold {held}"
            self.stdout.write(line)
        if run.dry_run:
            self.stdout.write("Dry run: nothing was changed.")
