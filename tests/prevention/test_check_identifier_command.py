"""`fraudhub check-identifier KIND VALUE` prints the page's answer as JSON for partners'
scripts, revealing no more than the page: an unpublished number is no match with 0
reports. A kind or value it cannot read stops it with a message."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fraudhub.reports.inputs import IdentifierInput

from ..factories import make_report, published

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("check_identifier", *args, stdout=out)
    answer: dict[str, object] = json.loads(out.getvalue())
    return answer


def test_a_published_number_is_a_match_with_its_reports() -> None:
    make_report(identifiers=[IdentifierInput(kind="phone", value="01632 960001")])
    published("phone", "01632 960001")

    assert _run("phone", "+44 1632 960 001") == {
        "kind": "phone",
        "normalised": "+441632960001",
        "published_match": True,
        "reports": 1,
    }


def test_an_unpublished_reported_number_answers_as_an_unknown_one() -> None:
    make_report(identifiers=[IdentifierInput(kind="phone", value="01632 960001")])

    assert _run("phone", "01632960001") == {
        "kind": "phone",
        "normalised": "+441632960001",
        "published_match": False,
        "reports": 0,
    }


def test_a_bank_account_is_given_as_sort_code_and_account_together() -> None:
    published("bank_account", "30-94-30 00733445")
    answer = _run("bank_account", "309430 00733445")
    assert answer["normalised"] == "30-94-30 00733445"
    assert answer["published_match"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("fax", "01632 960001"), "'fax' is not a kind that can be checked"),
        (("company", "Acme Ltd"), "'company' is not a kind that can be checked"),
        (("email", "nobody"), "'nobody' cannot be read: Enter an email address"),
        (("bank_account", "30-94-30"), "cannot be read: Enter a 6-digit sort code"),
    ],
)
def test_a_bad_kind_or_value_stops_with_a_message(args: tuple[str, str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("check_identifier", *args, stdout=StringIO())


def test_it_runs_as_a_fraudhub_command_and_exits_non_zero_on_a_bad_value() -> None:
    from fraudhub.cli import main

    with pytest.raises(SystemExit) as stopped:
        main(["fraudhub", "check-identifier", "phone", "not a number"])
    assert stopped.value.code != 0
