"""What the timeout warning on staff pages needs to know."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from . import sessions


def session_time(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_seconds_left": max(0, int(sessions.remaining(request.session).seconds)),
        "session_warning_seconds": settings.FRAUDHUB_SESSION_WARNING_SECONDS,
        "session_absolute_hours": settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS // 3600,
    }
