"""What the timeout warning on staff pages needs to know."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from fraudhub.governance.access import signed_in

from . import sessions


def session_time(request: HttpRequest) -> dict[str, Any]:
    if signed_in(getattr(request, "user", None)) is None:
        return {}
    return {
        "session_seconds_left": max(0, int(sessions.remaining(request.session).seconds)),
        "session_warning_seconds": settings.FRAUDHUB_SESSION_WARNING_SECONDS,
        "session_absolute_hours": settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS // 3600,
    }
