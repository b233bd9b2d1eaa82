"""The audit log cannot be quietly rewritten: every entry is chained to the one before it,
`fraudhub audit-verify` fails naming the first entry that was changed, removed or
reordered, and a checkpoint kept outside the database catches a rewrite of the whole chain.
Nothing in the application can change or remove an entry, and on PostgreSQL neither can
plain SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.governance import audit
from fraudhub.governance.audit_chain import (
    GENESIS,
    Break,
    Existing,
    Verified,
    entry_hash,
    verify,
)
from fraudhub.governance.models import AuditEvent, AuditIsAppendOnly, Organisation
from fraudhub.intake.file_imports import import_referrals
from tests.factories import OrganisationFactory, make_report, staff_user

# The pure chain -------------------------------------------------------------------------


def chain_of(labels: list[str]) -> list[dict[str, Any]]:
    entries, previous = [], GENESIS
    for number, label in enumerate(labels, start=1):
        entry: dict[str, Any] = {
            "id": number,
            "sequence": number,
            "at": "2026-12-01T10:00:00.000000+00:00",
            "actor_label": "manager",
            "organisation_label": "Fraud Hub",
            "action": "view",
            "object_type": "reports.report",
            "object_id": str(number),
            "object_label": label,
            "detail": {"why": label, "n": number},
            "chain_version": 2,
            "actor_key": 7,
            "organisation_key": 1,
            "actor_id": 7,
            "organisation_id": 1,
            "previous_hash": previous,
        }
        entry["hash"] = previous = entry_hash(previous, entry)
        entries.append(entry)
    return entries


LABELS = st.lists(st.text(max_size=20), min_size=2, max_size=12)


@given(labels=LABELS, data=st.data())
def test_any_change_to_any_entry_is_found_at_that_entry(labels: list[str], data: Any) -> None:
    entries = chain_of(labels)
    assert isinstance(verify(entries), Verified)
    victim = data.draw(st.integers(0, len(entries) - 1))
    field = data.draw(
        st.sampled_from(
            ["actor_label", "object_label", "action", "detail", "at", "actor_key"]
            + ["organisation_key", "chain_version"]
        )
    )
    entries[victim][field] = (
        {"changed": True}
        if field == "detail"
        else 1
        if field == "chain_version"
        else 99
        if field.endswith("_key")
        else "changed!"
    )
    result = verify(entries)
    assert isinstance(result, Break) and result.sequence == victim + 1
    assert "changed" in result.reason


@given(labels=LABELS, data=st.data())
def test_a_removed_or_moved_entry_is_found(labels: list[str], data: Any) -> None:
    entries = chain_of(labels)
    gone = data.draw(st.integers(0, len(entries) - 2))
    removed = entries[:gone] + entries[gone + 1 :]
    result = verify(removed)
    assert isinstance(result, Break) and result.sequence == gone + 1
    swapped = list(entries)
    swapped[gone], swapped[gone + 1] = swapped[gone + 1], swapped[gone]
    result = verify(swapped)
    assert isinstance(result, Break) and result.sequence == gone + 1


@given(labels=LABELS, data=st.data())
def test_an_entry_moved_to_another_login_or_organisation_is_found(
    labels: list[str], data: Any
) -> None:
    entries = chain_of(labels)
    victim = data.draw(st.integers(0, len(entries) - 1))
    link = data.draw(st.sampled_from(["actor_id", "organisation_id"]))
    entries[victim][link] = 8
    result = verify(entries)
    assert isinstance(result, Break) and result.sequence == victim + 1
    assert "was moved to another" in result.reason


def test_an_entry_detached_from_a_login_that_still_exists_is_found() -> None:
    entries = chain_of(["a", "b", "c"])
    entries[1]["actor_id"] = None
    # Emptied because the login was removed: the chain holds.
    assert isinstance(
        verify(entries, Existing(logins=frozenset({3}), organisations=frozenset({1}))), Verified
    )
    # Emptied while login 7 still exists: someone detached it.
    result = verify(entries, Existing(logins=frozenset({7}), organisations=frozenset({1})))
    assert isinstance(result, Break) and result.sequence == 2
    assert "detached from its login (7), which still exists" in result.reason


def test_entries_from_before_ids_were_chained_still_verify_and_cannot_follow_newer_ones() -> None:
    old, previous = [], GENESIS
    for number in (1, 2):
        entry: dict[str, Any] = {
            "id": number,
            "sequence": number,
            "at": "2026-11-01T10:00:00.000000+00:00",
            "actor_label": "manager",
            "organisation_label": "Fraud Hub",
            "action": "view",
            "object_type": "reports.report",
            "object_id": str(number),
            "object_label": "old",
            "detail": {},
            "previous_hash": previous,
        }
        entry["hash"] = previous = entry_hash(previous, entry)
        old.append(entry)
    newer = chain_of(["x"])[0]
    newer.update(sequence=3, id=3, previous_hash=previous)
    newer["hash"] = entry_hash(previous, newer)
    assert isinstance(verify([*old, newer]), Verified)
    # A version 1 entry written after a version 2 one is a forgery of the old format.
    downgraded = dict(newer, sequence=4, id=4, previous_hash=newer["hash"], chain_version=1)
    downgraded["hash"] = entry_hash(newer["hash"], downgraded)
    result = verify([*old, newer, downgraded])
    assert isinstance(result, Break) and result.sequence == 4
    assert "chain version 1 after an entry of version 2" in result.reason


# The chain in the database --------------------------------------------------------------

pytestmark = pytest.mark.django_db(transaction=True)


def write_entries(count: int) -> list[AuditEvent]:
    user = staff_user("auditor")
    organisation = Organisation.objects.get(slug="fraud-hub")
    for n in range(count):
        audit.record(actor=user, action="view", obj=organisation, detail={"why": f"check {n}"})
    return list(AuditEvent.objects.order_by("sequence"))


@contextmanager
def as_someone_with_database_access() -> Iterator[Any]:
    """Plain SQL, as an administrator with the database's password would send it; on
    PostgreSQL they would first switch the append-only trigger off, as this does."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield cursor


