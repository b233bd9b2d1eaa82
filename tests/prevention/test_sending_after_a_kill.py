"""Exactly once, for real: the background worker (`fraudhub db_worker`, a process of its
own on a file SQLite database) sends an alert to 300 subscribers through the local
backend, is killed with SIGKILL mid-send and started again; every subscriber then has
exactly one message, and only the batch in hand at the kill was taken up twice."""

from __future__ import annotations

import email
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

SUBSCRIBERS = 300
BATCH = 10
PROJECT = Path(__file__).resolve().parents[2]
FRAUDHUB = Path(sys.executable).parent / "fraudhub"

SET_UP = f"""
from django.utils import timezone
from fraudhub.prevention.models import Alert, Subscription
from fraudhub.prevention.services.sending import queue_alert
now = timezone.now()
Subscription.objects.bulk_create(
    Subscription(email=f"person{{n}}@example.com", confirmed_at=now) for n in range({SUBSCRIBERS})
)
alert = Alert.objects.create(
    status="published", title="Fake parcel texts", looks_like="A text with a link.",
    how_to_spot="Not Royal Mail's website.", what_to_do="Do not open the link.",
    drafted_by_label="analyst", published_at=now,
)
print(queue_alert(alert=alert))
"""


@pytest.fixture
def place(tmp_path: Path) -> Iterator[dict[str, str]]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT / "src"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "FRAUDHUB_ALERTS_EMAIL_BACKEND": "fraudhub.mail_folder.EmailBackend",
        "FRAUDHUB_MAIL_FOLDER": str(tmp_path / "mail"),
        "FRAUDHUB_ALERTS_PER_SECOND": "50",
        "FRAUDHUB_ALERTS_BATCH": str(BATCH),
        "FRAUDHUB_ALERTS_LEASE_SECONDS": "2",
        "DEBUG": "true",
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    yield environment


def _run(environment: dict[str, str], *args: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own command)
        [str(FRAUDHUB), *args], env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _worker(environment: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 (our own command)
        [str(FRAUDHUB), "db_worker", "--no-reload", "--interval", "0.2", "--no-startup-delay"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _messages(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def _mid_batch(handed: int) -> bool:
    """A fifth of the way in, with part of a batch handed over and not yet marked sent:
    the moment a careless sender would send again."""
    return handed >= SUBSCRIBERS // 5 and 2 <= handed % BATCH <= BATCH - 2


def _wait_for(check: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.005)


def test_a_worker_killed_mid_send_and_restarted_delivers_to_everyone_exactly_once(
    place: dict[str, str],
) -> None:
    folder = Path(place["FRAUDHUB_MAIL_FOLDER"])
    database = place["DATABASE_URL"].removeprefix("sqlite:///")
    _run(place, "migrate", "-v0")
    assert _run(place, "shell", "-c", SET_UP).split()[-1] == str(SUBSCRIBERS)

    first = _worker(place)
    try:
        _wait_for(lambda: _mid_batch(len(_messages(folder))), 120)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    handed_before_kill = len(_messages(folder))
    assert 60 <= handed_before_kill < SUBSCRIBERS, "the kill came mid-send"

    second = _worker(place)
    try:

        def all_sent() -> bool:
            with sqlite3.connect(database) as db:
                [(left,)] = db.execute(
                    "select count(*) from prevention_delivery where status != 'sent'"
                ).fetchall()
            return left == 0

        _wait_for(all_sent, 120)
    finally:
        second.send_signal(signal.SIGKILL)
        second.wait()

    messages = _messages(folder)
    recipients = [email.message_from_bytes(m.read_bytes())["To"] for m in messages]
    assert sorted(recipients) == sorted(f"person{n}@example.com" for n in range(SUBSCRIBERS))
    with sqlite3.connect(database) as db:
        statuses = dict(
            db.execute("select status, count(*) from prevention_delivery group by status")
        )
        [(taken_up_again,)] = db.execute(
            "select count(*) from prevention_delivery where attempts > 1"
        ).fetchall()
    assert statuses == {"sent": SUBSCRIBERS}
    assert taken_up_again <= BATCH
