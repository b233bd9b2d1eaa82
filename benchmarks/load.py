"""How many people the production server serves at once: 50 concurrent users on gunicorn
with production settings and PostgreSQL holding a county's worth of reports.

Fills a PostgreSQL database with N reports, their victims and cases (benchmarks/web.py's
COPY fill; skipped when the database already holds them, so a rerun starts at once),
starts gunicorn with DEBUG off and the production settings file (deploy/gunicorn.conf.py),
then drives it with locust in headless mode (benchmarks/load_users.py): residents walking
the public journey to a stored report and following its tracking link, case managers
signed in with a password and an authenticator code working the case queue, case pages
and search, partner systems on the API, and beside them a trivial page on the same server
in the same run (the ceiling). Every user pauses 2 to 8 seconds between pages (`--wait`),
far quicker than people read a case or answer a question. The first 20 seconds, while
the users start and sign in, are not counted (`--ramp`); then 60 are. Prints throughput,
p50/p95/p99 and errors per group.

    .venv/bin/python benchmarks/load.py                      # 100,000 reports, 50 users
    .venv/bin/python benchmarks/load.py --wait 1 3           # pauses 2.5 times shorter
    .venv/bin/python benchmarks/load.py --reports 20000 --seconds 30

See docs/performance.md ("Load") for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psycopg
from databases import (  # benchmarks/databases.py
    django_env,
    fresh_database,
    load_average,
    log,
    set_up_django,
)
from web import fill, free_port, make_staff, percentile  # benchmarks/web.py

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_load"
DEFAULT_REPORTS = 100_000
TARGET_STAFF_P95_MS = 300.0
PASSWORD = "load-benchmark-password"  # noqa: S105 - a benchmark login on a throwaway database
BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
STATIC_CACHE = Path(tempfile.gettempdir()) / "fraudhub-load-static"
GROUPS = ("staff", "public", "api", "trivial")
QUEUE_FILTERS = [
    {},
    {"page": "2"},
    {"page": "40"},
    {"overdue_only": "yes"},
    {"assignee": "nobody"},
    {"age_band": "80 and over"},
]


def holds(url: str, reports: int) -> bool:
    """Whether the database exists with at least `reports` reports loaded by this benchmark."""
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            loaded = conn.execute("SELECT count(*) FROM reports_report").fetchone()
            staff = conn.execute(
                "SELECT count(*) FROM auth_user WHERE username = 'casemanager0'"
            ).fetchone()
    except psycopg.Error:
        return False
    return bool(loaded and staff and loaded[0] >= reports and staff[0] == 1)


def vacuum(url: str) -> None:
    """VACUUM ANALYZE, as PostgreSQL's autovacuum keeps a deployment's tables: the fill
    and earlier runs leave dead rows (every audit entry is written, then chained) that a
    server with autovacuum switched off, as a test machine's may be, would read again on
    every request."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def totp_key(username: str) -> str:
    """A fixed authenticator key for a benchmark login, so locust can compute its codes."""
    return hashlib.sha1(f"load:{username}".encode()).hexdigest()  # noqa: S324


def case_managers(count: int) -> list[dict[str, str]]:
    """Hub case managers with a password and an authenticator whose key the benchmark
    knows (made once; a rerun finds them)."""
    from django.contrib.auth.models import Group, User
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fraudhub.governance.models import Organisation, StaffProfile

    hub = Organisation.objects.get(kind=Organisation.Kind.FRAUD_HUB, slug="fraud-hub")
    group = Group.objects.get(name="Case manager")
    staff = []
    for n in range(count):
        username = f"loadstaff{n}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=PASSWORD)
            user.groups.add(group)
            StaffProfile.objects.create(user=user, organisation=hub)
            TOTPDevice.objects.create(
                user=user, name="Authenticator app", key=totp_key(username), confirmed=True
            )
        staff.append({"username": username, "key": totp_key(username)})
    return staff


def api_tokens(count: int) -> tuple[list[str], list[str]]:
    """Tokens for a hub analyst's system (reading every report) and a partner's (sending
    referrals), `count` of each, working for a day."""
    from django.contrib.auth.models import Group, User

    from fraudhub.accounts.services import issue_api_token
    from fraudhub.governance.models import Organisation, StaffProfile

    hub = Organisation.objects.get(kind=Organisation.Kind.FRAUD_HUB, slug="fraud-hub")
    partner, _ = Organisation.objects.get_or_create(
        slug="load-partner",
        defaults={"name": "Load Trading Standards", "kind": Organisation.Kind.TRADING_STANDARDS},
    )
    tokens: dict[str, list[str]] = {}
    for username, role, organisation in (
        ("loadanalyst", "Analyst", hub),
        ("loadpartner", "Partner user", partner),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username)
            user.groups.add(Group.objects.get(name=role))
            StaffProfile.objects.create(user=user, organisation=organisation)
        tokens[username] = [
            issue_api_token(user=user, name=f"Load benchmark {n}", days=1).value
            for n in range(count)
        ]
    return tokens["loadanalyst"], tokens["loadpartner"]


