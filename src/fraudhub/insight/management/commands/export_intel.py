"""`fraudhub export-intel --format stix|misp|csv --out FILE`: the scammers' identifiers in
the reports an organisation may see, as a STIX 2.1 bundle, a MISP event or a CSV list."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.governance.management.organisations import organisation_by_slug
from fraudhub.governance.models import Organisation
from fraudhub.insight.intel import (
    FORMATS,
    TLP_LEVELS,
    IntelOptions,
    InvalidExport,
    export_intel,
)
from fraudhub.reports import normalise


def _receiver(slug: str | None) -> Organisation:
    if slug:
        return organisation_by_slug(slug)
    hub = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    if hub is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            f"There is no fraud hub organisation: give --org. Known organisations: {known or 'none'}"
        )
    return hub


def _since(typed: str | None) -> date | None:
    if not typed:
        return None
    result = normalise.uk_date(typed)
    if result.value is None or result.issues:
        problem = result.issues[0] if result.issues else f"{typed} is not a date"
        raise CommandError(f"--since: {problem}. Give a date like 05/03/2026 or 2026-03-05.")
    return date.fromisoformat(result.value)


class Command(BaseCommand):
    help = (
        "Export scammers' identifiers (phone numbers, email addresses, websites, accounts...) "
        "from the reports an organisation may see, as STIX 2.1, MISP event JSON or CSV."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, help=f"One of: {', '.join(FORMATS)}")
        parser.add_argument("--out", required=True, help="The file to write")
        parser.add_argument(
            "--org", help="The receiving organisation's slug (the hub itself if left out)"
        )
        parser.add_argument("--since", help="Only reports received on or after this date")
        parser.add_argument(
            "--min-reports",
            default="1",
            help="Only identifiers named in at least this many reports (default 1)",
        )
        parser.add_argument(
            "--tlp", default="amber", help=f"Traffic Light Protocol: {', '.join(TLP_LEVELS)}"
        )
        parser.add_argument(
            "--include-names",
            action="store_true",
            help="Include names scammers used (left out by default: they may be real people's)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].strip().lower()
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format '{options['format']}'. Use stix, misp or csv.")
        tlp = options["tlp"].strip().lower()
        if tlp not in TLP_LEVELS:
            raise CommandError(f"Unknown TLP '{options['tlp']}'. Use {', '.join(TLP_LEVELS)}.")
        try:
            min_reports = int(str(options["min_reports"]).strip())
        except ValueError:
            min_reports = 0
        if min_reports < 1:
            raise CommandError(
                f"--min-reports must be a whole number of 1 or more, not '{options['min_reports']}'."
            )
        since = _since(options["since"])
        organisation = _receiver(options["org"])
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(f"Cannot write {out}: the folder {out.parent} does not exist.")
        request = IntelOptions(
            format=fmt,
            tlp=tlp,
            since=since,
            min_reports=min_reports,
            include_names=options["include_names"],
        )
        try:
            export = export_intel(organisation=organisation, options=request)
        except InvalidExport as exc:
            raise CommandError(
                f"Nothing written: the STIX bundle did not pass the validator: {exc}"
            ) from exc
        out.write_text(export.text, encoding="utf-8", newline="")
        for warning in export.warnings:
            self.stderr.write(f"Warning: {warning}")
        found = export.aggregate
        self.stdout.write(
            f"Wrote {export.count:,} identifiers from {found.reports:,} reports to {out} "
            f"({fmt.upper()}, TLP:{tlp.upper()}, for {organisation.name})."
        )
        left_out = [
            f"{found.excluded:,} on the exclusion list" if found.excluded else "",
            f"{found.names_withheld:,} names used (add --include-names to export them)"
            if found.names_withheld
            else "",
            f"{found.below_minimum:,} in fewer than {min_reports} reports"
            if found.below_minimum
            else "",
        ]
        if any(left_out):
            self.stdout.write("Left out: " + "; ".join(p for p in left_out if p) + ".")
