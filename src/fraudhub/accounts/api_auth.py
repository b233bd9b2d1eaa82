"""The API's door: hashed tokens ("Authorization: Token fh_..."), and throttles that read
their rates from settings when used and count each address as settings say."""

from __future__ import annotations

import base64
import binascii
import re
import time
from typing import Any

from django.contrib.auth.models import User
from django.core.cache import cache
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from . import services
from .addresses import client_address
from .models import ApiToken

KEYWORD = "Token"
RATE = re.compile(r"^(\d+)/(\d*)\s*(s|sec|m|min|h|hour|d|day)$")
SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    """ "30/min" or "10/10min": how many requests in how many seconds."""
    if rate is None:
        return None, None
    match = RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"Cannot read the throttle rate {rate!r}: write it like '30/min'.")
    count, times, unit = match.groups()
    return int(count), int(times or 1) * SECONDS[unit]


class SettingsRate:
    """Rates read from settings each time (not once at import), in "N/[k]unit" form, and
    the client's address found the way the rest of the site finds it."""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate: str | None) -> tuple[int | None, int | None]:
        return parse_rate(rate)

    def get_ident(self, request: Request) -> str:
        return client_address(request._request)


class SignedInThrottle(SettingsRate, UserRateThrottle):
    pass


class BadTokenThrottle(SettingsRate, SimpleRateThrottle):
    """Counts bad tokens from an address; past the rate, that address is refused (429)
    whatever token it sends, until the oldest bad one is out of the window."""

    scope = "bad_token"

    def get_cache_key(self, request: Request, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _history(self, request: Request) -> list[float]:
        self.key = self.get_cache_key(request, None)
        self.now = self.timer()
        history: list[float] = [
            t for t in cache.get(self.key, []) if t > self.now - (self.duration or 0)
        ]
        self.history = history
        return history

    def refused_for(self, request: Request) -> float | None:
        """Seconds until this address may try again, or None if it may now."""
        if self.num_requests is None or self.duration is None:
            return None
        history = self._history(request)
        if len(history) < self.num_requests:
            return None
        return max(1.0, history[-1] + self.duration - self.now)

    def count(self, request: Request) -> None:
        if self.num_requests is None or self.duration is None:
            return
        history = self._history(request)
        history.insert(0, time.time())
        cache.set(self.key, history, self.duration)


class HashedTokenAuthentication(BaseAuthentication):
    """Finds the token by its SHA-256 digest (the token itself is never stored), refuses
    expired and revoked ones saying so, and slows down an address sending bad ones."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != KEYWORD.lower().encode():
            return None
        return self.check(request, words)

    def check(self, request: Request, words: list[bytes]) -> tuple[User, ApiToken]:
        """The login of the token in `words` (the keyword and the token), or why not."""
        throttle = BadTokenThrottle()
        wait = throttle.refused_for(request)
        if wait is not None:
            raise exceptions.Throttled(
                wait=wait, detail="Too many bad tokens from this address. Wait, then try again."
            )
        if len(words) != 2:
            throttle.count(request)
            raise exceptions.AuthenticationFailed(
                "Invalid token header: send 'Authorization: Token' and the token, with one space."
            )
        try:
            token = services.authenticate_api_token(words[1].decode("latin-1"))
        except services.TokenRefused as refused:
            throttle.count(request)
            raise exceptions.AuthenticationFailed(str(refused)) from None
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return KEYWORD


class TokenAsPasswordAuthentication(HashedTokenAuthentication):
    """HTTP Basic with the token as the password (any user name): the scheme every TAXII
    client supports, as the TAXII standard asks servers to, with no password of a person
    ever sent by a system."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != b"basic":
            return None
        try:
            _, _, password = base64.b64decode(
                words[1] if len(words) == 2 else b"", validate=True
            ).partition(b":")
        except (binascii.Error, ValueError):
            password = b""
        if not password:
            raise exceptions.AuthenticationFailed(
                "Invalid basic credentials: send any user name and the token as the password."
            )
        return self.check(request, [b"Basic", password])

    def authenticate_header(self, request: Request) -> str:
        return 'Basic realm="Fraud Hub"'


class HashedTokenScheme(OpenApiAuthenticationExtension):
    """How the schema describes the token: the header 'Authorization: Token <token>'."""

    target_class = "fraudhub.accounts.api_auth.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return dict(
            build_bearer_security_scheme_object(header_name="Authorization", token_prefix=KEYWORD)
        )