def verify_fails_naming(sequence: int, *args: str) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args)
    message = str(failure.value)
    assert f"Audit entry {sequence}" in message
    return message


def test_entries_are_chained_when_written_and_verify(capsys: pytest.CaptureFixture[str]) -> None:
    write_entries(5)
    chained = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in chained] == [1, 2, 3, 4, 5]
    assert chained[0].previous_hash == GENESIS
    assert all(b.previous_hash == a.hash for a, b in zip(chained, chained[1:], strict=False))
    call_command("audit_verify")
    said = capsys.readouterr().out
    assert "The audit log is intact: 5 entries" in said
    assert "not checked against checkpoints: give --checkpoint FILE" in said


def test_a_changed_entry_is_named() -> None:
    events = write_entries(4)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET actor_label = %s WHERE id = %s",
            ["someone-else", events[2].pk],
        )
    assert "was changed after it was written" in verify_fails_naming(3)


def test_a_removed_entry_is_named() -> None:
    events = write_entries(4)
    with as_someone_with_database_access() as cursor:
        cursor.execute("DELETE FROM governance_auditevent WHERE id = %s", [events[1].pk])
    assert "the entry numbered 2 was removed" in verify_fails_naming(2)


def test_reordered_entries_are_named() -> None:
    events = write_entries(4)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET sequence = sequence + 100 WHERE id IN (%s, %s)",
            [events[1].pk, events[2].pk],
        )
        cursor.execute(
            "UPDATE governance_auditevent SET sequence = 2 WHERE id = %s", [events[2].pk]
        )
        cursor.execute(
            "UPDATE governance_auditevent SET sequence = 3 WHERE id = %s", [events[1].pk]
        )
    assert "moved or reordered" in verify_fails_naming(2)


def test_a_whole_rewritten_chain_is_caught_by_a_checkpoint(tmp_path: Path) -> None:
    events = write_entries(3)
    checkpoints = tmp_path / "checkpoints.txt"
    call_command("audit_checkpoint", "--out", str(checkpoints))
    # Someone removes the second entry and rewrites every hash after it, so the chain on
    # its own holds again.
    with as_someone_with_database_access() as cursor:
        cursor.execute("DELETE FROM governance_auditevent WHERE id = %s", [events[1].pk])
        cursor.execute(
            "UPDATE governance_auditevent SET sequence = 2 WHERE id = %s", [events[2].pk]
        )
        rewritten = AuditEvent.objects.filter(pk=events[2].pk).values().get()
        rewritten["previous_hash"] = events[0].hash
        new_hash = entry_hash(events[0].hash, rewritten)
        cursor.execute(
            "UPDATE governance_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [events[0].hash, new_hash, events[2].pk],
        )
        cursor.execute("UPDATE governance_auditchainhead SET sequence = 2, hash = %s", [new_hash])
    call_command("audit_verify")  # the chain alone cannot tell
    message = verify_fails_naming(3, "--checkpoint", str(checkpoints))
    assert "entries were removed and the chain rewritten" in message


