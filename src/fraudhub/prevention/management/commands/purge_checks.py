"""`fraudhub purge-checks`: delete the values the public checked that nobody had published,
30 days after they were checked. The daily retention run does this too."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from fraudhub.prevention.services.checks import UNMATCHED_KEPT_DAYS, purge_unmatched_checks


class Command(BaseCommand):
    help = (
        f"Delete unmatched look-ups of check before you pay older than {UNMATCHED_KEPT_DAYS} days."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = purge_unmatched_checks()
        self.stdout.write(
            f"Deleted {removed} unmatched look-ups older than {UNMATCHED_KEPT_DAYS} days."
        )
