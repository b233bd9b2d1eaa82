"""`fraudhub demo-code USERNAME`: the code a demo login's authenticator shows now."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from fraudhub.accounts.demo import DEMO_DEVICE_NAME, current_code


class Command(BaseCommand):
    help = (
        "Print the sign-in code of a demo login made by `fraudhub demo-data` (development "
        "sites only: DEBUG must be on). Real logins use their own authenticator app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo codes are for development sites only: DEBUG is off.")
        username = options["username"]
        user = User.objects.filter(username=username).first()
        device = (
            TOTPDevice.objects.filter(user=user, name=DEMO_DEVICE_NAME, confirmed=True).first()
            if user is not None
            else None
        )
        if device is None:
            raise CommandError(
                f"'{username}' is not a demo login made by `fraudhub demo-data`, so it has no "
                "demo code. Real logins use the authenticator app they set up."
            )
        code, left = current_code(device)
        self.stderr.write(f"Code for {username} (changes in {left} seconds):")
        self.stdout.write(code)
