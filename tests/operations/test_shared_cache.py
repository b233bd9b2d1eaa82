"""The rate limits count in a cache every web process shares once CACHE_TABLE names a
database table, so five gunicorn workers do not allow five times the limit."""

from __future__ import annotations

from pathlib import Path

from tests.test_settings import run_python

SETUP = "import django; django.setup(); from django.core.cache import cache; "


def test_two_processes_count_together_in_the_named_table(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "CACHE_TABLE": "fh_cache"}
    made = run_python(
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('createcachetable')",
        **env,
    )
    assert made.returncode == 0, made.stderr
    for _ in range(2):  # two web processes, one after the other
        counted = run_python(
            SETUP + "cache.add('track-attempts:192.0.2.1', 0, 3600); "
            "cache.incr('track-attempts:192.0.2.1')",
            **env,
        )
        assert counted.returncode == 0, counted.stderr
    read = run_python(SETUP + "print(cache.get('track-attempts:192.0.2.1'))", **env)
    assert read.stdout.strip() == "2"


def test_without_a_table_each_process_counts_alone() -> None:
    read = run_python(
        "import django; django.setup(); from django.core.cache import caches; "
        "print(type(caches['default']).__name__)",
        CACHE_TABLE="",
    )
    assert read.stdout.strip() == "LocMemCache"
