"""`fraudhub api-token USERNAME`: print the partner API token of a staff user, issuing one
if they have none (`--replace` issues a new one and the old one stops working)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token

from fraudhub.governance.audit import organisation_of


class Command(BaseCommand):
    help = (
        "Print a staff user's partner API token, issuing one if needed. The user must "
        "belong to an organisation: what they send is from it, and what they see is its share."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Issue a new token; the old one stops working at once (for a lost or leaked token).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'. Create the login first in the admin.")
        if not user.is_active:
            raise CommandError(f"{username}'s login is switched off, so a token would not work.")
        organisation = organisation_of(user)
        if organisation is None:
            raise CommandError(
                f"{username} has no organisation, so they could neither send nor read reports. "
                "Give them a staff profile with their organisation in the admin "
                "(Staff profiles), then run this again."
            )
        with transaction.atomic():
            if options["replace"]:
                Token.objects.filter(user=user).delete()
            token, created = Token.objects.get_or_create(user=user)
        what = "New token" if created else "Existing token"
        self.stderr.write(f"{what} for {username} ({organisation}):")
        self.stdout.write(token.key)
