"""What an upgrade's pending migrations would do to a running service (docs/upgrades.md).

A migration that rewrites or scans a large table under an exclusive lock (changing a
column's type, building an index without CONCURRENTLY, a data migration over every row)
stops every request that touches the table until it ends; one that removes or renames a
column or table breaks the old release's processes still serving during a rolling deploy.
`judge` is the rule, a pure function of plain data; `pending` reads the migration plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations import operations as ops
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.migration import Migration
from django.db.migrations.state import ProjectState

LOCKS = "locks"  # holds a lock on the table for as long as the table takes to rewrite or scan
BREAKS = "breaks"  # the release before cannot run against the migrated database


@dataclass(frozen=True)
class Planned:
    """One operation of a pending migration, on the tables it touches."""

    migration: str  # "reports.0031_report_channel"
    operation: str  # "AddIndex"
    tables: tuple[str, ...]
    risk: str | None  # LOCKS, BREAKS or None (safe at any size)
    why: str = ""


@dataclass(frozen=True)
class Finding:
    planned: Planned
    table: str
    rows: int

    def __str__(self) -> str:
        p = self.planned
        size = f"about {self.rows:,} rows" if self.rows >= 0 else "size unknown"
        return f"{p.migration}: {p.operation} on {self.table} ({size}): {p.why}"


def judge(
    planned: Iterable[Planned], rows: Mapping[str, int], *, large: int
) -> tuple[list[Finding], list[Finding]]:
    """(refused, warned): an operation that locks a table of more than `large` rows is
    refused, one that locks a smaller table is only warned of; one that breaks a rolling
    deploy is refused at any size, since the old release fails on the first request that
    reads the column."""
    refused, warned = [], []
    for p in planned:
        for table in p.tables:
            found = Finding(p, table, rows.get(table, -1))
            if p.risk == BREAKS or (p.risk == LOCKS and found.rows > large):
                refused.append(found)
            elif p.risk == LOCKS:
                warned.append(found)
    return refused, warned


# --- reading the plan -----------------------------------------------------------------


def _table(state: ProjectState, app_label: str, model_name: str) -> str:
    model = state.models.get((app_label, model_name.lower()))
    table = model.options.get("db_table") if model is not None else None
    return str(table or f"{app_label}_{model_name.lower()}")


def _column_type(field: Any, conn: BaseDatabaseWrapper) -> str | None:
    try:
        return field.db_type(conn)
    except Exception:  # a relation's type needs its target rendered: compared by class
        return type(field).__name__


def _rewrites(before: str | None, after: str | None) -> bool:
    """Whether changing a column's type rewrites the table: any change but widening a
    varchar, which PostgreSQL does in its catalogue alone."""
    if before == after:
        return False
    widths = [re.fullmatch(r"varchar\((\d+)\)", t or "") for t in (before, after)]
    if widths[0] and widths[1]:
        return int(widths[1].group(1)) < int(widths[0].group(1))
    return True


def _classify(
    operation: Any,
    app_label: str,
    state: ProjectState,
    tables_of_app: Sequence[str],
    all_tables: Sequence[str],
    conn: BaseDatabaseWrapper,
) -> tuple[tuple[str, ...], str | None, str]:
    """The tables an operation touches, its risk and why, judged on the state before it."""
    if isinstance(operation, ops.AlterField):
        table = _table(state, app_label, operation.model_name)
        model = state.models.get((app_label, operation.model_name.lower()))
        old = model.fields.get(operation.name) if model is not None else None
        if old is not None and _rewrites(
            _column_type(old, conn), _column_type(operation.field, conn)
        ):
            return (table,), LOCKS, "changing a column's type rewrites the table under a lock"
        if old is not None and old.null and not operation.field.null:
            return (table,), LOCKS, "NOT NULL scans the whole table under a lock"
        return (table,), None, ""
    if isinstance(operation, ops.AddField) and (
        getattr(operation.field, "db_index", False) or operation.field.unique
    ):
        return (
            (_table(state, app_label, operation.model_name),),
            LOCKS,
            "the new column's index (a foreign key or db_index/unique) is built in the same "
            "statement and blocks writes; add the column without it, then "
            "AddIndexConcurrently",
        )
    if type(operation) in (ops.AddIndex, ops.AddConstraint):
        return (
            (_table(state, app_label, operation.model_name),),
            LOCKS,
            "building it blocks writes to the table; use AddIndexConcurrently "
            "(django.contrib.postgres.operations) in a non-atomic migration",
        )
    if isinstance(operation, ops.AlterUniqueTogether | ops.AlterIndexTogether):
        return (
            (_table(state, app_label, operation.name),),
            LOCKS,
            "building the index blocks writes to the table",
        )
    if isinstance(operation, ops.RemoveField | ops.RenameField):
        return (
            (_table(state, app_label, operation.model_name),),
            BREAKS,
            "the running release still reads the column; stop using it in one release and "
            "remove it in a later one",
        )
    if isinstance(operation, ops.RenameModel | ops.DeleteModel | ops.AlterModelTable):
        name = operation.old_name if isinstance(operation, ops.RenameModel) else operation.name
        return (
            (_table(state, app_label, name),),
            BREAKS,
            "the running release still reads the table; stop using it in one release and "
            "remove it in a later one",
        )
    if isinstance(operation, ops.RunSQL):
        given = operation.sql if isinstance(operation.sql, list | tuple) else [operation.sql]
        text = " ".join(str(statement) for statement in given)
        named = tuple(t for t in all_tables if re.search(rf"\b{re.escape(t)}\b", text))
        return named, LOCKS, "SQL over the table's rows runs inside the migration's transaction"
    if isinstance(operation, ops.RunPython) and operation.code is not ops.RunPython.noop:
        return (
            tuple(tables_of_app),
            LOCKS,
            "a data migration over the app's tables runs inside the migration's transaction; "
            "backfill large tables in batches outside it",
        )
    return (), None, ""


def plan(conn: BaseDatabaseWrapper = connection) -> list[tuple[Migration, bool]]:
    """The migrations `migrate` would apply now, in order."""
    executor = MigrationExecutor(conn)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def pending(
    steps: Sequence[tuple[Migration, bool]], conn: BaseDatabaseWrapper = connection
) -> list[Planned]:
    """Each operation of the pending migrations, classified on the state before it."""
    if not steps:
        return []
    executor = MigrationExecutor(conn)
    first = steps[0][0]
    node = (first.app_label, first.name)
    # The state before the first pending migration (the whole history's end for a plan
    # that is not on disk, as in the tests).
    on_disk = node in executor.loader.graph.nodes
    state = executor.loader.project_state(node if on_disk else None, at_end=not on_disk)
    with conn.cursor() as cursor:
        all_tables = sorted(conn.introspection.table_names(cursor))
    planned = []
    for migration, backwards in steps:
        if backwards:
            continue
        app_tables = [t for t in all_tables if t.startswith(f"{migration.app_label}_")]
        for operation in migration.operations:
            tables, risk, why = _classify(
                operation, migration.app_label, state, app_tables, all_tables, conn
            )
            planned.append(
                Planned(
                    migration=f"{migration.app_label}.{migration.name}",
                    operation=type(operation).__name__,
                    tables=tables,
                    risk=risk,
                    why=why,
                )
            )
            operation.state_forwards(migration.app_label, state)
    return planned


def estimated_rows(tables: Iterable[str], conn: BaseDatabaseWrapper = connection) -> dict[str, int]:
    """Rows per table: PostgreSQL's estimate (pg_class.reltuples, kept by ANALYZE), or a
    count where it has none; SQLite counts."""
    wanted = sorted(set(tables))
    rows: dict[str, int] = {}
    with conn.cursor() as cursor:
        existing = set(conn.introspection.table_names(cursor))
        wanted = [t for t in wanted if t in existing]
        if conn.vendor == "postgresql" and wanted:
            cursor.execute(
                "SELECT relname, reltuples::bigint FROM pg_class "
                "WHERE relkind IN ('r', 'p') AND relname = ANY(%s) "
                "AND relnamespace = current_schema()::regnamespace",
                [wanted],
            )
            rows = {name: int(n) for name, n in cursor.fetchall() if n >= 0}
        for table in wanted:
            if table not in rows:
                cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608
                rows[table] = int(cursor.fetchone()[0])
    return rows
