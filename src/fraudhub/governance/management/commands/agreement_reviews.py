"""`fraudhub agreement-reviews`: email the owners of data-sharing agreements whose review
date has passed (once a week each). `--schedule` books it daily in the background worker."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.reviews import schedule_reviews, warn_overdue_reviews


class Command(BaseCommand):
    help = "Warn the owners of data-sharing agreements whose review date has passed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="Book the warnings daily instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            when = schedule_reviews()
            if when is None:
                raise CommandError("The background queue cannot run work later.")
            self.stdout.write(f"The next review warnings are booked for {when:%Y-%m-%d %H:%M} UTC.")
            return
        warned = warn_overdue_reviews()
        if not warned:
            self.stdout.write("No agreement's owners needed warning.")
        for agreement in warned:
            self.stdout.write(f"Warned {agreement.owner.name}: {agreement.title}")
