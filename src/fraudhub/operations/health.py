"""/healthz/ (the process answers) and /readyz/ (it can serve: database, migrations, the
worker's heartbeat, media storage) for load balancers and monitoring. Answered before
any other middleware, so a load balancer calling by IP address over plain HTTP is neither
refused for its Host header nor redirected to HTTPS, and no session or cookie is made.
The answers name failed checks only: nothing about the data or the configuration."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.utils import timezone

from .models import WorkerHeartbeat
from .services import QUEUE

MIGRATIONS_CACHE_SECONDS = 60
_migrations_checked: dict[str, float | bool] = {}


def database_reachable() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connections[DEFAULT_DB_ALIAS].close()
        return False
    return True


def migrations_applied() -> bool:
    """No migration waits to be applied; reading the migration files costs tens of
    milliseconds, so the answer is kept for a minute."""
    checked_at = _migrations_checked.get("at")
    if isinstance(checked_at, float) and time.monotonic() - checked_at < MIGRATIONS_CACHE_SECONDS:
        return bool(_migrations_checked["ok"])
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    ok = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_checked.update(at=time.monotonic(), ok=ok)
    return ok


def worker_recent() -> bool:
    """A worker ran the heartbeat task within WORKER_HEARTBEAT_MAX_AGE seconds (0: the
    worker is left out of readiness and watched through the metrics alone)."""
    max_age = settings.FRAUDHUB_WORKER_HEARTBEAT_MAX_AGE
    if max_age <= 0:
        return True
    since = timezone.now() - timedelta(seconds=max_age)
    return WorkerHeartbeat.objects.filter(name=QUEUE, beat_at__gte=since).exists()


def media_writable() -> bool:
    try:
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".readyz-"):
            pass
    except OSError:
        return False
    return True


def failed_checks() -> list[str]:
    """The names of the checks that fail; the database's depend on reaching it."""
    failed = []
    if database_reachable():
        checks: dict[str, Callable[[], bool]] = {
            "migrations": migrations_applied,
            "worker": worker_recent,
        }
        for name, check in checks.items():
            try:
                if not check():
                    failed.append(name)
            except DatabaseError:
                failed.append(name)
    else:
        failed += ["database", "migrations", "worker"]
    if not media_writable():
        failed.append("media")
    return failed


def _reading(request: HttpRequest) -> HttpResponse | None:
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


def healthz(request: HttpRequest) -> HttpResponse:
    """The process answers; nothing else is asked (the database is /readyz/'s)."""
    return _reading(request) or HttpResponse("ok", content_type="text/plain")


def readyz(request: HttpRequest) -> HttpResponse:
    """200 when this server can serve; 503 naming the failed checks when it cannot."""
    if refused := _reading(request):
        return refused
    failed = failed_checks()
    return JsonResponse({"ready": not failed, "failed": failed}, status=503 if failed else 200)


class OperatorsFirstMiddleware:
    """Answers the health checks and the metrics before every other middleware (first in
    MIDDLEWARE): no Host check, no HTTPS redirect, no session, no cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from .metrics import metrics

        self.get_response = get_response
        self.views: dict[str, Callable[[HttpRequest], HttpResponse]] = {
            "/healthz/": healthz,
            "/readyz/": readyz,
            "/metrics": metrics,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.views.get(request.path_info)
        if view is None:
            return self.get_response(request)
        response = view(request)
        response["Cache-Control"] = "no-store"
        return response
