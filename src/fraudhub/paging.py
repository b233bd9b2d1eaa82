"""Paging long lists on staff pages: one page of a list (Django's Paginator, which answers
the last page for a number past the end and the first for one it cannot read), and the
query string that keeps a list's filters on the links to other pages."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest


class OrderedByIds:
    """A long list whose order is costly to work out (computed urgency over thousands of
    rows): ordered by its ids alone, a narrow query an index can answer, then only the
    page's rows fetched whole with their joins and annotations. For Paginator, which
    asks for count() and a slice."""

    def __init__(self, items: QuerySet[Any]) -> None:
        self.items = items

    def count(self) -> int:
        return self.items.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Model]:
        ids = list(self.items.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.items.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]


def page_of(items: Any, number: int | str | None, *, per_page: int) -> Page[Any]:
    """Page `number` of `items` (a queryset or a list), `per_page` to a page."""
    return Paginator(items, per_page).get_page(number)


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without its page number: the filters a link to another
    page of the same list keeps."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def paged(request: HttpRequest, items: Any, *, per_page: int) -> dict[str, Any]:
    """The page the request asks for (`?page=`) and the filters' query string, as a
    template's `page` and `query_string`."""
    return {
        "page": page_of(items, request.GET.get("page"), per_page=per_page),
        "query_string": query_without_page(request),
    }
