"""Seized target lists hold people's names and contacts: the retention run erases the
people on a list once its period (90 days after the list was checked, unless an
administrator sets another) is up, keeping the list's record and the outcomes of the calls
made, and leaves alone a list a legal hold keeps."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from fraudhub.casework.models import ProactiveCall, TargetList, TargetListEntry
from fraudhub.governance.models import AuditEvent, LegalHold, RetentionRule
from fraudhub.governance.retention import SCHEDULES, Kind
from fraudhub.governance.rights import place
from fraudhub.rights.retention import run_retention
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def seized(days_ago: int, n: int = 1) -> TargetList:
    """A list checked `days_ago`, with two people: one called (reached), one still to call."""
    made = TargetList.objects.create(
        source="Police, seized from a call centre",
        file_name=f"list{n}.csv",
        file_hash=f"{n:064d}",
        imported_at=timezone.now() - timedelta(days=days_ago),
        rows=2,
        people=2,
    )
    for row, (name, status) in enumerate(
        (("Edna Smith", ProactiveCall.Status.REACHED), ("Ivy Jones", ProactiveCall.Status.TO_CALL)),
        start=1,
    ):
        call = ProactiveCall.objects.create(
            target_list=made,
            name=name,
            address=f"{row} High Street, St Albans",
            postcode="AL1 3EJ",
            district="AL1",
            phone="01727 123456",
            email="edna@example.com",
            date_of_birth="07/03/1940",
            notes=f"Spoke to {name}",
            status=status,
        )
        TargetListEntry.objects.create(
            target_list=made,
            row_number=row,
            row_id=str(row),
            values={"first_name": name.split()[0], "phone": "01727 123456"},
            person_key=row,
            county=TargetListEntry.County.IN,
            county_reason="AL1 is in the county",
            call=call,
        )
    return made


def test_the_default_period_is_90_days_after_the_list_was_checked() -> None:
    assert SCHEDULES[Kind.TARGET_LISTS].default_days == 90


def test_a_list_past_its_period_loses_its_people_and_keeps_its_record() -> None:
    due, kept = seized(91, 1), seized(89, 2)
    run = run_retention()
    assert run.counts[Kind.TARGET_LISTS.value] == 1
    assert TargetList.objects.filter(pk=due.pk).exists()
    assert not TargetListEntry.objects.filter(target_list=due).exists()
    (made,) = ProactiveCall.objects.filter(target_list=due)  # the call still to make is gone
    assert made.status == ProactiveCall.Status.REACHED and made.district == "AL1"
    assert (made.name, made.address, made.phone, made.email, made.notes) == ("",) * 5
    assert TargetListEntry.objects.filter(target_list=kept).count() == 2
    assert ProactiveCall.objects.filter(target_list=kept, name="Ivy Jones").exists()
    erased = AuditEvent.objects.filter(action="erase", object_type="casework.targetlist")
    assert [e.object_id for e in erased] == [str(due.pk)]
    assert run_retention().counts[Kind.TARGET_LISTS.value] == 0  # nothing left to erase


def test_a_legal_hold_keeps_a_list() -> None:
    held = seized(200)
    place(LegalHold, actor=staff_user("dpo"), obj=held, reason="Court case")
    run = run_retention()
    assert run.counts[Kind.TARGET_LISTS.value] == 0
    assert run.held[Kind.TARGET_LISTS.value] == 1
    assert TargetListEntry.objects.filter(target_list=held).count() == 2


def test_a_hold_on_one_of_its_calls_keeps_the_list() -> None:
    held = seized(200)
    call = ProactiveCall.objects.filter(target_list=held).first()
    assert call is not None
    place(LegalHold, actor=staff_user("dpo"), obj=call, reason="Evidence")
    assert run_retention().counts[Kind.TARGET_LISTS.value] == 0


def test_the_administrators_period_and_the_command_apply() -> None:
    listed = seized(40)
    RetentionRule.objects.create(kind=Kind.TARGET_LISTS.value, keep_days=30)
    out = io.StringIO()
    call_command("retention_run", stdout=out)
    assert not TargetListEntry.objects.filter(target_list=listed).exists()
    assert "Seized target lists" in out.getvalue()
