"""The address a request came from, trusting X-Forwarded-For only as far as settings say."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def forwarded_client(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client's address: the connection's own with no trusted proxy; behind N proxies,
    the Nth entry from the right of X-Forwarded-For (each proxy appends what it saw, so
    entries further left are whatever the client chose to send)."""
    if trusted_proxies <= 0 or not forwarded_for.strip():
        return remote_addr
    entries = [e.strip() for e in forwarded_for.split(",") if e.strip()]
    if not entries:
        return remote_addr
    return entries[-min(trusted_proxies, len(entries))]


def client_address(request: HttpRequest) -> str:
    return forwarded_client(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.FRAUDHUB_TRUSTED_PROXIES,
    )


HOUR = 3600


def tries_this_hour(request: HttpRequest, what: str) -> int:
    """How many times the client's address has done `what` (a short name: "check-lookups")
    in the hour since its first try, counted in the cache every web process shares."""
    return int(cache.get(f"{what}:{client_address(request)}", 0))


def count_try(request: HttpRequest, what: str) -> int:
    """Count one more `what` from the client's address; returns the count this hour."""
    key = f"{what}:{client_address(request)}"
    cache.add(key, 0, timeout=HOUR)
    return int(cache.incr(key))