def samples(seed: int) -> dict[str, list[Any]]:
    """Open cases, references and search terms (surnames, postcodes) to ask for, and the
    names and postcodes new reports give."""
    from fraudhub.casework.lifecycle import OPEN_VALUES
    from fraudhub.casework.models import Case
    from fraudhub.reports.models import Person, Report

    rng = random.Random(seed)
    cases = list(Case.objects.filter(state__in=OPEN_VALUES).values_list("id", flat=True)[:20_000])
    references = list(
        Report.objects.exclude(reference=None).values_list("reference", flat=True)[:20_000]
    )
    names = list(Person.objects.values_list("last_name", flat=True).distinct()[:2_000])
    given = list(Person.objects.values_list("first_name", flat=True).distinct()[:2_000])
    postcodes = list(Person.objects.exclude(postcode="").values_list("postcode", flat=True)[:2_000])
    return {
        "case_ids": rng.sample(cases, min(500, len(cases))),
        "references": rng.sample(references, min(500, len(references))),
        # The people residents and partners report: names and postcodes of the county
        # in new combinations, so the people matching sees what a county's arrivals
        # look like and not one person reported again and again.
        "first_names": [n for n in given if n],
        "last_names": [n for n in names if n],
        "postcodes": postcodes,
        "search_terms": rng.sample(names, min(100, len(names)))
        + rng.sample(postcodes, min(50, len(postcodes))),
    }


