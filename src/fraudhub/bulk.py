"""Many rows at once, without a model instance for each: COPY on PostgreSQL, one prepared
statement run for every row on SQLite. Ids are taken from the table's own sequence, so
rows written here and rows the ORM writes never collide. The caller holds the
transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from django.db import connection, models
from django.utils import timezone

CHUNK = 5_000  # ids in one DELETE ... IN (...), well inside SQLite's limit on parameters


def reserve_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    """`count` new ids for the model's table, taken from its sequence (PostgreSQL) or
    its AUTOINCREMENT counter (SQLite) in one statement, as an insert would take them."""
    if count <= 0:
        return []
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "UPDATE sqlite_sequence SET seq = seq + %s WHERE name = %s RETURNING seq", [count, table]
    )
    row = cursor.fetchone()
    if row is None:  # nothing ever inserted into the table: SQLite has no counter yet
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608 (a model's table)
        last = cursor.fetchone()[0] + count
        cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
    else:
        last = row[0]
    return list(range(last - count + 1, last + 1))


def insert_rows(
    cursor: Any, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert plain rows (values in the order of `columns`, JSON already encoded) into the
    model's table."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (names from the model)
    cursor.executemany(sql, rows)


def delete_where_in(
    cursor: Any, model: type[models.Model], column: str, ids: Sequence[int]
) -> None:
    """DELETE the model's rows whose `column` is one of `ids`, in chunks, with no
    cascade collected in Python: the caller deletes dependent rows first."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        marks = ", ".join(["%s"] * len(chunk))
        sql = f"DELETE FROM {table} WHERE {quote(column)} IN ({marks})"  # noqa: S608 (as above)
        cursor.execute(sql, chunk)


def copy_dicts(cursor: Any, model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """COPY rows into the model's table (PostgreSQL only). The rows are dicts of field
    values by attname (`report_id`), each with its id and all with the same keys; a field
    they leave out gets its default, as the ORM would give it."""
    if not rows:
        return
    now = timezone.now()
    sample = rows[0]
    given: list[tuple[str, str]] = []
    as_json: list[tuple[str, str]] = []
    fixed: list[tuple[str, Any]] = []
    for field in model._meta.concrete_fields:
        json_field = isinstance(field, models.JSONField)
        if field.attname in sample:
            (as_json if json_field else given).append((field.column, field.attname))
            continue
        auto = isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add)
        default = now if auto else field.get_default()
        fixed.append((field.column, json.dumps(default) if json_field else default))
    pick = itemgetter(*(key for _, key in given))
    json_keys = [key for _, key in as_json]
    constants = [value for _, value in fixed]
    dumps = json.dumps
    insert_rows(
        cursor,
        model,
        [column for column, _ in [*given, *as_json, *fixed]],
        ((*pick(row), *[dumps(row[key]) for key in json_keys], *constants) for row in rows),
    )


def with_ids(cursor: Any, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Give each row dict a new id of the model's table."""
    for row, pk in zip(rows, reserve_ids(cursor, model, len(rows)), strict=True):
        row["id"] = pk


def lock_against_writers(cursor: Any, model: type[models.Model]) -> None:
    """Hold off other writers to the model's table until the transaction ends (readers
    carry on): one regrouping at a time, a nightly run or an analyst's decision. SQLite
    lets one writer in at a time anyway."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
