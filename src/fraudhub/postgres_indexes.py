"""Indexes only PostgreSQL can build, for searches the models' own indexes cannot serve
(a name containing what was typed, found through trigrams), as a migration operation.

The index is built with CREATE INDEX CONCURRENTLY, so a deployment's running release keeps
writing to the table while it is built (the migration must say `atomic = False`). A build
that was stopped part way leaves an invalid index behind: migrating again drops it and
builds it anew. It is kept out of the models' state: SQLite, in development and the
tests, builds nothing and needs nothing, and a later change to the table that SQLite
makes by copying it would otherwise try to build a PostgreSQL index there too."""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation


class PostgresIndex(Operation):
    """CREATE INDEX CONCURRENTLY `name` ON `table` USING `method` (`columns`), with
    INCLUDE (`include`) and WHERE `where` when given, on PostgreSQL only. Each is SQL:
    `columns` may be an expression with its operator class, such as
    `upper(last_name) gin_trgm_ops`."""

    reversible = True
    reduces_to_sql = True

    def __init__(
        self,
        name: str,
        table: str,
        columns: str,
        method: str = "btree",
        include: str = "",
        where: str = "",
    ) -> None:
        self.name = name
        self.table = table
        self.columns = columns
        self.method = method
        self.include = include
        self.where = where

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__qualname__,
            [],
            {
                "name": self.name,
                "table": self.table,
                "columns": self.columns,
                "method": self.method,
                "include": self.include,
                "where": self.where,
            },
        )

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing: the models do not know this index (see the module's note)."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        if _left_invalid(schema_editor, self.name):
            # A build stopped part way (a timeout, a lost connection) leaves the index
            # named but unusable, and IF NOT EXISTS would take it as built.
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(self.name)}")
        include = f" INCLUDE ({self.include})" if self.include else ""
        where = f" WHERE {self.where}" if self.where else ""
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(self.name)} "
            f"ON {quote(self.table)} USING {self.method} ({self.columns}){include}{where}"
        )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"DROP INDEX CONCURRENTLY IF EXISTS {schema_editor.quote_name(self.name)}"
        )

    def describe(self) -> str:
        return f"Create index {self.name} on {self.table} ({self.columns}) on PostgreSQL"

    @property
    def migration_name_fragment(self) -> str:
        return self.name.lower()


def _left_invalid(schema_editor: Any, name: str) -> bool:
    """Whether an index of this name exists but PostgreSQL marked it invalid."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT NOT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE c.relname = %s AND pg_catalog.pg_table_is_visible(c.oid)",
            [name],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


class PostgresExtension(Operation):
    """CREATE EXTENSION IF NOT EXISTS `name` (pg_trgm, for trigram indexes), on
    PostgreSQL only. Unapplying leaves it: an extension is the database's, and other
    schemas on the server may use it. pg_trgm is a trusted extension: the database's
    owner may create it without being a superuser (PostgreSQL 13 and later)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, name: str) -> None:
        self.name = name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [], {"name": self.name})

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing: the models do not know of extensions."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE EXTENSION IF NOT EXISTS {schema_editor.quote_name(self.name)}"
            )

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        """Nothing (see the class's note)."""

    def describe(self) -> str:
        return f"Create the {self.name} extension on PostgreSQL"
