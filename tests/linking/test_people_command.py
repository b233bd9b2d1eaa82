"""`fraudhub link` runs identifier clusters and people links and prints counts and times;
`--schedule` books the nightly run, which books the next one when it has run."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from fraudhub.linking.models import PersonGroup
from fraudhub.linking.tasks import next_run_at, nightly_linking_task, schedule_linking
from tests.linking.test_people_links import victim_record

pytestmark = pytest.mark.django_db


def _report(first: str) -> None:
    victim_record(first, date_of_birth="07/03/1948", phone="01727 123456")


def test_link_prints_both_kinds_of_link_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    _report("Margaret")
    _report("Peggy")
    call_command("link")
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["identifier_clusters"] == 0  # neither gave a scammer identifier
    assert printed["people"]["victim"] == {
        "records": 2,
        "pairs_scored": 1,
        "groups": 1,
        "grouped_records": 2,
    }
    assert printed["people"]["suspect"]["records"] == 0
    assert printed["engine"] == "duckdb"
    assert printed["seconds"] >= printed["people_seconds"] >= 0
    assert PersonGroup.objects.count() == 1


def test_an_unknown_engine_is_refused_with_the_choices() -> None:
    with pytest.raises(CommandError, match="duckdb"):
        call_command("link", "--engine", "oracle")


def test_the_nightly_run_is_at_the_given_hour_in_utc() -> None:
    evening = datetime(2026, 12, 1, 21, 0, tzinfo=UTC)
    assert next_run_at(evening, 2) == datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
    small_hours = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
    assert next_run_at(small_hours, 2) == datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_schedule_books_one_nightly_run_in_the_database_queue(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    first = schedule_linking()
    again = schedule_linking()
    assert first is not None and first == again
    booked = DBTaskResult.objects.filter(task_path=nightly_linking_task.module_path)
    assert booked.count() == 1
    assert booked.get().run_after == first


def test_schedule_explains_a_backend_that_cannot_run_work_later(settings) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="db_worker"):
        call_command("link", "--schedule")


def test_the_nightly_task_links_and_books_the_next_night(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    _report("Margaret")
    _report("Peggy")
    figures = nightly_linking_task.call()
    assert figures["people"]["victim"]["groups"] == 1
    assert DBTaskResult.objects.filter(task_path=nightly_linking_task.module_path).count() == 1
