"""Checking the second factor: which devices a user has, and a code checked against one,
with the wait a run of wrong codes imposes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCodeDevice


def authenticator_of(user: User) -> TOTPDevice | None:
    """The user's authenticator app, once set up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_of(user: User) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()


@dataclass(frozen=True)
class Checked:
    device: Device | None  # the device that accepted the code, if any
    wait_until: datetime | None = None  # wrong codes in a row: no check before then


def check_code(device: Device, code: str) -> Checked:
    """Check a code against one device, refusing to check at all while its wait runs."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, why = locked.verify_is_allowed()
        if not allowed:
            return Checked(device=None, wait_until=(why or {}).get("locked_until"))
        if locked.verify_token(code):
            return Checked(device=locked)
    return Checked(device=None)
