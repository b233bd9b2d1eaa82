"""No lost updates: two people changing the same case at once never silently overwrite each
other. Each write claims the version the person loaded; the second to arrive is told the
case changed and nothing of theirs is saved.

The concurrent tests need two real sessions that block on each other's row locks, so they
run on PostgreSQL only: CI runs the suite there (`make test-postgres`). The sequential test
runs on any database."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction

from fraudhub.casework.models import Case, CaseEvent, Contact
from fraudhub.casework.services import (
    Edit,
    StaleCase,
    assign_case,
    move_case,
    record_contact,
    triage_reports,
)
from fraudhub.casework.services import triage as triage_services
from fraudhub.governance.models import AuditEvent

from ..factories import hub, make_report, staff_user

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two sessions that really block on each other's row locks: "
    "PostgreSQL, which CI runs the suite on (`make test-postgres`)",
)
WAIT = 30  # seconds: a guard against a hung test, never a timing assertion


def _open_case() -> Case:
    hub()
    report = make_report().report
    return triage_reports(report_ids=[report.pk])[0]


# --- any database ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stale_write",
    [
        lambda e, u: record_contact(edit=e, method="phone", with_whom="victim", outcome="spoke"),
        lambda e, u: assign_case(edit=e, to=u),
        lambda e, u: move_case(edit=e, target="declined"),
    ],
    ids=["record_contact", "assign_case", "move_case"],
)
def test_a_stale_version_is_refused_and_nothing_is_written(
    stale_write: Callable[[Edit, User], Any],
) -> None:
    case = _open_case()
    first, second = staff_user("first"), staff_user("second")
    loaded = case.version
    assign_case(edit=Edit(case=Case.objects.get(pk=case.pk), version=loaded, actor=first), to=first)
    before = (
        Case.objects.values().get(pk=case.pk),
        Contact.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(StaleCase, match="Someone else changed this case"):
        stale_write(Edit(case=Case.objects.get(pk=case.pk), version=loaded, actor=second), second)
    after = (
        Case.objects.values().get(pk=case.pk),
        Contact.objects.count(),
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert after[0]["assigned_to_id"] == first.pk and after[0]["version"] == loaded + 1


@pytest.mark.django_db
def test_the_current_version_is_accepted_and_moves_on(hub_org) -> None:
    case = _open_case()
    user = staff_user("worker")
    edit = Edit(case=Case.objects.get(pk=case.pk), version=case.version, actor=user)
    assign_case(edit=edit, to=user)
    assert edit.case.version == case.version + 1 == Case.objects.get(pk=case.pk).version
    again = Edit(case=edit.case, version=edit.case.version, actor=user)  # the page reloaded
    record_contact(edit=again, method="phone", with_whom="victim", outcome="no_answer")
    assert Case.objects.get(pk=case.pk).version == case.version + 2
    with pytest.raises(StaleCase):  # the first page, submitted again, is out of date
        record_contact(edit=edit, method="phone", with_whom="victim", outcome="no_answer")


# --- PostgreSQL: two sessions at once ----------------------------------------------------


def _run_together(*jobs: Callable[[], Any]) -> list[Any]:
    """Run each job in its own thread and database session; return each result or error."""
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], Any]) -> None:
        try:
            results[index] = job()
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive(), "a session hung"
    return results


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", range(3))
def test_two_people_editing_at_once_one_wins_and_the_other_is_told(rounds: int) -> None:
    case = _open_case()
    alice, bob = staff_user("alice"), staff_user("bob")
    together = threading.Barrier(2, timeout=WAIT)

    def edit_as(user: User, write: Callable[[Edit], Any]) -> Callable[[], str]:
        def job() -> str:
            with transaction.atomic():
                loaded = Case.objects.get(pk=case.pk)  # what the person's form showed
                together.wait()  # both hold the same version, inside their transactions
                write(Edit(case=loaded, version=loaded.version, actor=user))
            return user.username

        return job

    results = _run_together(
        edit_as(
            alice,
            lambda e: record_contact(edit=e, method="phone", with_whom="victim", outcome="spoke"),
        ),
        edit_as(bob, lambda e: assign_case(edit=e, to=bob)),
    )
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, StaleCase)]
    assert len(winners) == 1 and len(losers) == 1, results
    now = Case.objects.get(pk=case.pk)
    assert now.version == case.version + 1
    if winners == ["alice"]:
        assert now.contacts.count() == 1 and now.state == "in_contact"
        assert now.assigned_to is None
    else:
        assert now.contacts.count() == 0 and now.first_contact_on is None
        assert now.assigned_to == bob and now.state == "awaiting_contact"
    audited = AuditEvent.objects.filter(object_type="casework.case", object_id=str(case.pk))
    assert {e.actor_label for e in audited} == set(winners)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_making_the_same_change_at_once_record_it_once() -> None:
    case = _open_case()
    alice, bob = staff_user("alice"), staff_user("bob")
    together = threading.Barrier(2, timeout=WAIT)

    def contact_as(user: User) -> Callable[[], str]:
        def job() -> str:
            with transaction.atomic():
                loaded = Case.objects.get(pk=case.pk)
                together.wait()
                record_contact(
                    edit=Edit(case=loaded, version=loaded.version, actor=user),
                    method="phone",
                    with_whom="victim",
                    outcome="no_answer",
                )
            return user.username

        return job

    results = _run_together(contact_as(alice), contact_as(bob))
    assert sum(isinstance(r, StaleCase) for r in results) == 1, results
    assert Contact.objects.filter(case=case).count() == 1


def _someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_triage_of_a_changed_report_never_silently_undoes_a_concurrent_assignment() -> None:
    """Triage re-run (a partner sent the report again) while a person assigns the case: both
    the assignment and the triage are kept."""
    case = _open_case()
    bob = staff_user("bob")
    triage_has_read = threading.Event()
    bob_is_done = threading.Event()
    real_facts_for = triage_services.facts_for

    def facts_for_once_bob_has_tried(loaded: Case) -> Any:
        triage_has_read.set()
        # Go on once Bob has saved, or once he is queued behind this session's row lock.
        while not bob_is_done.wait(0.05) and not _someone_waits_for_a_lock():
            pass
        return real_facts_for(loaded)

    def triage() -> list[Case]:
        return triage_reports(report_ids=[case.reports.get().pk])

    def assign() -> Case:
        assert triage_has_read.wait(WAIT)
        try:
            fresh = Case.objects.get(pk=case.pk)
            return assign_case(edit=Edit(case=fresh, version=fresh.version, actor=bob), to=bob)
        finally:
            bob_is_done.set()

    with mock.patch.object(triage_services, "facts_for", facts_for_once_bob_has_tried):
        triaged, assigned = _run_together(triage, assign)
    assert isinstance(triaged, list), triaged
    now = Case.objects.get(pk=case.pk)
    # Triage leaves the version alone, so Bob is not even asked to start again.
    assert isinstance(assigned, Case), assigned
    assert now.assigned_to == bob and now.state == "awaiting_contact"
    assert now.level == triaged[0].level and now.triaged_at == triaged[0].triaged_at
