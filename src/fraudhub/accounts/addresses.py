"""The address a request came from, trusting X-Forwarded-For only as far as settings say."""

from __future__ import annotations

from django.conf import settings
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
