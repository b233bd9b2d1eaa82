"""The indexes only PostgreSQL builds (fraudhub/postgres_indexes.py): the staff search
finds names and references through them and the case queue reads its order from one,
on PostgreSQL; SQLite builds none of them and the same pages work without them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Model

from fraudhub.casework import selectors
from fraudhub.postgres_indexes import PostgresIndex
from fraudhub.reports.models import Person, Report
from tests.factories import make_case, staff_user

pytestmark = pytest.mark.django_db

NAMES = {
    "person_first_name_trgm",
    "person_last_name_trgm",
    "report_reference_upper",
    "report_partner_reference_upper",
    "report_crime_reference_upper",
    "casework_open_queue_order",
}
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the query plans of PostgreSQL, which CI runs the suite on (`make test-postgres`)",
)


def built() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(NAMES)]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
        return {row[0] for row in cursor.fetchall()} & NAMES


def test_postgresql_has_every_index_and_sqlite_none() -> None:
    assert built() == (NAMES if connection.vendor == "postgresql" else set())


def plan(sql: str, params: tuple[object, ...], *, bitmap: bool = False) -> str:
    """PostgreSQL's plan with reading whole tables discouraged, as it would choose with a
    county's rows (with a test's few rows it reads the table, whatever the indexes); with
    `bitmap`, only through an index that answers the condition itself."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        if bitmap:
            cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
@pytest.mark.parametrize(
    ("model", "lookup", "index"),
    [
        (Person, {"first_name__icontains": "hugh"}, "person_first_name_trgm"),
        (Person, {"last_name__icontains": "HUGH"}, "person_last_name_trgm"),
        (Report, {"reference__iexact": "fh-2026-000001"}, "report_reference_upper"),
        (Report, {"partner_reference__iexact": "ab-12"}, "report_partner_reference_upper"),
        (Report, {"crime_reference__iexact": "nfrc123"}, "report_crime_reference_upper"),
    ],
)
def test_the_searchs_conditions_are_answered_by_the_indexes(
    model: type[Model], lookup: dict[str, str], index: str
) -> None:
    """The staff search's conditions as Django writes them (part of a name, a reference in
    any case) match the indexes' expressions, so PostgreSQL can use them."""
    query = model.objects.filter(**lookup).values("pk")
    assert index in plan(*query.query.sql_with_params(), bitmap=True)


@postgresql_only
def test_the_case_queue_reads_its_order_from_the_index() -> None:
    case = make_case()
    user = staff_user()
    ordered = selectors.queue(user, selectors.QueueFilters())
    ids = ordered.values_list("pk", flat=True)[:50]
    assert list(ids) == [case.pk]
    assert "casework_open_queue_order" in plan(*ids.query.sql_with_params())


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_index_left_invalid_by_a_stopped_build_is_built_again() -> None:
    """CREATE INDEX CONCURRENTLY stopped part way (a deploy's timeout) leaves the index
    named but invalid; applying the operation again rebuilds it instead of taking the
    name as done."""
    operation = PostgresIndex(
        "person_last_name_trgm", "reports_person", "upper(last_name) gin_trgm_ops", "gin"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false "
            "WHERE indexrelid = 'person_last_name_trgm'::regclass"
        )
    with connection.schema_editor(atomic=False) as editor:
        operation.database_forwards("reports", editor, None, None)  # type: ignore[arg-type]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'person_last_name_trgm'::regclass"
        )
        assert cursor.fetchone() == (True,)
