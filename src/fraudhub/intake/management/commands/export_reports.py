"""`fraudhub export-reports --org SLUG --out FILE`: the reports an organisation may see,
in the referral CSV format with normalised values."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fraudhub.governance.management.organisations import organisation_by_slug
from fraudhub.intake.exports import export_reports


class Command(BaseCommand):
    help = "Export the reports an organisation may see, as referral CSV (UTF-8)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True)
        parser.add_argument("--out", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_slug(options["org"])
        count = export_reports(options["out"], organisation=organisation)
        self.stdout.write(f"Wrote {count:,} reports to {options['out']}.")
