"""/metrics: Prometheus figures for operators with the token, and nothing (404) for anyone
else; requests by view name, never by path; gunicorn's workers counted together."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector

from fraudhub.casework.models import Case
from fraudhub.intake.models import ImportRun
from fraudhub.operations.services import record_heartbeat
from fraudhub.operations.tasks import worker_heartbeat_task
from tests.factories import make_case

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-operators-token"


@pytest.fixture(autouse=True)
def _token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_METRICS_TOKEN = TOKEN
    settings.PROMETHEUS_MULTIPROC_DIR = ""


def scrape(token: str = TOKEN) -> str:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    return response.content.decode()


def value(text: str, sample: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(sample + " ")]
    assert lines, f"{sample} is not in the scrape"
    return float(lines[0].rsplit(" ", 1)[1])


def test_without_the_right_token_the_address_is_not_found(settings) -> None:  # type: ignore[no-untyped-def]
    assert Client().get("/metrics").status_code == 404
    wrong = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 404
    assert b"fraudhub" not in wrong.content
    # the token alone, without the scheme Prometheus sends, is not the token
    token = settings.FRAUDHUB_METRICS_TOKEN
    assert Client().get("/metrics", HTTP_AUTHORIZATION=token).status_code == 404
    assert Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    settings.FRAUDHUB_METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_requests_are_counted_by_view_name_not_by_path() -> None:
    Client().get("/track/FH-2026-000123/")
    text = scrape()
    sample = 'fraudhub_requests_total{method="GET",status="302",view="intake:track_session"}'
    assert value(text, sample) >= 1
    assert 'fraudhub_request_duration_seconds_count{view="intake:track_session"}' in text
    assert "FH-2026" not in text


def test_queue_failures_imports_overdue_cases_and_heartbeat_are_read_from_the_database(
    settings,  # type: ignore[no-untyped-def]
    partner_org,  # type: ignore[no-untyped-def]
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    worker_heartbeat_task.enqueue()
    worker_heartbeat_task.enqueue()
    failed = worker_heartbeat_task.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status=TaskResultStatus.FAILED)
    ImportRun.objects.create(organisation=partner_org, filename="a.csv", status="failed")
    ImportRun.objects.create(organisation=partner_org, filename="b.csv", status="done")
    ImportRun.objects.create(organisation=partner_org, filename="c.csv", status="done")
    late = make_case()
    assert Case.objects.count() == 1
    Case.objects.filter(pk=late.pk).update(
        level=1, first_contact_on=None, due_date=timezone.localdate() - timedelta(days=1)
    )
    record_heartbeat(at=timezone.now() - timedelta(seconds=120))
    text = scrape()
    assert value(text, "fraudhub_tasks_waiting") == 2
    assert value(text, 'fraudhub_tasks_failed{task="worker_heartbeat_task"}') == 1
    assert value(text, 'fraudhub_imports{state="failed"}') == 1
    assert value(text, 'fraudhub_imports{state="done"}') == 2
    assert value(text, 'fraudhub_imports{state="running"}') == 0
    assert value(text, "fraudhub_level1_cases_overdue") == 1
    Case.objects.filter(pk=late.pk).update(first_contact_on=timezone.localdate())
    assert value(scrape(), "fraudhub_level1_cases_overdue") == 0
    assert 120 <= value(text, "fraudhub_worker_heartbeat_age_seconds") < 180


COUNT_IN_A_WORKER = """
import django
django.setup()
from fraudhub.operations.metrics import record_request
record_request(view="intake:start", method="GET", status=200, seconds=0.05)
record_request(view="intake:start", method="GET", status=200, seconds=0.07)
"""


def test_the_counts_of_several_worker_processes_are_added_up(tmp_path: Path) -> None:
    """Each gunicorn worker is a process of its own: a scrape answered by any one of them
    must count every worker's requests."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fraudhub.settings",
    }
    for _ in range(2):
        subprocess.run([sys.executable, "-c", COUNT_IN_A_WORKER], env=env, check=True, timeout=120)
    assert len(list(tmp_path.glob("*.db"))) >= 2  # one set of files for each process
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(tmp_path))
    labels = {"view": "intake:start", "method": "GET", "status": "200"}
    assert registry.get_sample_value("fraudhub_requests_total", labels) == 4
    assert (
        registry.get_sample_value(
            "fraudhub_request_duration_seconds_count", {"view": "intake:start"}
        )
        == 4
    )


def test_the_scrape_adds_up_the_workers_files(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fraudhub.settings",
    }
    subprocess.run([sys.executable, "-c", COUNT_IN_A_WORKER], env=env, check=True, timeout=120)
    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    text = scrape()
    assert (
        value(text, 'fraudhub_requests_total{method="GET",status="200",view="intake:start"}') == 2
    )
