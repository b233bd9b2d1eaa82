"""`fraudhub deploy-check`: before an upgrade, Django's deployment checks, the migrations
still to apply, and a refusal of any that would lock a large table for long or break the
release still running (docs/upgrades.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.operations import upgrades


class Command(BaseCommand):
    help = (
        "Run Django's deployment checks, list the migrations not yet applied, and fail on "
        "one that would lock a table of more than FRAUDHUB_LARGE_TABLE_ROWS rows or break a "
        "rolling deploy."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--accept",
            action="append",
            default=[],
            metavar="APP.MIGRATION",
            help="A migration reviewed and planned for a quiet time (downtime or a "
            "maintenance window): reported, not refused. Repeat for each.",
        )
        parser.add_argument(
            "--fail-level",
            default="ERROR",
            choices=["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"],
            help="The deployment check level that fails (default ERROR)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Deployment checks:")
        call_command("check", deploy=True, fail_level=options["fail_level"], stdout=self.stdout)
        steps = upgrades.plan()
        if not steps:
            self.stdout.write("Migrations: all applied.")
            return
        self.stdout.write(f"Migrations not yet applied ({len(steps)}):")
        for migration, _ in steps:
            self.stdout.write(f"  {migration.app_label}.{migration.name}")
        planned = upgrades.pending(steps)
        rows = upgrades.estimated_rows(t for p in planned for t in p.tables)
        refused, warned = upgrades.judge(planned, rows, large=settings.FRAUDHUB_LARGE_TABLE_ROWS)
        accepted = set(options["accept"])
        for finding in warned + [f for f in refused if f.planned.migration in accepted]:
            self.stdout.write(f"  Note (small table or accepted): {finding}")
        refused = [f for f in refused if f.planned.migration not in accepted]
        if refused:
            raise CommandError(
                "Do not upgrade yet: these migrations would lock a large table for long or "
                "break the release still running during a rolling deploy:\n  "
                + "\n  ".join(str(f) for f in refused)
                + "\nSplit them as docs/upgrades.md says (add, backfill, then remove in a "
                "later release), or plan downtime and pass --accept APP.MIGRATION."
            )
        self.stdout.write("The pending migrations are safe to apply while the service runs.")
