"""Reports made before consent belonged to whoever gave it: a third party's answers stored
on the victim become the reporter's, and the victim's are "not asked yet". Reversible."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Migrating needs real transactions. (Not serialized_rollback: restoring its snapshot after
# another transactional test's flush collides with the content types that flush re-made.)
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reports", "0004_victim_consent_answered_by")]
AFTER = [("reports", "0005_third_party_consent_is_the_reporters")]


def _migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest() -> Iterator[None]:
    """Every app's latest migrations again after the test, whatever it unapplied."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_third_partys_answers_move_off_the_victim_and_back() -> None:
    apps = _migrate(BEFORE)
    Report = apps.get_model("reports", "Report")
    Person = apps.get_model("reports", "Person")
    third_party = Report.objects.create(
        reference="FH-2026-000001", received_date=date(2026, 3, 5), source="public_web"
    )
    Person.objects.create(report=third_party, role="victim", consent_to_share=True)
    Person.objects.create(
        report=third_party, role="reporter", consent_to_contact=True, consent_to_share=True
    )
    only_victim_held_it = Report.objects.create(
        reference="FH-2026-000002", received_date=date(2026, 3, 5), source="phone"
    )
    Person.objects.create(report=only_victim_held_it, role="victim", consent_to_share=False)
    Person.objects.create(report=only_victim_held_it, role="reporter")
    themselves = Report.objects.create(
        reference="FH-2026-000003", received_date=date(2026, 3, 5), source="public_web"
    )
    Person.objects.create(
        report=themselves, role="victim", consent_to_contact=True, consent_to_share=True
    )

    def answers(report, role):  # type: ignore[no-untyped-def]
        person = Person.objects.get(report_id=report.pk, role=role)
        return person.consent_to_contact, person.consent_to_share

    apps = _migrate(AFTER)
    Person = apps.get_model("reports", "Person")
    assert answers(third_party, "victim") == (None, None)
    assert answers(third_party, "reporter") == (True, True)
    assert answers(only_victim_held_it, "victim") == (None, None)
    assert answers(only_victim_held_it, "reporter") == (None, False)
    assert answers(themselves, "victim") == (True, True)

    apps = _migrate(BEFORE)
    Person = apps.get_model("reports", "Person")
    assert answers(third_party, "victim") == (None, True)
    assert answers(only_victim_held_it, "victim") == (None, False)
    assert answers(themselves, "victim") == (True, True)
    _migrate(AFTER)
