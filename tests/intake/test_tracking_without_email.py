"""A caller with no email address and only part of a postcode tracks their report with its
reference and the date of birth or phone number they gave, typed any way. Wrong details
get the same message whichever part was wrong, and count towards the guessing limit."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.intake.tracking import read_proof
from fraudhub.reports import normalise
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from fraudhub.reports.services import CreatedReport
from tests.factories import make_report

from .test_tracking import NOT_FOUND

pytestmark = pytest.mark.django_db
TRACK = reverse("intake:track")


def by_phone() -> CreatedReport:
    """A report taken by phone from a woman with no email who gave only 'SG1'."""
    return make_report(
        source=Report.Source.PHONE,
        victim=PersonInput(
            first_name="Edna",
            last_name="Smith",
            date_of_birth="5/3/1948",
            postcode="SG1",
            phone="07400 123456",
            consent_to_contact=True,
        ),
    )


def track(client: Client, reference: str, detail: str, **extra: str) -> str:
    response = client.post(
        TRACK, {"reference": reference, "email_or_postcode": detail}, follow=True, **extra
    )
    return response.content.decode()


@pytest.mark.parametrize(
    "born",
    ["5/3/1948", "05/03/1948", "5-3-48", "5.3.1948", "5 March 1948", "1948-03-05", "5 3 1948"],
)
def test_reference_and_date_of_birth_typed_any_way_open_the_timeline(
    client: Client, born: str
) -> None:
    created = by_phone()
    assert "We received your report" in track(client, created.report.reference, born)


@pytest.mark.parametrize(
    "phone",
    ["07400 123456", "07400123456", "+44 7400 123456", "+44 (0)7400 123-456", "0044 7400 123456"],
)
def test_reference_and_phone_number_typed_any_way_open_the_timeline(
    client: Client, phone: str
) -> None:
    created = by_phone()
    assert "We received your report" in track(client, created.report.reference, phone)


def test_someone_calling_for_the_victim_tracks_with_their_own_phone_or_the_victims_birthday(
    client: Client,
) -> None:
    created = make_report(
        source=Report.Source.PHONE,
        victim=PersonInput(first_name="Derek", date_of_birth="12/11/1939", postcode="SG1"),
        reporter=PersonInput(role=Person.Role.REPORTER, first_name="Lucy", phone="07400 654321"),
    )
    reference = created.report.reference
    assert "We received your report" in track(client, reference, "07400 654 321")
    assert "We received your report" in track(Client(), reference, "12 November 1939")


@pytest.mark.parametrize(
    "detail",
    [
        "6/3/1948",  # a day out
        "07400 123457",  # a digit out
        "01727 123456",
        "01/02/03",  # reads more than one way: never read as a date
        "SG1",  # part of a postcode is not proof
        "1948",
        "123456",  # the end of the number only
    ],
)
def test_wrong_details_are_refused_with_the_same_message(client: Client, detail: str) -> None:
    created = by_phone()
    page = track(client, created.report.reference, detail)
    assert NOT_FOUND in page
    assert "We received your report" not in page


def test_a_wrong_reference_with_a_right_birthday_gets_the_same_message(client: Client) -> None:
    created = by_phone()
    other = make_report().report
    assert NOT_FOUND in track(client, other.reference, "5/3/1948")
    assert NOT_FOUND in track(client, "FH-2026-999999", "5/3/1948")
    assert created.report.reference != other.reference


def test_guesses_at_a_birthday_are_stopped_after_ten_tries(client: Client) -> None:
    created = by_phone()
    for day in range(1, 11):
        assert NOT_FOUND in track(client, created.report.reference, f"{day + 5}/3/1948")
    assert "Too many tries" in track(client, created.report.reference, "5/3/1948")


def test_behind_a_trusted_proxy_the_limit_counts_each_caller_on_their_own(
    client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_TRUSTED_PROXIES = 1
    created = by_phone()
    guesser = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    for day in range(1, 11):
        track(client, created.report.reference, f"{day + 5}/3/1948", **guesser)
    assert "Too many tries" in track(client, created.report.reference, "5/3/1948", **guesser)
    caller = {"HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    page = track(Client(), created.report.reference, "5/3/1948", **caller)
    assert "We received your report" in page


@given(st.text(max_size=40))
def test_any_text_reads_as_at_most_what_the_normalisers_read_with_confidence(typed: str) -> None:
    proof = read_proof(typed)
    if proof.date_of_birth is not None:
        assert normalise.uk_date(typed).ok
    if normalise.uk_date(typed).extra.get("ambiguous"):
        assert proof.date_of_birth is None
    if proof.phone:
        assert sum(ch.isdigit() for ch in typed) >= 10
        assert proof.phone == normalise.phone(typed).value
    if proof.email:
        assert "@" in typed and not (proof.postcode or proof.phone or proof.date_of_birth)


@given(
    st.dates(
        min_value=date(1900, 1, 1),
        max_value=date(2020, 12, 31),
    )
)
def test_a_date_of_birth_in_full_is_read_the_same_however_it_is_written(born: date) -> None:
    for typed in (
        f"{born.day}/{born.month}/{born.year}",
        f"{born:%d-%m-%Y}",
        f"{born.day} {born:%B %Y}",
        born.isoformat(),
    ):
        assert read_proof(typed).date_of_birth == born
