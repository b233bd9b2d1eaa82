"""PostgreSQL databases for the benchmarks: each runs in a database of its own, made fresh."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


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
