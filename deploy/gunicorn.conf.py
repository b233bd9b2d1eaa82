"""gunicorn's settings for Fraud Hub: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment file (docs/deployment.md):
GUNICORN_BIND, WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_TIMEOUT and
PROMETHEUS_MULTIPROC_DIR. `systemctl reload fraudhub-web` (SIGHUP) starts new workers on the
new code and lets the old ones finish their requests.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from pathlib import Path
from typing import Any

wsgi_app = "fraudhub.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# A request's time is mostly the database's and the templates', so a process per core and
# one more waiting on the database serve best: 2 x cores + 1, at most 12 a machine (more
# only adds PostgreSQL connections; add machines instead).
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
# Uploads of partners' files are read in the request (5 MB at most) and imported by the
# worker, so no page needs long: a request past 30 s is stuck and its worker restarted.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# No control socket ($HOME/.gunicorn/gunicorn.ctl): two servers on one machine would share it,
# and systemd's signals do all the controlling the service needs.
control_socket_disable = True
keepalive = 5
# Each worker is replaced after about a thousand requests, so no slow leak grows for ever.
max_requests = 1000
max_requests_jitter = 100

# The application writes one JSON line per request (with the view's name, never the path,
# which carries references and tracking links; fraudhub/operations/request_log.py), so
# gunicorn's own access log is off. In each worker, gunicorn's error lines go through the
# application's logging (JSON, the personal-data mask: post_worker_init below); the master
# process writes only its own start, stop and worker lines, in gunicorn's plain format.
accesslog = None
errorlog = "-"

# This file imports nothing of the application: whatever the master process imports, its
# workers inherit, and a reload (HUP) after an upgrade would start them on the old code.
# Request counters of every worker process are added up when /metrics is read.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="fraudhub-metrics-"))


def post_worker_init(worker: Any) -> None:
    """In the worker, once the application (and its logging) is loaded: gunicorn's error
    lines are written by the application's handlers, and what the first requests would
    wait for is prepared."""
    import logging

    gunicorn_errors = logging.getLogger("gunicorn.error")
    gunicorn_errors.handlers = list(logging.getLogger().handlers)
    gunicorn_errors.propagate = False
    # Ready before the first request: the first report a worker stored waited about a
    # second and a half for the people model's scoring (docs/performance.md, "Load").
    from fraudhub.operations.warm import warm_up

    warm_up()


def on_starting(server: Any) -> None:
    """Start counting from nothing: the files of the last run's workers are stale."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def child_exit(server: Any, worker: Any) -> None:
    """A worker gone: its live gauges go too (prometheus_client's mark_process_dead, written
    out so the master imports nothing); its counters stay in the sum."""
    for live in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob(f"gauge_live*_{worker.pid}.db"):
        live.unlink()
