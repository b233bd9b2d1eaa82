"""`fraudhub import-referrals FILE --org SLUG`: import a partner's referral file."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.management.organisations import organisation_by_slug
from fraudhub.intake.file_imports import ImportFailed, import_referrals
from fraudhub.intake.models import ImportRun
from fraudhub.tabular import UnreadableFile


class Command(BaseCommand):
    help = (
        "Import a referral file (CSV in UTF-8 or Windows-1252, or .xlsx). Progress goes to "
        "the terminal; the last line is a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--org", required=True, help="The sending organisation's slug")
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_slug(options["org"])
        tty = sys.stderr.isatty()

        def progress(run: ImportRun) -> None:
            line = f"{run.rows:,} rows ({run.percent_done}%): {run.created:,} created, {run.updated:,} updated, {run.unchanged:,} unchanged, {run.quarantined:,} quarantined"
            sys.stderr.write(("\r" + line) if tty else line + "\n")
            sys.stderr.flush()

        try:
            run = import_referrals(
                path=options["file"],
                organisation=organisation,
                batch_size=options["batch_size"],
                progress=progress,
            )
        except (UnreadableFile, ImportFailed) as exc:
            raise CommandError(str(exc)) from exc
        if tty:
            sys.stderr.write("\n")
        sys.stderr.write(f"Read as {run.get_encoding_display()}\n")
        self.stdout.write(json.dumps(run.summary()))