def test_no_checkpoint_is_written_for_a_broken_chain(tmp_path: Path) -> None:
    events = write_entries(2)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET object_label = 'x' WHERE id = %s", [events[0].pk]
        )
    with pytest.raises(CommandError, match="No checkpoint written"):
        call_command("audit_checkpoint", "--out", str(tmp_path / "c.txt"))
    assert not (tmp_path / "c.txt").exists()


def test_the_application_cannot_change_or_remove_an_entry() -> None:
    event = write_entries(1)[0]
    event.object_label = "something else"
    with pytest.raises(AuditIsAppendOnly):
        event.save()
    with pytest.raises(AuditIsAppendOnly):
        event.delete()
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(object_label="x")
    with pytest.raises(AuditIsAppendOnly):
        AuditEvent.objects.all().delete()


def test_on_postgresql_plain_sql_cannot_change_or_remove_an_entry() -> None:
    event = write_entries(1)[0]
    statements = [
        ("UPDATE governance_auditevent SET object_label = 'x' WHERE id = %s", [event.pk]),
        ("DELETE FROM governance_auditevent WHERE id = %s", [event.pk]),
    ]
    for sql, params in statements:
        if connection.vendor == "postgresql":
            with pytest.raises(DatabaseError), transaction.atomic():
                connection.cursor().execute(sql, params)
    assert AuditEvent.objects.filter(pk=event.pk, object_label=event.object_label).exists()


def test_an_entry_moved_to_another_login_is_named() -> None:
    events = write_entries(3)
    other = staff_user("someone-else")
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET actor_id = %s WHERE id = %s",
            [other.pk, events[1].pk],
        )
    message = verify_fails_naming(2)
    assert f"was moved to another login (written by login {events[1].actor_key}" in message


def test_an_entry_moved_with_its_chained_id_rewritten_is_named() -> None:
    events = write_entries(3)
    other = staff_user("someone-else")
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET actor_id = %s, actor_key = %s WHERE id = %s",
            [other.pk, other.pk, events[1].pk],
        )
    assert "was changed after it was written" in verify_fails_naming(2)


def test_an_entry_moved_to_another_organisation_is_named() -> None:
    events = write_entries(2)
    other = OrganisationFactory()
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET organisation_id = %s WHERE id = %s",
            [other.pk, events[0].pk],
        )
    assert "was moved to another organisation" in verify_fails_naming(1)


def test_an_entry_detached_from_a_login_that_still_exists_is_named() -> None:
    events = write_entries(2)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET actor_id = NULL WHERE id = %s", [events[1].pk]
        )
    assert "detached from its login" in verify_fails_naming(2)


def test_on_postgresql_plain_sql_cannot_move_an_entry_to_another_login() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    event = write_entries(1)[0]
    other = staff_user("someone-else")
    with pytest.raises(DatabaseError), transaction.atomic():
        connection.cursor().execute(
            "UPDATE governance_auditevent SET actor_id = %s WHERE id = %s", [other.pk, event.pk]
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        connection.cursor().execute(
            "UPDATE governance_auditevent SET actor_key = %s WHERE id = %s", [other.pk, event.pk]
        )
    assert AuditEvent.objects.get(pk=event.pk).actor_id == event.actor_id


def test_removing_a_login_keeps_the_chain_whole(capsys: pytest.CaptureFixture[str]) -> None:
    write_entries(3)
    User.objects.get(username="auditor").delete()
    assert AuditEvent.objects.filter(actor__isnull=True, actor_label="auditor").count() == 3
    call_command("audit_verify")
    assert "intact: 3 entries" in capsys.readouterr().out


def test_a_partner_files_reports_are_chained_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "referrals.csv"
    path.write_text(
        "partner_reference,received_date,description,victim_first_name,victim_postcode\n"
        "TS-1,05/11/2026,A caller said he was from her bank,Edna,SG1 2AB\n"
        "TS-2,06/11/2026,A courier came for her card,Rita,AL10 9AB\n",
        encoding="utf-8",
    )
    import_referrals(path=path, organisation=OrganisationFactory(), batch_size=1)
    created = AuditEvent.objects.filter(action="create", object_type="reports.report")
    assert created.count() == 2
    assert not AuditEvent.objects.filter(sequence__isnull=True).exists()
    call_command("audit_verify")
    assert "The audit log is intact" in capsys.readouterr().out


def test_an_entry_names_a_person_by_role_and_report_never_by_name() -> None:
    report = make_report().report
    victim = report.persons.get(role="victim")
    event = audit.record(actor=staff_user("auditor"), action="view", obj=victim)
    assert "Margaret" not in event.object_label and "Hughes" not in event.object_label
    assert event.object_label == f"Victim in {report.reference}"


def test_a_forged_entry_added_directly_is_never_chained_and_is_named() -> None:
    events = write_entries(2)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "INSERT INTO governance_auditevent (at, actor_label, organisation_label, action,"
            " object_type, object_id, object_label, detail, previous_hash, hash)"
            " VALUES (%s, 'manager', 'Fraud Hub', 'view', 'reports.report', '1',"
            " 'FH-2026-000001', '{}', '', '')",
            ["2026-01-01 09:00:00+00:00"],
        )
    audit.seal_pending()
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == 1
    message = verify_fails_naming(3)
    assert "never chained" in message and "added to the database directly" in message
    assert events[-1].sequence == 2


