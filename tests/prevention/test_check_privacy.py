""" "Check before you pay" never gives away what is not published: a reported but
unpublished identifier answers exactly as one nobody reported (the same page, byte for
byte, apart from the typed value and the form's token), with the same work done."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from fraudhub.prevention.checking import check
from fraudhub.reports.inputs import IdentifierInput

from ..factories import make_report, published

pytestmark = pytest.mark.django_db

REPORTED = "07700 900222"  # in two reports, never published
UNKNOWN = "07700 900111"  # in no report
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def _reported_twice(value: str, kind: str = "phone") -> None:
    for _ in range(2):
        make_report(identifiers=[IdentifierInput(kind=kind, value=value)])


def _page(client: Client, typed: str, kind: str = "phone") -> bytes:
    response = client.post("/check/", {"kind": kind, kind: typed})
    assert response.status_code == 200
    return TOKEN.sub(b"", response.content).replace(typed.encode(), b"TYPED")


def test_a_reported_but_unpublished_number_answers_exactly_like_an_unknown_one(
    client: Client,
) -> None:
    _reported_twice(REPORTED)

    reported, unknown = _page(client, REPORTED), _page(client, UNKNOWN)

    assert reported == unknown
    assert b"We have no published warning" in reported
    for hint in (b"+447700900222", b"07700900222", b"2 reports", b"since"):
        assert hint not in reported


def test_a_withdrawn_identifier_answers_like_an_unknown_one(client: Client) -> None:
    _reported_twice("scam-refunds.co.uk", kind="website")
    item = published("website", "scam-refunds.co.uk")
    from fraudhub.prevention.services.checks import withdraw_identifier

    withdraw_identifier(actor=item.approved_by, published=item, reason="Owner proved it is theirs")

    assert _page(client, "www.scam-refunds.co.uk", "website") == _page(
        client, "www.never-reported.co.uk", "website"
    )


def test_the_same_database_work_is_done_for_a_reported_and_an_unknown_number() -> None:
    _reported_twice(REPORTED)
    published("phone", "07700 900333")
    counts = []
    for typed in (REPORTED, UNKNOWN, "07700 900333"):
        with CaptureQueriesContext(connection) as queries:
            check("phone", typed)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_the_answer_for_an_unpublished_number_has_no_count_and_no_date() -> None:
    _reported_twice(REPORTED)
    answer = check("phone", REPORTED)
    assert (answer.published_match, answer.reports, answer.since) == (False, 0, None)
    assert answer == check("phone", REPORTED)  # and nothing else to tell it apart by
    assert check("phone", UNKNOWN).as_json() | {"normalised": "x"} == answer.as_json() | {
        "normalised": "x"
    }