def collect_static(env: dict[str, str]) -> None:
    """The stylesheets and scripts as a deployment serves them (once; kept for reruns)."""
    if (STATIC_CACHE / "fraudhub" / "fraudhub.css").exists():
        return
    log("Collecting static files (once) ...")
    subprocess.run(  # noqa: S603
        [str(BIN / "fraudhub"), "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
    )


def until_healthy(port: int, server: subprocess.Popen[bytes]) -> None:
    """Until /healthz/ answers 200: the port opens before the workers have prepared what
    their first requests need (deploy/gunicorn.conf.py's post_worker_init)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=10) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            sys.exit("gunicorn did not answer /healthz/ within two minutes")
        time.sleep(0.5)


def warm_up(port: int, workers: int) -> None:
    """A few requests for each worker first: the first request a worker answers also
    compiles its templates and opens its database connection."""
    for _ in range(3 * workers):
        for path in ("/report/", "/report/who/", "/staff/sign-in/"):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60):  # noqa: S310
                pass


def summary(
    times: list[list[Any]], seconds: float, whole: float
) -> tuple[list[str], dict[str, float]]:
    """A line per group and per page: requests, throughput, p50/p95/p99, max and errors.
    Pages' throughput is over the `seconds` measured; sign-in's over the `whole` run, as
    every sign-in is counted, most of them while the users start."""
    lines = [
        f"{'':28} {'requests':>8} {'req/s':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7} "
        f"{'errors':>6}"
    ]
    p95s = {}
    names = sorted({t[1] for t in times})
    for label, kept in [(g, [t for t in times if t[0] == g]) for g in GROUPS] + [
        (f"  {n}", [t for t in times if t[1] == n]) for n in names
    ]:
        if not kept:
            continue
        ms = [t[2] for t in kept]
        over = whole if label.strip() == "sign-in" else seconds
        lines.append(
            f"{label:28} {len(ms):8,} {len(ms) / over:7.1f} {percentile(ms, 0.5):7.0f} "
            f"{percentile(ms, 0.95):7.0f} {percentile(ms, 0.99):7.0f} {max(ms):7.0f} "
            f"{sum(1 for t in kept if t[3]):6}"
        )
        p95s[label] = percentile(ms, 0.95)
    return lines, p95s


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--reports", type=int, default=DEFAULT_REPORTS, help="reports loaded")
    parser.add_argument("--open-cases", type=int, default=None, help="None: a fifth")
    parser.add_argument("--users", type=int, default=50, help="people at once")
    parser.add_argument("--spawn-rate", type=int, default=10, help="users started a second")
    parser.add_argument("--seconds", type=int, default=60, help="measured, after the ramp")
    parser.add_argument(
        "--ramp",
        type=int,
        default=20,
        help="seconds first for the users to start and sign in, not counted",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=min(2 * (os.cpu_count() or 1) + 1, 12),
        help="gunicorn workers (deploy/gunicorn.conf.py's default: 2 x cores + 1, at most 12)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads in each worker")
    parser.add_argument(
        "--wait",
        type=float,
        nargs=2,
        default=(2.0, 8.0),
        help='each user\'s pause between pages, seconds (docs/performance.md, "Load")',
    )
    parser.add_argument("--seed", type=int, default=1, help="for the fill and the samples")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL, help="kept between runs")
    parser.add_argument("--fresh", action="store_true", help="load the database again")
    args = parser.parse_args(argv)
    open_cases = args.open_cases if args.open_cases is not None else args.reports // 5

    log(f"Load average at the start: {load_average()}")
    cached = not args.fresh and holds(args.postgres_url, args.reports)
    if not cached:
        fresh_database(args.postgres_url)
    set_up_django(args.postgres_url)
    if cached:
        log(f"The database already holds {args.reports:,} reports: not loading again.")
    else:
        _, managers = make_staff(6)
        log(f"Filling: {args.reports:,} reports, {open_cases:,} open cases ...")
        loaded = fill(args.postgres_url, args.reports, open_cases, args.seed, managers)
        log(f"  {loaded.seconds:.1f} s")
    public = args.users * 2 // 5
    staff_users = args.users * 2 // 5
    api_users = (args.users - public - staff_users) // 2
    trivial = args.users - public - staff_users - api_users
    read_tokens, send_tokens = api_tokens(max(api_users, 1))
    config = {
        "wait": args.wait,
        "users": {"public": public, "staff": staff_users, "api": api_users, "trivial": trivial},
        "staff": case_managers(staff_users),
        "password": PASSWORD,
        "read_tokens": read_tokens,
        "send_tokens": send_tokens,
        "queue_filters": QUEUE_FILTERS,
        "csrf_cookie": "__Host-csrftoken",
        **samples(args.seed),
    }
    from django.db import connection

    connection.close()
    vacuum(args.postgres_url)
    call = ["axes_reset"]  # a benchmark login locked by an earlier broken run signs in again
    subprocess.run([str(BIN / "fraudhub"), *call], env=django_env(args.postgres_url), check=True)  # noqa: S603

    port = free_port()
    env = {
        **django_env(args.postgres_url),
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(STATIC_CACHE),
        "CONN_MAX_AGE": "60",
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    collect_static(env)
    server = subprocess.Popen(  # noqa: S603
        # The production settings file (deploy/gunicorn.conf.py), as a deployment runs it,
        # with its metrics and worker recycling.
        [str(BIN / "gunicorn"), "-c", str(HERE.parent / "deploy" / "gunicorn.conf.py")],
        env={
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        until_healthy(port, server)
        config["trivial_path"] = "/healthz/"
        warm_up(port, args.workers)
        with tempfile.TemporaryDirectory() as work:
            (Path(work) / "config.json").write_text(json.dumps(config))
            results = Path(work) / "times.json"
            log(
                f"{args.users} users ({public} residents, {staff_users} case managers, "
                f"{api_users} partner systems, {trivial} on {config['trivial_path']}) for "
                f"{args.ramp} s to start, then {args.seconds} s measured, on gunicorn with "
                f"{args.workers} workers of {args.threads} thread{'s' if args.threads > 1 else ''} ..."
            )
            before = load_average()
            started = time.time()
            ran = subprocess.run(  # noqa: S603
                [
                    str(BIN / "locust"),
                    "-f",
                    str(HERE / "load_users.py"),
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    f"{args.ramp + args.seconds}s",
                    "--host",
                    f"http://127.0.0.1:{port}",
                    "--csv",
                    str(Path(work) / "locust"),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env={
                    **env,
                    "LOAD_CONFIG": str(Path(work) / "config.json"),
                    "LOAD_RESULTS": str(results),
                },
                check=False,
                capture_output=True,
                text=True,
            )
            if not results.exists():
                sys.exit(f"locust wrote no results:\n{ran.stderr[-3000:]}")
            ran_times = json.loads(results.read_text())
            # Sign-ins whenever they happened; pages only once every user has started.
            times = [t for t in ran_times if t[0] == "sign-in" or t[4] >= started + args.ramp]
            failures = Path(work) / "locust_failures.csv"
            failed = failures.read_text().splitlines()[1:11] if failures.exists() else []
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The window the pages were counted in: from the ramp's end to the last answer (locust
    # starts a moment after `started`, so not quite `--seconds`).
    counted = [t[4] for t in times if t[0] != "sign-in"]
    window = max(counted) - (started + args.ramp) if counted else float(args.seconds)
    lines, p95s = summary(times, window, window + args.ramp)
    log(f"\nLoad average before {before}, after {load_average()}. Milliseconds:")
    for line in lines:
        log(line)
    signed_in = [t for t in times if t[0] == "sign-in"]
    log(f"sign-in requests: {len(signed_in)}, errors {sum(1 for t in signed_in if t[3])}")
    for line in failed:
        log(f"  failed: {line[:300]}")
    errors = sum(1 for t in times if t[3])
    staff_p95 = p95s.get("staff", float("inf"))
    met = "met" if errors == 0 and staff_p95 < TARGET_STAFF_P95_MS else "MISSED"
    log(
        f"\nTarget 0 errors and staff pages p95 under {TARGET_STAFF_P95_MS:.0f} ms at "
        f"{args.users} users: {met} ({errors} errors, staff p95 {staff_p95:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
