"""Limits on files uploaded through the browser, checked before the body is read.

Django keeps form fields within DATA_UPLOAD_MAX_MEMORY_SIZE, but streams uploaded files to
disk whatever their size. A view that takes files is wrapped in `limit_upload`: a request
whose Content-Length is already too large is answered at once, unread, and the files of
any other request are counted as they stream in and stopped once they pass the limit."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# Room in a request for the multipart envelope and the form's other fields.
ENVELOPE_BYTES = 64 * 1024

View = Callable[..., HttpResponse]


class LimitedUploadHandler(FileUploadHandler):
    """Counts the bytes of the files being uploaded and stops the upload once they pass
    the limit; the rest of the request (at most the envelope, since Content-Length was
    checked first) is read and dropped, so the browser gets the page that says why."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.stopped = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.stopped = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def declared_size(request: HttpRequest) -> int:
    """The size of the body as the request declares it, read before the body itself."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def upload_stopped(request: HttpRequest) -> bool:
    """Whether the request's files passed the limit as they streamed in (the form then
    has no file, and the view says why)."""
    return any(isinstance(h, LimitedUploadHandler) and h.stopped for h in request.upload_handlers)


def limit_upload(max_bytes: Callable[[], int], too_large: View) -> Callable[[View], View]:
    """Wrap a view that takes files: a POST declaring a body larger than `max_bytes()` (and
    the envelope) gets `too_large(request, *args, **kwargs)` without its body being read;
    any other has its files stopped at `max_bytes()` as they stream in. CSRF is checked as
    usual, after the handler is in place: Django's CSRF check reads the body, so the view
    is exempt from the middleware's check and protected here instead."""

    def decorator(view: View) -> View:
        protected = csrf_protect(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST":
                limit = max_bytes()
                if declared_size(request) > limit + ENVELOPE_BYTES:
                    return too_large(request, *args, **kwargs)
                request.upload_handlers = [
                    LimitedUploadHandler(request, limit),
                    *request.upload_handlers,
                ]
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator
