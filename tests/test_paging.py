"""Long staff lists are paged one way (fraudhub/paging.py): a page number past the end
shows the last page, one that cannot be read shows the first, and the links to other
pages keep the list's filters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db.models import F
from django.test import RequestFactory

from fraudhub.casework.models import Case
from fraudhub.paging import OrderedByIds, page_of, paged, query_without_page
from tests.factories import make_case, victim_named

SOURCE = Path(__file__).resolve().parents[1] / "src" / "fraudhub"


def test_a_page_past_the_end_shows_the_last_and_an_unreadable_one_the_first() -> None:
    items = list(range(45))
    assert list(page_of(items, "3", per_page=20).object_list) == list(range(40, 45))
    assert page_of(items, "999", per_page=20).number == 3
    assert page_of(items, "abc", per_page=20).number == 1
    assert page_of(items, None, per_page=20).number == 1
    assert page_of(items, "-1", per_page=20).number == 3


def test_links_to_other_pages_keep_the_filters_but_not_the_page() -> None:
    request = RequestFactory().get("/staff/reports/", {"q": "bank", "page": "2", "status": "new"})
    assert query_without_page(request) == "q=bank&status=new"
    found = paged(request, list(range(60)), per_page=25)
    assert found["page"].number == 2
    assert found["query_string"] == "q=bank&status=new"


def test_no_page_builds_its_own_paginator() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "paging.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bPaginator\(", line)
    ]
    assert not found, "Page a list with fraudhub.paging:\n" + "\n".join(found)


@pytest.mark.django_db
def test_a_list_ordered_by_its_ids_pages_as_the_whole_query_would() -> None:
    """The case queue's order worked out on ids alone, each page then fetched whole: the
    same rows in the same order, with their joins and annotations, as slicing the query."""
    for n in range(7):
        make_case(victim=victim_named(f"Given{n}", f"Family{n}"))
    ordered = (
        Case.objects.select_related("scam_type")
        .annotate(key=(F("id") * 7) % 5)
        .order_by("key", "-id")
    )
    listed = OrderedByIds(ordered)
    assert listed.count() == len(listed) == 7
    pages = [page_of(listed, n, per_page=3).object_list for n in (1, 2, 3)]
    assert [[c.pk for c in page] for page in pages] == [
        [c.pk for c in ordered[0:3]],
        [c.pk for c in ordered[3:6]],
        [c.pk for c in ordered[6:7]],
    ]
    first = pages[0][0]
    assert first.key == ordered[0].key
    assert first.scam_type.name  # fetched with its join
