"""How fast the case managers' queue page answers with a county's worth of cases.

Creates a fresh PostgreSQL database, runs `fraudhub migrate` into it, then fills it with
COPY (deterministic by seed): N reports, each with its victim and one case per victim,
of which M are open (levels 1 to 3, due dates around today, some assigned to the hub's
case managers) and the rest closed, with their follow-up checks. It then signs a case
manager in with Django's test client, in this process, and asks for the queue page many
times over a mix of filters and pages, timing each answer and the SQL inside it; and,
for comparison, asks for it through a real HTTP server (`fraudhub runserver`).

    .venv/bin/python benchmarks/web.py                      # 100,000 reports, 20,000 open
    .venv/bin/python benchmarks/web.py --explain --keep     # also show the query plans

See docs/performance.md for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

import psycopg
from databases import (  # benchmarks/databases.py
    FRAUDHUB,
    django_env,
    drop_database,
    fresh_database,
    load_average,
    log,
    set_up_django,
)
from psycopg import sql

DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_webbench"
DEFAULT_REPORTS = 100_000
DEFAULT_OPEN = 20_000
DEFAULT_REQUESTS = 200
HTTP_REQUESTS = 20
TARGET_P95_MS = 300.0
CASE_MANAGERS = 6  # the hub team, besides the one the benchmark signs in as
PAGE_SIZE = 50  # the queue view's

OPEN_STATES = ("new", "awaiting_contact", "in_contact", "plan_active", "closing")
OPEN_WEIGHTS = (30, 30, 20, 15, 5)
CONTACTED = frozenset({"in_contact", "plan_active", "closing"})
ENDED_STATES = ("closed", "unable_to_contact", "declined")
ENDED_WEIGHTS = (80, 12, 8)
CLOSURE_REASONS = {
    "closed": ("support_complete", "advice_given", "moved_away", "duplicate"),
    "unable_to_contact": ("unable_to_contact",),
    "declined": ("declined",),
}
SOURCES = ("public_web", "phone", "partner_form", "partner_file", "api")
SOURCE_WEIGHTS = (35, 25, 15, 20, 5)
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "")
UNKNOWN_AGE = 0.4


# --- filling it ------------------------------------------------------------------------


class Table:
    """Rows for one model's table, written with COPY. Columns not given take the field's
    default (or now, for auto_now fields), prepared once, so a field added to the model
    later with a default needs nothing here; one without a default stops the benchmark."""

    def __init__(self, model: Any, given: Sequence[str]) -> None:
        from django.db import connection

        self.model = model
        self.table = model._meta.db_table
        self.columns: list[str] = []
        self.fill: list[tuple[bool, Any]] = []  # (given?, index into the row or constant)
        now = datetime.now().astimezone()
        for f in model._meta.concrete_fields:
            if f.primary_key and f.attname not in given:
                continue  # the table numbers the rows
            self.columns.append(f.column)
            if f.attname in given:
                self.fill.append((True, given.index(f.attname)))
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()
            else:
                sys.exit(f"benchmarks/web.py: give a value for {self.table}.{f.attname}")
            self.fill.append((False, f.get_db_prep_save(value, connection)))

    def copy(self, conn: psycopg.Connection[Any], rows: Iterable[Sequence[Any]]) -> int:
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.table), sql.SQL(", ").join(map(sql.Identifier, self.columns))
        )
        count = 0
        with conn.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[v] if given else v for given, v in self.fill])
                count += 1
        return count


@dataclass
class Loaded:
    reports: int = 0
    open_cases: int = 0
    follow_ups: int = 0
    seconds: float = 0.0
    districts: dict[str, int] = field(default_factory=dict)  # open cases per district
    scam_types: dict[str, int] = field(default_factory=dict)  # open cases per slug


def fill(url: str, reports: int, open_cases: int, seed: int, managers: list[int]) -> Loaded:
    """Reports, victims, cases and follow-ups, written with COPY in one transaction."""
    from django.contrib.auth.models import User
    from faker import Faker

    from fraudhub.casework.models import Case, FollowUp
    from fraudhub.governance.models import Organisation
    from fraudhub.reports.geography import POSTCODE_DISTRICTS
    from fraudhub.reports.models import Person, Report, ScamType

    started = time.perf_counter()
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    first_names = [fake.first_name() for _ in range(800)]
    last_names = [fake.last_name() for _ in range(1_500)]
    scam_types = list(ScamType.objects.values_list("id", "slug"))
    # A few kinds of scam and a few districts account for most reports, as in life.
    scam_weights = [1 / (i + 1) for i in range(len(scam_types))]
    district_weights = [rng.uniform(0.3, 3) for _ in POSTCODE_DISTRICTS]
    team = Organisation.objects.get(kind=Organisation.Kind.FRAUD_HUB, slug="fraud-hub").pk
    assignees = list(User.objects.filter(pk__in=managers).values_list("pk", flat=True))
    today = date.today()
    year = today.year
    loaded = Loaded(reports=reports)
    open_ids = set(rng.sample(range(1, reports + 1), min(open_cases, reports)))

    report_rows: list[tuple[Any, ...]] = []
    person_rows: list[tuple[Any, ...]] = []
    case_rows: list[tuple[Any, ...]] = []
    link_rows: list[tuple[Any, ...]] = []
    follow_rows: list[tuple[Any, ...]] = []
    for n in range(1, reports + 1):
        is_open = n in open_ids
        received = today - timedelta(
            days=rng.randrange(0, 60) if is_open else rng.randrange(60, 900)
        )
        scam_id, scam_slug = rng.choices(scam_types, scam_weights)[0]
        district = rng.choices(POSTCODE_DISTRICTS, district_weights)[0]
        age = None if rng.random() < UNKNOWN_AGE else int(rng.triangular(18, 98, 80))
        first, last = rng.choice(first_names), rng.choice(last_names)
        title = rng.choice(TITLES)
        lost = rng.random() < 0.45
        report_rows.append(
            (
                n,
                f"FH-{received.year}-{n:06d}",
                received,
                scam_id,
                rng.choices(SOURCES, SOURCE_WEIGHTS)[0],
                "new"
                if is_open and rng.random() < 0.3
                else ("in_progress" if is_open else "closed"),
                lost,
                round(10 ** rng.uniform(1, 5), 2) if lost else None,
                "A caller said they were from the bank and asked me to move my savings.",
                rng.randint(40, 100),
            )
        )
        inward = f"{rng.randint(0, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        person_rows.append(
            (
                n,
                n,
                "victim",
                title,
                first,
                last,
                age,
                "" if age is None else str(age),
                district.town,
                f"{district.code} {inward}",
                f"{district.code} {inward}",
                district.code,
                district.council,
            )
        )
        name = " ".join(p for p in (title, first, last) if p)
        if is_open:
            state = rng.choices(OPEN_STATES, OPEN_WEIGHTS)[0]
            level = rng.choices((1, 2, 3), (15, 35, 50))[0]
            due = today + timedelta(days=rng.randint(-20, 7))
            opened = due - timedelta(days=rng.randint(1, 7))
            contacted = opened + timedelta(days=rng.randint(0, 5)) if state in CONTACTED else None
            assigned = rng.choice(assignees) if rng.random() < 0.6 else None
            closed_on, reason = None, ""
            loaded.districts[district.code] = loaded.districts.get(district.code, 0) + 1
            loaded.scam_types[scam_slug] = loaded.scam_types.get(scam_slug, 0) + 1
        else:
            state = rng.choices(ENDED_STATES, ENDED_WEIGHTS)[0]
            level = rng.choices((1, 2, 3), (15, 35, 50))[0]
            opened = received + timedelta(days=1)
            due = opened + timedelta(days=level * 2)
            contacted = None if state == "unable_to_contact" else due - timedelta(days=1)
            assigned = rng.choice(assignees)
            closed_on = min(today - timedelta(days=1), opened + timedelta(days=rng.randint(10, 90)))
            reason = rng.choice(CLOSURE_REASONS[state])
            if state == "closed":
                for months in (1, 3, 6):
                    check = closed_on + timedelta(days=30 * months)
                    done = check + timedelta(days=rng.randint(0, 10))
                    pending = check > today - timedelta(days=10) and rng.random() < 0.8
                    follow_rows.append((n, months, check, None if pending else min(done, today)))
        case_rows.append(
            (
                n,
                team,
                n,
                state,
                level,
                due,
                name,
                district.code,
                age,
                scam_id,
                assigned,
                opened,
                contacted,
                closed_on,
                reason,
            )
        )
        link_rows.append((n, n, n))

    with psycopg.connect(url) as conn:
        Table(
            Report,
            [
                "id",
                "reference",
                "received_date",
                "scam_type_id",
                "source",
                "status",
                "lost_money",
                "amount_lost",
                "narrative",
                "quality_score",
            ],
        ).copy(conn, report_rows)
        Table(
            Person,
            [
                "id",
                "report_id",
                "role",
                "title",
                "first_name",
                "last_name",
                "age_at_incident",
                "age_raw",
                "town",
                "postcode_raw",
                "postcode",
                "postcode_district",
                "council",
            ],
        ).copy(conn, person_rows)
        Table(
            Case,
            [
                "id",
                "team_id",
                "victim_id",
                "state",
                "level",
                "due_date",
                "victim_name",
                "district",
                "age",
                "scam_type_id",
                "assigned_to_id",
                "opened_on",
                "first_contact_on",
                "closed_on",
                "closure_reason",
            ],
        ).copy(conn, case_rows)
        Table(Case.reports.through, ["id", "case_id", "report_id"]).copy(conn, link_rows)
        loaded.follow_ups = Table(FollowUp, ["case_id", "months", "due_date", "done_on"]).copy(
            conn, follow_rows
        )
        for model in (Report, Person, Case, Case.reports.through, FollowUp):
            table = model._meta.db_table
            conn.execute(
                sql.SQL(
                    "SELECT setval(pg_get_serial_sequence({}, 'id'), "
                    "coalesce((SELECT max(id) FROM {}), 1))"
                ).format(sql.Literal(table), sql.Identifier(table))
            )
        conn.execute(
            "INSERT INTO reports_referencesequence (year, last) VALUES (%s, %s) "
            "ON CONFLICT (year) DO UPDATE SET last = excluded.last",
            (year, reports),
        )
    # As autovacuum would have by the time anyone looks: planner statistics and the
    # visibility map (which index-only scans need).
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    loaded.open_cases = len(open_ids)
    loaded.seconds = time.perf_counter() - started
    return loaded


def make_staff(count: int) -> tuple[Any, list[int]]:
    """The case manager the benchmark signs in as, and the hub team's other case managers."""
    from django.contrib.auth.models import Group, User

    from fraudhub.governance.models import Organisation, StaffProfile

    team = Organisation.objects.get(kind=Organisation.Kind.FRAUD_HUB, slug="fraud-hub")
    group = Group.objects.get(name="Case manager")
    users = []
    for n in range(count + 1):
        user = User.objects.create_user(
            username=f"casemanager{n}", first_name=f"Case{n}", last_name="Manager"
        )
        user.groups.add(group)
        StaffProfile.objects.create(user=user, organisation=team)
        users.append(user)
    return users[0], [u.pk for u in users]


