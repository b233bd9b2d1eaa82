"""What a resident is told when they check: a published number typed any way matches,
with how many reports and since when, and what to do; no match says plainly that this is
not proof of safety; a value that cannot be read says what to fix and keeps what was
typed; too many checks from one address are asked to wait."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils.html import strip_tags

from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report

from ..factories import make_report, published

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    """The page as a person reads it: its words without the markup."""
    return " ".join(strip_tags(response.content.decode()).split())  # type: ignore[attr-defined]


def _reported(kind: str, value: str, *, on: date, sort_code: str = "") -> None:
    created = make_report(
        identifiers=[IdentifierInput(kind=kind, value=value, sort_code=sort_code)]
    )
    Report.objects.filter(pk=created.report.pk).update(received_date=on)


@pytest.mark.parametrize("typed", ["07700 900123", "+44 7700 900123", "(07700) 900-123"])
def test_a_published_number_typed_any_way_is_a_match_with_its_reports_and_since_when(
    client: Client, typed: str
) -> None:
    _reported("phone", "07700900123", on=date(2026, 3, 14))
    _reported("phone", "+447700900123", on=date(2026, 5, 2))
    published("phone", "07700 900123")

    page = _text(client.post("/check/", {"kind": "phone", "phone": typed}))

    assert "This phone number has been reported in scams. Do not pay" in page
    assert "07700 900123: we have 2 reports of it since March 2026." in page
    assert "call your bank straight away on the number on the back of your card" in page
    assert "Report it to us" in page


def test_a_published_bank_account_matches_from_its_two_boxes(client: Client) -> None:
    _reported("bank_account", "00733445", sort_code="309430", on=date(2026, 1, 5))
    published("bank_account", "30-94-30 00733445")

    page = _text(
        client.post(
            "/check/",
            {"kind": "bank_account", "sort_code": "30 94 30", "account_number": "00733445"},
        )
    )

    assert "we have 1 report of it since January 2026" in page


def test_no_match_says_plainly_that_it_is_not_proof_of_safety(client: Client) -> None:
    page = _text(
        client.post("/check/", {"kind": "website", "website": "https://www.example-shop.co.uk/pay"})
    )

    assert "We have no published warning about" in page
    assert "This does not mean it is safe." in page
    assert "Call your bank on the number on the back of your card" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "phone", "phone": "0770"}, "phone", "Enter a phone number in the right format"),
        ({"kind": "email", "email": "not an address"}, "email", "Enter an email address in"),
        ({"kind": "website", "website": "nowhere"}, "website", "Enter a website address in"),
        (
            {"kind": "bank_account", "sort_code": "30-94", "account_number": "00733445"},
            "sort_code",
            "Enter a sort code of 6 digits",
        ),
        (
            {"kind": "bank_account", "sort_code": "309430", "account_number": "7334"},
            "account_number",
            "Enter an account number of 8 digits",
        ),
        ({"kind": "phone", "phone": ""}, "phone", "Enter the phone number you want to check"),
        ({}, "kind", "Select what you want to check"),
    ],
)
def test_a_value_that_cannot_be_read_says_what_to_fix_and_keeps_what_was_typed(
    client: Client, data: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/check/", data)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count(message) == 2  # in the summary and by the box
    assert f'href="#id_{field}"' in page
    for value in data.values():
        if value and value != data.get("kind"):
            assert f'value="{value}"' in page
    assert "<title>Error: Check before you pay" in page


def test_nothing_typed_breaks_the_page(client: Client) -> None:
    for typed in ["\x00", "💷" * 40, "a" * 5000, "http://[", "@@@", "1" * 30]:
        for kind in ("phone", "website", "email"):
            assert client.post("/check/", {"kind": kind, kind: typed}).status_code == 200
    assert client.post("/check/", {"kind": "nonsense"}).status_code == 200
    assert client.get("/check/?kind=phone&phone=0").status_code == 200


def test_too_many_checks_from_one_address_are_asked_to_wait(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_CHECK_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/check/", {"kind": "phone", "phone": "07700 900123"}).status_code == 200

    response = client.post("/check/", {"kind": "phone", "phone": "07700 900123"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "You have made a lot of checks in a short time. Wait an hour" in page
    assert 'value="07700 900123"' in page
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.post("/check/", {"kind": "phone", "phone": "07700 900123"}).status_code == 200


def test_the_page_title_gives_the_answer_first_for_screen_readers(client: Client) -> None:
    published("phone", "07700 900123")
    title = re.compile(r"<title>\s*([^–<]+?)\s*–")

    def first_words(typed: str) -> str:
        html = client.post("/check/", {"kind": "phone", "phone": typed}).content.decode()
        found = title.search(html)
        assert found is not None
        return found.group(1)

    assert first_words("07700 900123") == "Warning: reported in scams"
    assert first_words("07700 900999") == "No published warning"
