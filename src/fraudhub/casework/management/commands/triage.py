"""`fraudhub triage REFERENCE`: a report's victim triaged now, as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.casework.services import triage_reports
from fraudhub.reports.models import Report


class Command(BaseCommand):
    help = "Triage a report's victim and print level, due date and reasons as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference", help="The report's reference, e.g. FH-2026-000123")

    def handle(self, *args: Any, **options: Any) -> None:
        reference = options["reference"].strip().upper()
        report = Report.objects.filter(reference=reference).first()
        if report is None:
            raise CommandError(f"No report has the reference {reference}")
        cases = triage_reports(report_ids=[report.pk])
        if not cases:
            raise CommandError(f"{reference} has no victim to triage")
        case = cases[0]
        self.stdout.write(
            json.dumps(
                {
                    "level": case.level,
                    "due": case.due_date.isoformat(),
                    "reasons": case.triage_reasons,
                }
            )
        )
