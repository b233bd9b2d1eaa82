"""`fraudhub scheduler`: books the worker's heartbeat and the daily jobs (the nightly
linking run at FRAUDHUB_LINK_HOUR, UTC) for `fraudhub db_worker`. Safe to run on several
machines: each job is booked once a day between them."""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from fraudhub.operations.scheduler import TICK_SECONDS, tick

logger = logging.getLogger("fraudhub.scheduler")


class Command(BaseCommand):
    help = (
        "Book the background worker's daily jobs (the nightly linking run) and its "
        "heartbeat, every half minute, until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Book what is due now and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        while not stop.is_set():
            close_old_connections()
            try:
                for name in tick(timezone.now()):
                    logger.info("Booked the daily job %s", name, extra={"job": name})
            except DatabaseError:
                # The database may be restarting: try again at the next tick.
                logger.exception("Could not reach the database to book the daily jobs")
            if options["once"]:
                return
            stop.wait(TICK_SECONDS)
