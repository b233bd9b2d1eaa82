"""`fraudhub import-target-list FILE --source TEXT`: import a seized scammers' target list
and book proactive calls. Progress goes to stderr; the last line is a JSON summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.casework.target_lists import import_target_list
from fraudhub.linking.people import PERSON_COLUMNS
from fraudhub.linking.persons.lists import UnreadablePersonList


class Command(BaseCommand):
    help = (
        "Import a seized target list: de-duplicate it, match it to known victims and book "
        "a proactive call for everyone in the county. Columns (all optional but id): "
        + ", ".join(PERSON_COLUMNS)
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV (or .xlsx) file of the people on the list")
        parser.add_argument(
            "--source", required=True, help="Where the list came from, e.g. who seized it and when"
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed for training samples")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = import_target_list(
                path=Path(options["file"]),
                source=options["source"],
                actor_label="import-target-list",
                progress=lambda message: self.stderr.write(message),
                seed=options["seed"],
            )
        except (UnreadablePersonList, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(summary.as_dict()))
