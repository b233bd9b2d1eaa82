"""Response headers every page gets (the security ones come from Django's settings and
django-csp; see settings.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Nothing the application answers is kept by a browser or proxy cache: staff pages,
    API answers and a resident's own answers all carry personal data. Static files are
    answered earlier (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
