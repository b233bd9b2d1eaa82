"""/healthz/ and /readyz/: what a load balancer calling by IP address over plain HTTP gets,
and which checks /readyz/ names when the server cannot serve."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fraudhub.operations import health
from fraudhub.operations.services import record_heartbeat

pytestmark = pytest.mark.django_db

# how a load balancer calls: the server's address, plain HTTP, no cookie
BALANCER = {"HTTP_HOST": "10.0.0.7:8000"}


@pytest.fixture(autouse=True)
def _production_hardening(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.ALLOWED_HOSTS = ["fraudhub.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.MEDIA_ROOT = tmp_path / "media"
    health._migrations_checked.clear()


def test_healthz_answers_ok_without_the_database_host_check_or_https() -> None:
    with CaptureQueriesContext(connections["default"]) as queries:
        response = Client().get("/healthz/", **BALANCER)
    assert (response.status_code, response.content) == (200, b"ok")
    assert len(queries) == 0
    assert not response.cookies


def test_readyz_answers_200_when_everything_is_ready() -> None:
    record_heartbeat()
    response = Client().get("/readyz/", **BALANCER)
    assert response.status_code == 200
    assert response.json() == {"ready": True, "failed": []}
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_readyz_answers_503_naming_the_database_when_it_is_unreachable() -> None:
    record_heartbeat()
    refused = OperationalError("connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = Client().get("/readyz/", **BALANCER)
    assert response.status_code == 503
    assert response.json() == {"ready": False, "failed": ["database", "migrations", "worker"]}
    assert b"refused" not in response.content


def test_a_worker_silent_too_long_makes_the_server_not_ready(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_WORKER_HEARTBEAT_MAX_AGE = 600
    record_heartbeat(at=timezone.now() - timedelta(seconds=601))
    response = Client().get("/readyz/", **BALANCER)
    assert (response.status_code, response.json()["failed"]) == (503, ["worker"])
    settings.FRAUDHUB_WORKER_HEARTBEAT_MAX_AGE = 0
    assert Client().get("/readyz/", **BALANCER).status_code == 200


def test_no_heartbeat_ever_is_not_ready() -> None:
    assert Client().get("/readyz/", **BALANCER).json()["failed"] == ["worker"]


def test_media_storage_that_cannot_be_written_is_named(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    record_heartbeat()
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked
    response = Client().get("/readyz/", **BALANCER)
    assert (response.status_code, response.json()["failed"]) == (503, ["media"])


def test_unapplied_migrations_are_named_and_the_answer_is_kept_a_minute() -> None:
    record_heartbeat()
    with mock.patch.object(health.MigrationExecutor, "migration_plan", return_value=["0002"]):
        assert Client().get("/readyz/", **BALANCER).json()["failed"] == ["migrations"]
    # applied since, but the answer is kept for a minute: no migration files read again
    with mock.patch.object(health.MigrationExecutor, "migration_plan") as plan:
        assert Client().get("/readyz/", **BALANCER).json()["failed"] == ["migrations"]
    plan.assert_not_called()
    health._migrations_checked["at"] = float(health._migrations_checked["at"]) - 61
    assert Client().get("/readyz/", **BALANCER).json()["failed"] == []


def test_health_checks_take_only_reading_requests() -> None:
    assert Client().post("/healthz/", **BALANCER).status_code == 405
    assert Client().post("/readyz/", **BALANCER).status_code == 405
