"""`fraudhub link`: recompute identifier clusters and people groups; prints counts and
timings as JSON. `--schedule` books the nightly run in the background queue instead."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.linking.people import ENGINES, spark_session
from fraudhub.linking.services import run_linking
from fraudhub.linking.tasks import schedule_linking


class Command(BaseCommand):
    help = (
        "Recompute the clusters of reports that share an identifier and the groups of "
        "person records that are one person; prints counts and times as JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default="duckdb",
            help="Where people matching runs: DuckDB in this process, or Spark",
        )
        parser.add_argument("--seed", type=int, default=1, help="Seed for training samples")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Book a run every night (FRAUDHUB_LINK_HOUR, UTC, default 2) for the worker",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            when = schedule_linking(engine=options["engine"])
            if when is None:
                raise CommandError(
                    "The task backend cannot run work later: set TASKS_BACKEND to "
                    "django_tasks_db.DatabaseBackend and run `fraudhub db_worker`"
                )
            self.stdout.write(json.dumps({"next_run": when.isoformat()}))
            return
        figures = run_linking(engine=options["engine"], seed=options["seed"])
        if options["engine"] == "spark":
            spark_session().stop()
        self.stdout.write(json.dumps(figures))
