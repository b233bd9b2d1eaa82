"""`fraudhub add-organisation SLUG --name NAME --kind KIND`: add a partner organisation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from fraudhub.governance.models import Organisation


class Command(BaseCommand):
    help = "Add a partner organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument(
            "--kind",
            default=Organisation.Kind.OTHER,
            choices=list(Organisation.Kind.values),
            help="One of: " + ", ".join(Organisation.Kind.values),
        )
        parser.add_argument("--sees-all-reports", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"]
        if slugify(slug) != slug:
            raise CommandError(
                f"'{slug}' is not a slug: use lower-case letters, numbers and hyphens, like {slugify(slug) or 'trading-standards'}"
            )
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with slug '{slug}' already exists")
        Organisation.objects.create(
            slug=slug,
            name=options["name"],
            kind=options["kind"],
            sees_all_reports=options["sees_all_reports"],
        )
        self.stdout.write(f"Added {options['name']} ({slug}).")