# --- measuring -------------------------------------------------------------------------


@dataclass
class Variant:
    label: str
    params: dict[str, str]
    times_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)


def variants(loaded: Loaded) -> list[Variant]:
    """A case manager's day: the queue as it opens, pages, each filter and a few together.
    The district and kind of scam are the commonest and a middling one among open cases."""
    by_district = sorted(loaded.districts, key=loaded.districts.__getitem__, reverse=True)
    by_scam = sorted(loaded.scam_types, key=loaded.scam_types.__getitem__, reverse=True)
    big, middling = by_district[0], by_district[len(by_district) // 2]
    common, rarer = by_scam[0], by_scam[min(len(by_scam) - 1, 4)]
    return [
        Variant("no filters", {}),
        Variant("page 2", {"page": "2"}),
        Variant("page 100", {"page": "100"}),
        Variant("last page", {"page": "last"}),
        Variant(f"district {big}", {"district": big}),
        Variant(f"district {middling.lower()} (typed lower)", {"district": middling.lower()}),
        Variant(f"scam type {common}", {"scam_type": common}),
        Variant(f"scam type {rarer}", {"scam_type": rarer}),
        Variant("age 80 or older", {"age_band": "80 or older"}),
        Variant("age not known", {"age_band": "not known"}),
        Variant("assigned to me", {"assignee": "me"}),
        Variant("nobody assigned", {"assignee": "nobody"}),
        Variant("overdue only", {"overdue_only": "yes"}),
        Variant("district + overdue", {"district": big, "overdue_only": "yes"}),
        Variant("scam + age 70-79", {"scam_type": common, "age_band": "70 to 79"}),
        Variant("me + overdue + page 2", {"assignee": "me", "overdue_only": "yes", "page": "2"}),
    ]


ROW = re.compile(r'<tr class="govuk-table__row">\s*<td')
COUNT = re.compile(r'id="result-count">([\d,]+) open case')


def check(variant: Variant, status: int, body: str) -> None:
    if status != 200:
        sys.exit(f"{variant.label}: status {status}")
    match = COUNT.search(body)
    if match is None or match.group(1) == "0" or not ROW.search(body):
        sys.exit(f"{variant.label}: the page shows no cases")


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile: the value at or below which `share` of values fall."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))]


FROM = re.compile(r'FROM "(\w+)"')
by_query: dict[str, float] = {}  # SQL seconds by the query's first table (COUNT apart)


def query_kind(statement: str) -> str:
    match = FROM.search(statement)
    table = match.group(1) if match else statement[:30]
    return f"COUNT {table}" if statement.startswith("SELECT COUNT") else table


def in_process(user: Any, mix: list[Variant], requests: int, seed: int) -> list[float]:
    """Each variant once to warm up (templates, connections), then `requests` requests in
    a shuffled round of the variants, timing each and the SQL run inside it."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("casework:queue")
    spent: list[float] = []

    def timed(execute: Callable[..., Any], statement: str, *args: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(statement, *args)
        finally:
            seconds = time.perf_counter() - started
            spent.append(seconds)
            by_query[query_kind(statement)] = by_query.get(query_kind(statement), 0) + seconds

    for variant in mix:
        response = client.get(url, variant.params)
        check(variant, response.status_code, response.content.decode())
    order = [mix[i % len(mix)] for i in range(requests)]
    random.Random(seed).shuffle(order)
    overall = []
    with connection.execute_wrapper(lambda execute, *args: timed(execute, *args[:4])):
        for variant in order:
            spent.clear()
            started = time.perf_counter()
            response = client.get(url, variant.params)
            elapsed = (time.perf_counter() - started) * 1000
            check(variant, response.status_code, response.content.decode())
            variant.times_ms.append(elapsed)
            variant.sql_ms.append(sum(spent) * 1000)
            variant.queries.append(len(spent))
            overall.append(elapsed)
    return overall


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, server: subprocess.Popen[bytes], name: str) -> None:
    """Until the server started on `port` answers (a minute at most)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit(f"{name} did not start")
            time.sleep(0.2)


def over_http(
    url: str, session: str, mix: list[Variant], requests: int, seed: int
) -> dict[str, list[float]]:
    """The same page through `fraudhub runserver` (Django's development server, one
    process, a thread per request) with urllib and the signed-in session's cookie."""
    from django.conf import settings

    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(FRAUDHUB), "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=django_env(url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/staff/cases/"
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    chosen = [v for v in mix if v.label in ("no filters", "page 100", "overdue only")]
    results: dict[str, list[float]] = {v.label: [] for v in chosen}
    try:
        wait_for(port, server, "fraudhub runserver")

        def fetch(variant: Variant) -> float:
            query = f"?{urlencode(variant.params)}" if variant.params else ""
            request = urllib.request.Request(base + query, headers={"Cookie": cookie})  # noqa: S310
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                body = response.read().decode()
                status = response.status
            elapsed = (time.perf_counter() - started) * 1000
            check(variant, status, body)
            return elapsed

        for variant in chosen:
            fetch(variant)  # warm up the server process
        order = [chosen[i % len(chosen)] for i in range(requests)]
        random.Random(seed).shuffle(order)
        for variant in order:
            results[variant.label].append(fetch(variant))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def explain(user: Any, scam_type: str) -> None:
    """The plans of the queue's page query and the paginator's COUNT, unfiltered and
    overdue only, as PostgreSQL ran them."""
    from django.db import connection

    from fraudhub.casework import selectors

    for label, filters in (
        ("no filters", selectors.QueueFilters()),
        ("overdue only", selectors.QueueFilters(overdue_only=True)),
        ("scam type + age", selectors.QueueFilters(scam_type=scam_type, age_band="70 to 79")),
    ):
        cases = selectors.queue(user, filters)
        for what, queryset in (("page 100", cases[99 * PAGE_SIZE : 100 * PAGE_SIZE]),):
            compiled, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}", params)
                log(f"\n-- {label}, {what}:\n" + "\n".join(r[0] for r in cursor.fetchall()))
        count_sql, params = cases.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM ({count_sql}) AS q",  # noqa: S608
                params,
            )
            log(f"\n-- {label}, COUNT:\n" + "\n".join(r[0] for r in cursor.fetchall()))


