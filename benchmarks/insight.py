"""How fast the analysts' map, trends, emerging scams and data-quality pages answer with
a county's worth of reports, and how much memory one page takes.

Creates a fresh PostgreSQL database, migrates it, fills it with the queue benchmark's
reports and victims (COPY, deterministic by seed; received over about 2.5 years, so the
default 12 months hold about 40% of them), then signs a hub case manager in with Django's
test client and asks for each page several times, timing each answer.

    .venv/bin/python benchmarks/insight.py                  # 100,000 reports
    .venv/bin/python benchmarks/insight.py --reports 20000

See docs/performance.md for what the figures mean.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Sequence

from databases import (  # benchmarks/databases.py
    drop_database,
    fresh_database,
    load_average,
    log,
    set_up_django,
)
from web import fill, make_staff  # benchmarks/web.py

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_insightbench"  # dropped after
PAGES = {
    "map by district": ("/staff/insight/map/", {}),
    "map by council, by losses": ("/staff/insight/map/", {"area": "council", "measure": "losses"}),
    "map, one kind of scam": ("/staff/insight/map/", {"scam_type": "courier"}),
    "trends": ("/staff/insight/trends/", {}),
    "trends, 3 years": ("/staff/insight/trends/", {"received_from": "1/1/2024"}),
    "emerging scams": ("/staff/insight/emerging/", {}),
    "data quality": ("/staff/insight/data-quality/", {}),
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=5, help="per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)

    set_up_django(args.postgres_url)
    from django.db import connection
    from django.test import Client

    try:
        fresh_database(args.postgres_url)
        user, staff = make_staff(1)
        loaded = fill(args.postgres_url, args.reports, args.reports // 5, args.seed, staff)
        log(f"Filled {loaded.reports:,} reports and victims in {loaded.seconds:.1f} s")
        client = Client()
        client.force_login(user)
        log(f"{'page':28} {'n':>3} {'p50 ms':>8} {'max ms':>8} {'peak MB':>8}")
        for label, (url, params) in PAGES.items():
            times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(url, params)
                times.append(1000 * (time.perf_counter() - started))
                assert response.status_code == 200, f"{label}: {response.status_code}"
            tracemalloc.start()
            client.get(url, params)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            log(
                f"{label:28} {len(times):>3} {statistics.median(times):>8.0f} "
                f"{max(times):>8.0f} {peak:>8.1f}"
            )
        log(f"Load average at the end: {load_average()}")
    finally:
        connection.close()
        drop_database(args.postgres_url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
