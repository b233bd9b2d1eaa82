"""`fraudhub api-token USERNAME`: issue a named partner API token, printed once (only its
digest is kept), that works for a number of days; list a login's tokens, or revoke them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fraudhub.accounts import services
from fraudhub.accounts.models import ApiToken
from fraudhub.governance.access import allowed, organisation_of, role_names
from fraudhub.governance.roles import Permission

DEFAULT_NAME = "API"
DEFAULT_DAYS = 180


class Command(BaseCommand):
    help = (
        "Issue a staff user's partner API token (printed once: keep it safe), list their "
        "tokens, or revoke them. The user must belong to an organisation: what they send "
        "is from it, and what they see is its share."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name",
            default=DEFAULT_NAME,
            help=f"What the token is for, like 'Case system' (default '{DEFAULT_NAME}').",
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"How many days the token works (default {DEFAULT_DAYS}).",
        )
        what = parser.add_mutually_exclusive_group()
        what.add_argument(
            "--replace",
            action="store_true",
            help="Revoke the working token of that name and issue a new one (for a lost or leaked token).",
        )
        what.add_argument(
            "--revoke", action="store_true", help="Revoke the working token of that name."
        )
        what.add_argument("--list", action="store_true", help="List the login's tokens.")

    def handle(self, *args: Any, **options: Any) -> None:
        username, name = options["username"], options["name"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'. Create the login first in the admin.")
        if options["list"]:
            self._list(user)
            return
        if options["revoke"]:
            count = services.revoke_api_tokens(user=user, name=name)
            self.stderr.write(f"Revoked {count} working token(s) called '{name}' for {username}.")
            return
        if not user.is_active:
            raise CommandError(f"{username}'s login is switched off, so a token would not work.")
        organisation = organisation_of(user)
        if organisation is None:
            raise CommandError(
                f"{username} has no organisation, so they could neither send nor read reports. "
                "Give them a staff profile with their organisation in the admin "
                "(Staff profiles), then run this again."
            )
        if not (allowed(user, Permission.VIEW_REPORTS) or allowed(user, Permission.SEND_REFERRALS)):
            roles = " and ".join(role_names(user)) or "none"
            raise CommandError(
                f"{username}'s role ({roles}) allows neither reading reports nor sending "
                "referrals, so a token would do nothing. Give them the Partner user role in "
                "the admin (Groups), then run this again."
            )
        if options["days"] < 1:
            raise CommandError("--days must be 1 or more.")
        working = [
            t for t in ApiToken.objects.filter(user=user, name=name) if t.state() == "active"
        ]
        if working and not options["replace"]:
            raise CommandError(
                f"{username} already has a working token called '{name}' (it starts "
                f"{working[0].prefix}, expires {working[0].expires_at:%-d %B %Y}). It cannot be "
                "shown again. Add --replace to revoke it and issue a new one, or give the new "
                "token another --name."
            )
        if options["replace"]:
            services.revoke_api_tokens(user=user, name=name)
        issued = services.issue_api_token(user=user, name=name, days=options["days"])
        self.stderr.write(
            f"New token '{name}' for {username} ({organisation}), working until "
            f"{issued.token.expires_at:%-d %B %Y}. It is shown only now: pass it on safely."
        )
        self.stdout.write(issued.value)

    def _list(self, user: User) -> None:
        now = timezone.now()
        tokens = ApiToken.objects.filter(user=user)
        if not tokens:
            self.stdout.write(f"{user.get_username()} has no API tokens.")
        for token in tokens:
            used = f"{token.last_used_at:%-d %B %Y}" if token.last_used_at else "never"
            self.stdout.write(
                f"{token.name}\t{token.prefix}…\t{token.state(now)}\t"
                f"expires {token.expires_at:%-d %B %Y}\tlast used {used}"
            )