def test_a_forged_entry_added_just_now_without_the_seal_is_never_chained_and_is_named(
    tmp_path: Path,
) -> None:
    write_entries(2)
    checkpoints = tmp_path / "checkpoints.txt"
    call_command("audit_checkpoint", "--out", str(checkpoints))
    staff = User.objects.get(username="auditor")
    with connection.cursor() as cursor:  # the trigger stays on: inserting is not refused
        cursor.execute(
            "INSERT INTO governance_auditevent (at, actor_id, actor_key, actor_label,"
            " organisation_label, action, object_type, object_id, object_label, detail,"
            " previous_hash, hash, chain_version, seal)"
            " VALUES (%s, %s, %s, 'auditor', 'Fraud Hub', 'erase', 'reports.person', '1',"
            " 'Joseph Pearce', '{}', '', '', 2, %s)",
            [timezone.now(), staff.pk, staff.pk, "0" * 64],
        )
    audit.seal_pending()
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == 1
    message = verify_fails_naming(3, "--checkpoint", str(checkpoints))
    assert "without the application's seal" in message
    # What the application writes afterwards is still chained after the last good entry.
    audit.record(actor=staff, action="view", obj=Organisation.objects.get(slug="fraud-hub"))
    assert list(
        AuditEvent.objects.filter(sequence__isnull=False).values_list("sequence", flat=True)
    ) == [3, 2, 1]


def test_the_last_entries_removed_are_found_from_the_chains_head() -> None:
    events = write_entries(4)
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "DELETE FROM governance_auditevent WHERE id IN (%s, %s)",
            [events[2].pk, events[3].pk],
        )
    message = verify_fails_naming(3)
    assert "ends at entry 2 but had reached entry 4" in message


def rewrite_chain_from(cursor: Any, first: AuditEvent) -> None:
    """Recompute every hash from `first` on, as someone who knows the hashing would after
    changing an entry, so the chain on its own holds again."""
    previous = first.previous_hash
    for values in (
        AuditEvent.objects.filter(sequence__gte=first.sequence).order_by("sequence").values()
    ):
        values["previous_hash"] = previous
        previous = entry_hash(previous, values)
        cursor.execute(
            "UPDATE governance_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [values["previous_hash"], previous, values["id"]],
        )
    cursor.execute("UPDATE governance_auditchainhead SET hash = %s", [previous])


def test_a_changed_entry_with_the_chain_rewritten_is_caught_by_an_emailed_checkpoint(
    tmp_path: Path, mailoutbox: list[Any]
) -> None:
    events = write_entries(4)
    call_command("audit_checkpoint", "--email", "dpo@partner.example")
    (message,) = mailoutbox
    assert message.to == ["dpo@partner.example"]
    # The partner keeps the line from the email; later it is handed back to check against.
    line = next(text for text in message.body.splitlines() if text.startswith("{"))
    kept = tmp_path / "from-partner.txt"
    kept.write_text(line + "\n", encoding="utf-8")
    with as_someone_with_database_access() as cursor:
        cursor.execute(
            "UPDATE governance_auditevent SET actor_label = 'someone-else' WHERE id = %s",
            [events[1].pk],
        )
        rewrite_chain_from(cursor, AuditEvent.objects.get(pk=events[1].pk))
    call_command("audit_verify")  # the chain alone cannot tell
    message_text = verify_fails_naming(4, "--checkpoint", str(kept))
    assert "its hash differs from the checkpoint" in message_text


def test_entries_added_after_a_checkpoint_still_verify_against_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_entries(2)
    checkpoints = tmp_path / "checkpoints.txt"
    call_command("audit_checkpoint", "--out", str(checkpoints))
    audit.record(
        actor=None, action="view", obj=Organisation.objects.get(slug="fraud-hub"), actor_label="x"
    )
    call_command("audit_verify", "--checkpoint", str(checkpoints))
    assert "The audit log is intact: 3 entries" in capsys.readouterr().out
