"""`fraudhub people-model`: retrain the people-matching model shipped for small lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fraudhub.linking.people import SHIPPED_MODEL, train_shipped_model


class Command(BaseCommand):
    help = "Train the people-matching model used for lists too small to learn from."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(SHIPPED_MODEL), help="Where to save it")
        parser.add_argument("--people", type=int, default=3_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        train_shipped_model(Path(options["out"]), people=options["people"], seed=options["seed"])
        self.stdout.write(f"Saved {options['out']}")
