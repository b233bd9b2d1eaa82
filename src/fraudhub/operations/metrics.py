"""Prometheus metrics for operators at /metrics, with a bearer token (METRICS_TOKEN);
without the token, or with none set, the address answers 404 like any unknown one.

Requests and their latency are counted in each process. Under gunicorn's several workers
they go to files in PROMETHEUS_MULTIPROC_DIR (set by deploy/gunicorn.conf.py), which a
scrape adds up across the workers. The queue, failed tasks, imports, overdue level 1
cases and the worker's heartbeat are counted in the database when scraped."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.utils import timezone
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from fraudhub.casework.lifecycle import OPEN_VALUES
from fraudhub.casework.models import Case
from fraudhub.intake.models import ImportRun

from .models import WorkerHeartbeat
from .services import QUEUE

REQUESTS = Counter(
    "fraudhub_requests", "Requests answered, by view name", ["view", "method", "status"]
)
LATENCY = Histogram(
    "fraudhub_request_duration_seconds",
    "Time to answer a request, by view name",
    ["view"],
    buckets=(0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0),
)


def record_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view).observe(seconds)


class DatabaseFigures(Collector):
    """Gauges read from the database at each scrape: right whichever process answers."""

    def collect(self) -> Iterator[Metric]:
        yield from _queue_figures()
        imports = GaugeMetricFamily(
            "fraudhub_imports", "Partner file imports by state", labels=["state"]
        )
        by_state = dict(ImportRun.objects.values_list("status").annotate(n=Count("id")))
        for state in ImportRun.Status.values:
            imports.add_metric([state], by_state.get(state, 0))
        yield imports
        overdue = Case.objects.filter(
            level=1,
            state__in=OPEN_VALUES,
            first_contact_on__isnull=True,
            due_date__lt=timezone.localdate(),
        ).count()
        yield GaugeMetricFamily(
            "fraudhub_level1_cases_overdue",
            "Open level 1 cases not contacted by their due date",
            value=overdue,
        )
        beat = WorkerHeartbeat.objects.filter(name=QUEUE).values_list("beat_at", flat=True).first()
        if beat is not None:
            yield GaugeMetricFamily(
                "fraudhub_worker_heartbeat_age_seconds",
                "Seconds since a background worker last ran the heartbeat task",
                value=(timezone.now() - beat).total_seconds(),
            )


def _queue_figures() -> Iterator[Metric]:
    if "DatabaseBackend" not in settings.TASKS["default"]["BACKEND"]:
        return
    from django_tasks_db.models import DBTaskResult

    yield GaugeMetricFamily(
        "fraudhub_tasks_waiting",
        "Background tasks due and waiting for a worker",
        value=DBTaskResult.objects.ready().count(),
    )
    failed = GaugeMetricFamily(
        "fraudhub_tasks_failed",
        "Failed background tasks kept in the queue, by task",
        labels=["task"],
    )
    for path, n in DBTaskResult.objects.failed().values_list("task_path").annotate(n=Count("id")):
        failed.add_metric([path.rsplit(".", 1)[-1]], n)
    yield failed


def registry() -> CollectorRegistry:
    """This scrape's metrics: every gunicorn worker's counters (or this process's), and
    the database's figures."""
    scrape = CollectorRegistry(auto_describe=True)
    if settings.PROMETHEUS_MULTIPROC_DIR:
        MultiProcessCollector(scrape, path=settings.PROMETHEUS_MULTIPROC_DIR)
    else:
        scrape.register(REGISTRY)
    scrape.register(DatabaseFigures())
    return scrape


def token_matches(request: HttpRequest) -> bool:
    expected = settings.FRAUDHUB_METRICS_TOKEN
    scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    return (
        bool(expected)
        and scheme == "Bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    )


def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics in Prometheus's text format, for a request with the operators' token."""
    if request.method != "GET" or not token_matches(request):
        return HttpResponseNotFound("Not found", content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type="text/plain; version=0.0.4")
