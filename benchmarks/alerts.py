"""One scam alert to 100,000 subscribers: how fast the deliveries are made and the
messages prepared and handed to the local backend (fraudhub.mail_folder, one .eml file a
message), and the peak memory of the process that does it.

Creates a fresh PostgreSQL database, migrates it, stores the subscribers (a tenth Welsh,
a third for a few councils), publishes one alert with a Welsh text and runs the sending
in this process as the worker would (`send_alert`: claims, batches, marks), with the
rate limit off so the figure is what one worker can do. Peak memory is the process's
resident set (resource.getrusage), which counts Django and the database driver too.

    .venv/bin/python benchmarks/alerts.py                        # 100,000 subscribers
    .venv/bin/python benchmarks/alerts.py --subscribers 20000

See docs/performance.md ("Alerts") for what the figures mean.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from collections.abc import Sequence

from databases import drop_database, fresh_database, load_average, log, set_up_django

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_alertsbench"  # dropped after
COUNCILS = ("Watford", "St Albans", "Dacorum", "Stevenage")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500, help="messages claimed at once")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)

    folder = tempfile.mkdtemp(prefix="fraudhub-alerts-", dir="/dev/shm")
    fresh_database(args.postgres_url)
    os.environ.update(
        FRAUDHUB_ALERTS_EMAIL_BACKEND="fraudhub.mail_folder.EmailBackend",
        FRAUDHUB_MAIL_FOLDER=folder,
        FRAUDHUB_ALERTS_PER_SECOND="0",
        FRAUDHUB_ALERTS_BATCH=str(args.batch),
    )
    set_up_django(args.postgres_url)
    try:
        return _run(args.subscribers, folder)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.postgres_url)
        shutil.rmtree(folder, ignore_errors=True)


def _run(count: int, folder: str) -> int:
    from django.test import TestCase
    from django.utils import timezone

    from fraudhub.prevention.models import Alert, Delivery, Subscription
    from fraudhub.prevention.services.sending import queue_alert, send_alert

    now = timezone.now()
    log(f"Storing {count:,} subscribers ...")
    Subscription.objects.bulk_create(
        (
            Subscription(
                email=f"subscriber{n}@example.com",
                whole_county=n % 3 != 0,
                councils=[] if n % 3 else [COUNCILS[n % len(COUNCILS)]],
                language="cy" if n % 10 == 0 else "en",
                passes_on=n % 50 == 0,
                confirmed_at=now,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )
    alert = Alert.objects.create(
        status=Alert.Status.PUBLISHED,
        title="Fake parcel delivery texts",
        looks_like="A text saying a parcel could not be delivered, with a link to pay a fee.",
        how_to_spot="The link is not to Royal Mail's website; Royal Mail never texts for fees.",
        what_to_do="Do not open the link. Forward the text to 7726, then delete it.",
        title_cy="Negeseuon testun parseli ffug",
        looks_like_cy="Neges destun yn dweud na ellid danfon parsel, gyda dolen.",
        how_to_spot_cy="Nid yw'r ddolen i wefan y Post Brenhinol.",
        what_to_do_cy="Peidiwch ag agor y ddolen. Anfonwch y neges i 7726.",
        drafted_by_label="benchmark",
        published_at=now,
    )
    log(f"Load average before sending: {load_average()}")
    started = time.perf_counter()
    with TestCase.captureOnCommitCallbacks(execute=False):  # the worker sends, below
        made = queue_alert(alert=alert)
    queued = time.perf_counter() - started
    log(f"Deliveries made: {made:,} in {queued:.1f} s ({made / queued:,.0f} a second)")

    started = time.perf_counter()
    sent = send_alert(alert_id=alert.pk)
    seconds = time.perf_counter() - started
    files = sum(1 for name in os.listdir(folder) if name.endswith(".eml"))
    left = Delivery.objects.exclude(status=Delivery.Status.SENT).count()
    log(f"Sent: {sent:,} in {seconds:.1f} s ({sent / seconds:,.0f} a second)")
    log(f"Files in the local backend's folder: {files:,}; deliveries not sent: {left}")
    log(f"Peak memory (resident set): {_peak_mb():.0f} MB")
    log(f"Load average at the end: {load_average()}")
    return 0 if files == made == sent and not left else 1


if __name__ == "__main__":
    raise SystemExit(main())
