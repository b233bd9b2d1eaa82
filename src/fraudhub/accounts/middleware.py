"""Who counts as signed in: only a session that passed the second factor, and only while
its time lasts."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from . import sessions

logger = logging.getLogger(__name__)

# Pages that end a session with a redirect to "You have been signed out"; elsewhere (the
# public pages, the API) the visitor simply carries on signed out.
SIGNED_IN_AREAS = ("/staff/", "/admin/")


class NotVerified(AnonymousUser):
    """Someone who gave a password but not yet the second factor: nobody, to every page."""

    otp_device = None

    def is_verified(self) -> bool:
        return False


def _verified_or_nobody(user: object) -> object:
    if getattr(user, "is_authenticated", False) and not user.is_verified():  # type: ignore[attr-defined]
        return NotVerified()
    return user


class RequireSecondFactorMiddleware:
    """After django-otp's middleware: a session signed in without a verified second factor
    (by any route) is treated as signed out, on staff pages, the admin and the API alike."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        request.user = SimpleLazyObject(lambda: _verified_or_nobody(user))  # type: ignore[assignment]
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Ends a signed-in session 30 minutes after its last request or 12 hours after sign-in
    (settings), and otherwise notes the request. Asking how long is left (the timeout
    warning's check) is not a request that keeps the session alive."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            left = sessions.remaining(request.session)
            if left.ended:
                user_id = request.user.pk
                logout(request)
                logger.info("Session ended (%s limit) for user %s", left.ended, user_id)
                if request.path.startswith(SIGNED_IN_AREAS) and request.path != reverse(
                    "accounts:session"
                ):
                    back = {"next": request.get_full_path()} if request.method == "GET" else {}
                    query = urlencode({"after": left.ended, **back})
                    return HttpResponseRedirect(f"{reverse('accounts:signed_out')}?{query}")
            elif not (request.method == "GET" and request.path == reverse("accounts:session")):
                sessions.seen(request.session)
        return self.get_response(request)
