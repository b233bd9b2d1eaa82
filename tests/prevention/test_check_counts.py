"""Every look-up is counted by kind and result, with no value; an unmatched value is kept
with a keyed hash of who checked it (never their address), shown to analysts once 3
different people checked it, and deleted after 30 days."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from fraudhub.prevention.checking import check
from fraudhub.prevention.models import CheckCount, UnmatchedCheck
from fraudhub.prevention.selectors.checks import early_signs
from fraudhub.prevention.services.checks import purge_unmatched_checks, record_check
from fraudhub.rights.retention import daily_retention_task

from ..factories import published, sign_in, staff_user

pytestmark = pytest.mark.django_db
DAY = date(2026, 11, 2)


def _checked_by(*addresses: str, typed: str = "07700 900555", on: date = DAY) -> None:
    for address in addresses:
        record_check(answer=check("phone", typed), client_address=address, today=on)


def test_each_look_up_is_counted_by_kind_and_result_without_its_value(client: Client) -> None:
    published("phone", "07700 900123")
    client.post("/check/", {"kind": "phone", "phone": "07700 900123"})
    client.post("/check/", {"kind": "phone", "phone": "07700 900999"})
    client.post("/check/", {"kind": "phone", "phone": "07700 900998"})
    client.post("/check/", {"kind": "email", "email": "no at sign"})

    counts = {(c.kind, c.result): c.count for c in CheckCount.objects.all()}

    assert counts == {("phone", "match"): 1, ("phone", "no_match"): 2, ("email", "unreadable"): 1}
    columns = {f.name for f in CheckCount._meta.get_fields()}
    assert columns == {"id", "day", "kind", "result", "count"}


def test_a_matched_value_is_not_kept_and_an_unmatched_one_is_kept_without_the_address(
    client: Client,
) -> None:
    published("phone", "07700 900123")
    client.post("/check/", {"kind": "phone", "phone": "07700 900123"}, REMOTE_ADDR="198.51.100.4")
    client.post("/check/", {"kind": "phone", "phone": "07700 900999"}, REMOTE_ADDR="198.51.100.4")

    [kept] = UnmatchedCheck.objects.all()
    assert (kept.kind, kept.value) == ("phone", "+447700900999")
    assert "198.51.100.4" not in kept.checker and len(kept.checker) == 64


def test_two_people_are_not_an_early_sign_and_three_are() -> None:
    _checked_by("192.0.2.1", "192.0.2.2", "192.0.2.1", "192.0.2.2")
    assert early_signs(today=DAY) == []

    _checked_by("192.0.2.3")

    [sign] = early_signs(today=DAY)
    assert (sign.value, sign.people, sign.shown_as) == ("+447700900555", 3, "07700 900555")


def test_analysts_see_the_early_signs_page_only_with_three_people(client: Client) -> None:
    analyst = sign_in(client, staff_user("analyst", role="Analyst"))
    _checked_by("192.0.2.1", "192.0.2.2", on=date.today())
    assert "07700 900555" not in analyst.get("/staff/prevention/early-signs/").content.decode()

    _checked_by("192.0.2.3", on=date.today())

    assert "07700 900555" in analyst.get("/staff/prevention/early-signs/").content.decode()


def test_a_published_value_is_no_early_sign() -> None:
    _checked_by("192.0.2.1", "192.0.2.2", "192.0.2.3")
    published("phone", "07700 900555")
    assert early_signs(today=DAY) == []


def test_on_day_31_what_was_checked_is_gone() -> None:
    _checked_by("192.0.2.1", "192.0.2.2", "192.0.2.3")

    assert purge_unmatched_checks(today=DAY + timedelta(days=30)) == 0
    assert len(early_signs(today=DAY + timedelta(days=30))) == 1

    assert purge_unmatched_checks(today=DAY + timedelta(days=31)) == 3
    assert not UnmatchedCheck.objects.exists()


def test_the_purge_command_and_the_daily_retention_run_delete_old_checks() -> None:
    old = date.today() - timedelta(days=31)
    _checked_by("192.0.2.1", on=old)
    _checked_by("192.0.2.2", on=date.today())
    call_command("purge_checks")
    assert list(UnmatchedCheck.objects.values_list("day", flat=True)) == [date.today()]

    _checked_by("192.0.2.3", on=old)
    result = daily_retention_task.call()
    assert result["unmatched_checks_removed"] == 1
    assert UnmatchedCheck.objects.count() == 1


def test_one_person_checking_on_three_days_is_one_person_not_an_early_sign() -> None:
    for days_ago in (0, 1, 2):
        _checked_by("192.0.2.1", on=DAY - timedelta(days=days_ago))
    assert early_signs(today=DAY) == []
    _checked_by("192.0.2.2", "192.0.2.3", on=DAY - timedelta(days=3))
    assert [sign.people for sign in early_signs(today=DAY)] == [3]


def test_the_same_person_on_one_day_is_one_person() -> None:
    _checked_by(*["192.0.2.1"] * 5)
    assert UnmatchedCheck.objects.count() == 1
    assert CheckCount.objects.get().count == 5


def test_analysts_see_the_last_30_days_of_checks_by_kind_and_result(client: Client) -> None:
    published("phone", "07700 900123")
    for typed in ("07700 900123", "07700 900123", "07700 900999", "0770"):
        client.post("/check/", {"kind": "phone", "phone": typed})
    sign_in(client, staff_user("analyst", role="Analyst"))

    page = client.get("/staff/prevention/early-signs/").content.decode()

    row = page[page.index('id="check-totals"') :]
    cells = re.findall(r'numeric">(\d+)</td>', row[: row.index("</tr>", row.index("Phone number"))])
    assert cells == ["2", "1", "1"]
