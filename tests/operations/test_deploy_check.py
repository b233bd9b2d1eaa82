"""`fraudhub deploy-check` refuses a pending migration that would lock a large table for
long or break the release still running, naming the migration and the table."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import migrations, models

from fraudhub.operations import upgrades
from fraudhub.operations.upgrades import BREAKS, LOCKS, Planned, judge
from fraudhub.postgres_indexes import PostgresIndex
from tests.factories import make_report

LONG_SECRET = "a-long-random-secret-for-the-deployment-checks-0123456789abcdef"  # noqa: S105


def migration(name: str, *operations: object) -> migrations.Migration:
    made = migrations.Migration(name, "reports")
    made.operations = list(operations)
    return made


def index() -> models.Index:
    return models.Index(fields=["narrative"], name="report_narrative_idx")


def test_a_locking_operation_is_refused_on_a_large_table_and_noted_on_a_small_one() -> None:
    build = Planned("reports.0099_idx", "AddIndex", ("reports_report",), LOCKS, "blocks")
    refused, warned = judge([build], {"reports_report": 500_000}, large=100_000)
    assert [(f.table, f.rows) for f in refused] == [("reports_report", 500_000)]
    assert warned == []
    refused, warned = judge([build], {"reports_report": 50}, large=100_000)
    assert refused == []
    assert [f.table for f in warned] == ["reports_report"]


def test_removing_a_column_is_refused_at_any_size() -> None:
    drop = Planned("reports.0099_drop", "RemoveField", ("reports_report",), BREAKS, "old")
    refused, _ = judge([drop], {"reports_report": 0}, large=100_000)
    assert [f.planned.migration for f in refused] == ["reports.0099_drop"]


def test_safe_operations_are_neither_refused_nor_noted() -> None:
    add = Planned("reports.0099_add", "AddField", ("reports_report",), None)
    assert judge([add], {"reports_report": 10**7}, large=100_000) == ([], [])


@pytest.mark.django_db
def test_each_operation_is_judged_on_the_table_it_touches() -> None:
    plan = [
        (
            migration(
                "0099_upgrade",
                migrations.AlterField("report", "narrative", models.CharField(max_length=50)),
                migrations.AlterField("report", "narrative", models.CharField(max_length=80)),
                migrations.AddIndex("report", index()),
                AddIndexConcurrently("report", models.Index(fields=["id"], name="report_id2")),
                PostgresIndex("report_narrative_trgm", "reports_report", "narrative", "gin"),
                migrations.RemoveField("report", "payment_method"),
                migrations.RunPython(migrations.RunPython.noop),
                migrations.RunSQL("UPDATE reports_report SET narrative = ''"),
                migrations.AddField("report", "channel", models.CharField(max_length=9, null=True)),
                migrations.AddField(
                    "report", "batch", models.CharField(max_length=9, null=True, db_index=True)
                ),
            ),
            False,
        )
    ]
    judged = [(p.operation, p.tables, p.risk) for p in upgrades.pending(plan)]
    assert judged == [
        ("AlterField", ("reports_report",), LOCKS),  # text to varchar: a rewrite
        ("AlterField", ("reports_report",), None),  # varchar 50 to 80: same type
        ("AddIndex", ("reports_report",), LOCKS),
        ("AddIndexConcurrently", (), None),
        ("PostgresIndex", (), None),  # built concurrently: writes go on
        ("RemoveField", ("reports_report",), BREAKS),
        ("RunPython", (), None),
        ("RunSQL", ("reports_report",), LOCKS),
        ("AddField", (), None),
        ("AddField", ("reports_report",), LOCKS),
    ]


@pytest.fixture
def production(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the browser tests let Django touch the database from Playwright's event loop for the
    # whole test process; a deployment never does, and the deployment checks refuse it
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.SECRET_KEY = LONG_SECRET
    settings.FRAUDHUB_LARGE_TABLE_ROWS = 2


@pytest.fixture
def index_pending_on_large_reports(
    db: None, production: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three reports (more than the large-table setting of 2) and an upgrade that indexes them."""
    for _ in range(3):
        make_report()
    pending = [
        (migration("0099_report_narrative_idx", migrations.AddIndex("report", index())), False)
    ]
    monkeypatch.setattr(upgrades, "plan", lambda: pending)


def test_an_index_built_on_a_large_table_stops_the_upgrade_naming_migration_and_table(
    index_pending_on_large_reports: None,
) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("deploy_check", stdout=StringIO())
    message = str(refused.value)
    assert "reports.0099_report_narrative_idx: AddIndex on reports_report (about 3 rows)" in message
    assert "AddIndexConcurrently" in message


def test_an_accepted_migration_is_reported_and_the_check_passes(
    index_pending_on_large_reports: None,
) -> None:
    out = StringIO()
    call_command("deploy_check", accept=["reports.0099_report_narrative_idx"], stdout=out)
    assert "reports.0099_report_narrative_idx" in out.getvalue()
    assert "safe to apply" in out.getvalue()


def test_with_every_migration_applied_the_check_passes_and_says_so(
    db: None, production: None
) -> None:
    out = StringIO()
    call_command("deploy_check", stdout=out)
    assert "Migrations: all applied." in out.getvalue()


def test_a_failing_deployment_check_stops_the_upgrade(db: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECRET_KEY = "short"  # noqa: S105
    with pytest.raises(CommandError):
        call_command("deploy_check", fail_level="WARNING", stdout=StringIO(), stderr=StringIO())
