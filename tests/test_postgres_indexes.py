"""The indexes only PostgreSQL builds (fraudhub/postgres_indexes.py): the staff search
finds names and references through them and the case queue reads its order from one,
on PostgreSQL; SQLite builds none of them and the same pages work without them."""

from __future__ import annotations

import pytest
from django.db import connection

from fraudhub.casework import selectors
from fraudhub.reports.search_selectors import ReportFilters, search_reports
from tests.factories import make_case, make_report, staff_user

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


def plan(sql: str, params: tuple[object, ...]) -> str:
    """PostgreSQL's plan with scanning whole tables discouraged, as it would choose with
    a county's rows (with a test's few rows it reads the table, whatever the indexes)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
def test_a_search_by_part_of_a_name_or_a_reference_in_any_case_uses_the_indexes() -> None:
    make_report()
    found = search_reports(staff_user(), ReportFilters(query="hugh"))
    shown = plan(*found.reports.query.sql_with_params())
    assert "person_first_name_trgm" in shown
    assert "person_last_name_trgm" in shown
    assert "report_reference_upper" in shown
    assert "report_partner_reference_upper" in shown
    assert "report_crime_reference_upper" in shown


@postgresql_only
def test_the_case_queue_reads_its_order_from_the_index() -> None:
    case = make_case()
    user = staff_user()
    ordered = selectors.queue(user, selectors.QueueFilters())
    ids = ordered.values_list("pk", flat=True)[:50]
    assert list(ids) == [case.pk]
    assert "casework_open_queue_order" in plan(*ids.query.sql_with_params())