# --- printing --------------------------------------------------------------------------


def stats(values: Sequence[float]) -> str:
    if not values:
        return f"{0:>5} {'-':>7} {'-':>7} {'-':>7}"
    return (
        f"{len(values):>5} {statistics.median(values):>7.1f} "
        f"{percentile(values, 0.95):>7.1f} {max(values):>7.1f}"
    )


def print_table(mix: list[Variant], overall: list[float]) -> None:
    log(
        "\nIn-process (Django test client: URL routing, middleware, view, ORM, template; "
        "no HTTP server or network). Milliseconds per request:"
    )
    log(f"{'':38} {'n':>5} {'p50':>7} {'p95':>7} {'max':>7} {'SQL p50':>8} {'queries':>7}")
    for v in mix:
        log(
            f"{v.label:38} {stats(v.times_ms)} {statistics.median(v.sql_ms):>8.1f} "
            f"{statistics.median(v.queries):>7.0f}"
        )
    log(f"{'all requests':38} {stats(overall)}")
    total = sum(overall)
    in_sql = sum(sum(v.sql_ms) for v in mix)
    log(
        f"\nSQL time (cursor execute, measured with connection.execute_wrapper): "
        f"{100 * in_sql / total:.0f}% of the request time; the rest is Python: "
        "middleware, the form, the view, the template and fetching rows."
    )
    log("SQL time by query (its first table), share of all request time:")
    for kind, seconds in sorted(by_query.items(), key=lambda kv: -kv[1])[:4]:
        log(f"  {kind:36} {100 * seconds * 1000 / total:>5.1f}%")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=DEFAULT_REPORTS)
    parser.add_argument("--open-cases", type=int, default=DEFAULT_OPEN)
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--http-requests", type=int, default=HTTP_REQUESTS)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--explain", action="store_true", help="print the queries' plans")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)

    set_up_django(args.postgres_url)
    from django.db import connection

    try:
        fresh_database(args.postgres_url)
        user, staff = make_staff(CASE_MANAGERS)
        log(
            f"Filling: {args.reports:,} reports, {args.open_cases:,} open cases (seed {args.seed}) ..."
        )
        loaded = fill(args.postgres_url, args.reports, args.open_cases, args.seed, staff)
        log(
            f"  {loaded.reports:,} reports, victims and cases ({loaded.open_cases:,} open), "
            f"{loaded.follow_ups:,} follow-ups in {loaded.seconds:.1f} s"
        )
        mix = variants(loaded)
        log(f"Requesting the queue page {args.requests} times over {len(mix)} variants ...")
        log(f"  load average before: {load_average()}")
        overall = in_process(user, mix, args.requests, args.seed)
        log(f"  load average after: {load_average()}")
        print_table(mix, overall)
        if args.explain:
            explain(user, mix[6].params["scam_type"])
        from django.test import Client

        client = Client()
        client.force_login(user)
        session = client.cookies["sessionid"].value
        connection.close()
        log(f"\nThrough a real HTTP server ({args.http_requests} requests, fraudhub runserver):")
        http = over_http(args.postgres_url, session, mix, args.http_requests, args.seed)
        log(f"{'':38} {'n':>5} {'p50':>7} {'p95':>7} {'max':>7}")
        for label, times in http.items():
            log(f"{label:38} {stats(times)}")
        log(f"{'all HTTP requests':38} {stats([t for ts in http.values() for t in ts])}")
        log(f"  load average after: {load_average()}")
        p95 = percentile(overall, 0.95)
        met = "met" if p95 < TARGET_P95_MS else "MISSED"
        log(
            f"\nTarget p95 under {TARGET_P95_MS:.0f} ms with {loaded.reports:,} reports and "
            f"{loaded.open_cases:,} open cases: {met} (p95 {p95:.1f} ms in-process, "
            f"worst variant p95 {max(percentile(v.times_ms, 0.95) for v in mix):.1f} ms)"
        )
    finally:
        connection.close()
        if args.keep:
            log(f"\nKept the database {urlsplit(args.postgres_url).path.lstrip('/')}")
        else:
            drop_database(args.postgres_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
