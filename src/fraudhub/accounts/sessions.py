"""How long a signed-in session lasts: 30 minutes without a request, 12 hours in all.

The times are kept in the session itself, set when someone signs in; a session without
them (made before they existed) counts as ended."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

SIGNED_IN_AT = "fraudhub_signed_in_at"
LAST_SEEN = "fraudhub_last_seen"
# Noting each request would write the session every time; a minute's slack is harmless.
LAST_SEEN_RESOLUTION = 60


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Remaining:
    idle: float  # seconds until the idle limit, if nothing is done meanwhile
    absolute: float  # seconds until the absolute limit, whatever is done

    @property
    def seconds(self) -> float:
        return min(self.idle, self.absolute)

    @property
    def ended(self) -> str:
        """Why the session has ended ("idle" or "absolute"), or "" while it lasts."""
        if self.absolute <= 0:
            return "absolute"
        if self.idle <= 0:
            return "idle"
        return ""


def remaining(session: SessionBase, at: float | None = None) -> Remaining:
    """What is left of a signed-in session at time `at` (now by default)."""
    at = now() if at is None else at
    signed_in = session.get(SIGNED_IN_AT)
    last_seen = session.get(LAST_SEEN)
    if not isinstance(signed_in, int | float) or not isinstance(last_seen, int | float):
        return Remaining(idle=0, absolute=0)
    return Remaining(
        idle=last_seen + settings.FRAUDHUB_SESSION_IDLE_SECONDS - at,
        absolute=signed_in + settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS - at,
    )


def seen(session: SessionBase, at: float | None = None) -> None:
    """Note a request: the idle limit starts again."""
    at = now() if at is None else at
    last_seen = session.get(LAST_SEEN)
    if not isinstance(last_seen, int | float) or at - last_seen >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN] = at


def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Start the clocks at sign-in; the session's own expiry matches the absolute limit."""
    at = now()
    request.session[SIGNED_IN_AT] = at
    request.session[LAST_SEEN] = at
    request.session.set_expiry(settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="fraudhub.accounts.sessions")
