"""PostgreSQL databases for the benchmarks: each runs in a database of its own, made fresh,
with Django pointed at it as a deployment would be."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

FRAUDHUB = Path(sys.executable).with_name("fraudhub")
SECRET = "benchmark-only-not-a-secret"  # noqa: S105


def log(message: str) -> None:
    print(message, flush=True)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def with_database(url: str, name: str) -> str:
    """The same server's URL, for another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def drop_database(url: str, *, create_again: bool = False) -> None:
    """Drop the benchmark's database (connecting to the `postgres` one to do it)."""
    name = sql.Identifier(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create_again:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def django_env(database_url: str) -> dict[str, str]:
    """A deployment's environment (DEBUG off) pointing at the benchmark's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fraudhub.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }


def migrate(database_url: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [str(FRAUDHUB), "migrate", "--noinput"],
        env=django_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"fraudhub migrate failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return time.perf_counter() - started


def set_up_django(database_url: str) -> None:
    """Django in this process, set up as a deployment pointing at the benchmark's database."""
    os.environ.update(django_env(database_url))
    # WhiteNoise's note that nothing was collected: the benchmarks fetch no static files.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def fresh_database(database_url: str) -> None:
    """Say the load average, then make the benchmark's database afresh and migrate it."""
    log(f"Load average at the start: {load_average()}")
    drop_database(database_url, create_again=True)
    log(f"Migrating {urlsplit(database_url).path.lstrip('/')} ...")
    log(f"  {migrate(database_url):.1f} s")
