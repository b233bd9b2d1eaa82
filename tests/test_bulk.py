"""Rows written in bulk take their ids from the table's own counter, so the ORM's next
insert never collides with them, on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from fraudhub.bulk import delete_where_in, insert_rows, reserve_ids
from fraudhub.linking.models import PersonGroup

pytestmark = pytest.mark.django_db


def _insert_groups(ids: list[int]) -> None:
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        insert_rows(
            cursor, PersonGroup, ["id", "role", "created_at"], [(i, "victim", created) for i in ids]
        )


def test_reserved_ids_are_new_and_the_orm_carries_on_after_them() -> None:
    with connection.cursor() as cursor:
        first = reserve_ids(cursor, PersonGroup, 3)  # the table has never had a row
    assert len(set(first)) == 3
    _insert_groups(first)
    made = PersonGroup.objects.create(role="victim")
    assert made.pk > max(first)
    with connection.cursor() as cursor:
        second = reserve_ids(cursor, PersonGroup, 2)
    assert min(second) > made.pk
    _insert_groups(second)
    assert set(PersonGroup.objects.values_list("pk", flat=True)) == {*first, made.pk, *second}


def test_ids_of_deleted_rows_are_not_handed_out_again() -> None:
    with connection.cursor() as cursor:
        ids = reserve_ids(cursor, PersonGroup, 4)
    _insert_groups(ids)
    with connection.cursor() as cursor:
        delete_where_in(cursor, PersonGroup, "id", ids)
        again = reserve_ids(cursor, PersonGroup, 1)
    assert not PersonGroup.objects.exists()
    assert again[0] > max(ids)


def test_a_bulk_written_time_reads_back_as_written() -> None:
    written = timezone.now().replace(microsecond=123456)
    with connection.cursor() as cursor:
        (pk,) = reserve_ids(cursor, PersonGroup, 1)
        stored = connection.ops.adapt_datetimefield_value(written)
        insert_rows(cursor, PersonGroup, ["id", "role", "created_at"], [(pk, "victim", stored)])
    assert PersonGroup.objects.get(pk=pk).created_at == written
