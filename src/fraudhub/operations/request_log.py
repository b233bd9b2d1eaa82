"""One log line and the metrics for every request, under a request id that the response
echoes (X-Request-ID) so a resident's or partner's complaint can be found in the logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from .logs import REQUEST_ID_KEY, current_request, request_id_for, user_id_of
from .metrics import record_request

logger = logging.getLogger("fraudhub.requests")


def view_name(request: HttpRequest) -> str:
    """The route's name ("intake:step"), never its path: paths carry references."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or "unnamed"
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    return "unresolved"


class RequestLogMiddleware:
    """Second in MIDDLEWARE, after the operators' endpoints: it times everything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request, uuid.uuid4().hex)
        # kept on the request too, for the lines Django writes after the middleware returns
        request.META[REQUEST_ID_KEY] = request_id
        token = current_request.set((request_id, request))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            view = view_name(request)
            response["X-Request-ID"] = request_id
            record_request(
                view=view, method=request.method or "", status=response.status_code, seconds=seconds
            )
            logger.info(
                "%s %s %s",
                request.method,
                view,
                response.status_code,
                extra={
                    "view": view,
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                    "user_id": user_id_of(request),
                },
            )
            return response
        finally:
            current_request.reset(token)
