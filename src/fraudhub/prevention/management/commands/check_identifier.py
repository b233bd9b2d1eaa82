"""`fraudhub check-identifier KIND VALUE`: the answer "check before you pay" gives, as
JSON, for partners' scripts. Like the page, it says nothing of what is not published."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from fraudhub.prevention.checking import CHECK_KINDS, check


class Command(BaseCommand):
    help = (
        "Check a phone number, website, email address or bank account (sort code and "
        "account number together) against the identifiers published for checking; prints "
        'JSON: {"kind", "normalised", "published_match", "reports"}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help=f"One of: {', '.join(CHECK_KINDS)}")
        parser.add_argument("value", help='As typed, like "01632 960001" or "30-94-30 00733445"')

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"].strip().lower().replace("-", "_")
        if kind not in CHECK_KINDS:
            raise CommandError(
                f"{options['kind']!r} is not a kind that can be checked: use one of "
                f"{', '.join(CHECK_KINDS)}"
            )
        answer = check(kind, options["value"])
        if not answer.readable:
            raise CommandError(f"{options['value']!r} cannot be read: {answer.problem}")
        self.stdout.write(json.dumps(answer.as_json()))
