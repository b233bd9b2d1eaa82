"""Demo logins' second factor: `fraudhub demo-data` gives each an authenticator whose code
`fraudhub demo-code USERNAME` prints, on a development site only (DEBUG on)."""

from __future__ import annotations

import time

from django.contrib.auth.models import User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

DEMO_DEVICE_NAME = "Demo authenticator (fraudhub demo-data)"


def give_demo_authenticator(user: User) -> TOTPDevice:
    """The demo login's authenticator, made once with its own random key (unless someone
    already set up a real app for the login, which is then left as it is)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True)
    return device


def current_code(device: TOTPDevice, at: float | None = None) -> tuple[str, int]:
    """The code an authenticator app with this device's key shows at `at` (now), and the
    seconds until it changes (the app knows nothing of the server's drift estimate)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = time.time() if at is None else at
    left = device.step - int(totp.time - device.t0) % device.step
    return f"{totp.token():0{device.digits}d}", left
