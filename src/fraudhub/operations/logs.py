"""Log lines as JSON for operators' log search: each carries the request id and the user's
id (a number, never a name) of the request it was written in, and every text field is
masked for personal data (fraudhub/log_redaction.py) after the message has been."""

from __future__ import annotations

import logging
import re
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from fraudhub.log_redaction import redact

current_request: ContextVar[tuple[str | None, HttpRequest] | None] = ContextVar(
    "current_request", default=None
)
REQUEST_ID_KEY = "fraudhub.request_id"
# What a proxy may send as the request's id: nginx's $request_id is 32 hexadecimal digits.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Fields the formatter writes itself, left unmasked: a timestamp and an id are not
# personal data but look like long numbers to the mask.
UNMASKED = frozenset({"time", "request_id"})


def request_id_for(request: HttpRequest, generated: str) -> str:
    """The id a trusted proxy gave the request (X-Request-ID), or `generated`. Without a
    trusted proxy the header is the client's own choice, so it is ignored."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.FRAUDHUB_TRUSTED_PROXIES and REQUEST_ID.fullmatch(given):
        return given
    return generated


def user_id_of(request: HttpRequest) -> int | None:
    """The signed-in user's id, if the request already knows who it is; never loads the
    session just to log (a health check must not touch the database)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:  # type: ignore[attr-defined]
        return None
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.pk)


class RequestContext(logging.Filter):
    """Adds request_id and user_id to every line written while a request is served, and
    to Django's own line about a request's answer, written just after (None outside a
    request: the worker, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = current_request.get()
        request = getattr(record, "request", None)
        if current is None and isinstance(request, HttpRequest):
            current = (request.META.get(REQUEST_ID_KEY), request)
        if not hasattr(record, "request_id"):
            record.request_id = current[0] if current else None
        if not hasattr(record, "user_id"):
            record.user_id = user_id_of(current[1]) if current else None
        return True


class JsonLines(JsonFormatter):
    """One JSON object a line. Django's request object (which the `django.request` logger
    attaches) is left out: its text is the path and query string."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "%(levelname)s %(name)s %(message)s")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request"])
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        for key, value in log_data.items():
            if key in UNMASKED or value is None or isinstance(value, bool | int | float):
                continue
            log_data[key] = redact(value if isinstance(value, str) else str(value))
        return log_data
