"""People links feed triage: a victim's reports in other cases count for the repeat-victim
rule once people matching judges them the same person, and stop counting when split."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.linking.persons.services import decide_people, link_people
from fraudhub.reports.models import Person
from tests.linking.test_people_links import victim_record

pytestmark = pytest.mark.django_db

REPEAT = "Also a victim in another report"


def _victim(first: str) -> Person:
    victim = victim_record(first, date_of_birth="07/03/1948", phone="01727 123456")
    triage_reports(report_ids=[victim.report_id])
    return victim


def _reasons(victim: Person) -> list[str]:
    return Case.objects.get(reports=victim.report).triage_reasons


def test_a_linked_victim_counts_as_a_repeat_victim_until_an_analyst_splits(
    manager: User,
) -> None:
    first, second = _victim("Margaret"), _victim("Peggy")
    assert Case.objects.count() == 2  # names differ: casework alone sees two people
    assert not any(REPEAT in r for r in _reasons(second))
    run = link_people()
    assert run.cases_retriaged == 2
    assert any(REPEAT in r for r in _reasons(second))
    assert any(REPEAT in r for r in _reasons(first))
    decide_people(actor=manager, person=first, other=second, same=False, reason="Sisters")
    assert not any(REPEAT in r for r in _reasons(second))
    assert (
        Case.objects.get(reports=second.report).level
        == Case.objects.get(reports=first.report).level
    )


def test_a_rerun_that_changes_nothing_triages_nothing(manager: User) -> None:
    _victim("Margaret"), _victim("Peggy")
    link_people()
    assert link_people().cases_retriaged == 0


def test_every_changed_victims_case_is_triaged_however_many_there_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fraudhub.casework.services import triage as triage_services

    monkeypatch.setattr(triage_services, "CHUNK", 1)  # a query per victim, as for a very large run
    first, second = _victim("Margaret"), _victim("Peggy")
    assert link_people().cases_retriaged == 2
    assert any(REPEAT in r for r in _reasons(first)) and any(REPEAT in r for r in _reasons(second))
