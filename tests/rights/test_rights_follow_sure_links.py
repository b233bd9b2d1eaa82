"""A person's rights act only on records surely theirs. People are linked at 70% to count
a repeat victim, but a subject access export, an erasure or a restriction takes a linked
record only when the link is 80% or more, or an analyst confirmed it: one person is never
sent another's details on a link no one has checked (decision 0019)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client

from fraudhub.linking.models import PersonPair
from fraudhub.linking.persons.services import decide_people, link_people
from fraudhub.rights.subject_access import RIGHTS_LINK_AT, subject_records
from tests.factories import hub, sign_in, staff_user
from tests.linking.test_people_links import _together, victim_record

pytestmark = pytest.mark.django_db


def _export_text(client: Client, person_id: int) -> str:
    exported = client.post(f"/staff/data-rights/people/{person_id}/export/")
    assert exported.status_code == 200
    with zipfile.ZipFile(io.BytesIO(exported.content)) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_a_link_under_80_percent_is_not_followed_until_an_analyst_confirms_it(
    client: Client,
) -> None:
    hub()
    margaret = victim_record(
        "Margaret", date_of_birth="07/03/1948", phone="01727 123456", email="m@example.com"
    )
    # The same surname and address, no date of birth: linked, but not surely hers.
    maggie = victim_record("Maggie", town="Markyate")
    link_people()
    assert RIGHTS_LINK_AT > PersonPair.objects.get().probability >= 0.7
    assert _together(margaret, maggie)
    assert [p.pk for p in subject_records(margaret)] == [margaret.pk]
    sign_in(client, staff_user("dpo", role="Data protection officer"))
    assert "Markyate" not in _export_text(client, margaret.pk)

    analyst = staff_user("analyst", role="Analyst")
    decide_people(actor=analyst, person=margaret, other=maggie, same=True, reason="Rang her")
    assert {p.pk for p in subject_records(margaret)} == {margaret.pk, maggie.pk}
    assert "Markyate" in _export_text(client, margaret.pk)


def test_a_sure_link_is_followed_and_one_an_analyst_undid_is_not() -> None:
    first = victim_record("Margaret", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", date_of_birth="07/03/1948", phone="01727123456")
    link_people()
    assert PersonPair.objects.get().probability >= RIGHTS_LINK_AT
    assert {p.pk for p in subject_records(first)} == {first.pk, second.pk}
    analyst = staff_user("analyst", role="Analyst")
    decide_people(actor=analyst, person=first, other=second, same=False, reason="Sisters")
    assert [p.pk for p in subject_records(first)] == [first.pk]
