"""`fraudhub refund-routes` reads one scam's payments as JSON and prints the routes as JSON;
bad input stops it with a message naming the field."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.management.commands.refund_routes import Command, read_scam
from fraudhub.casework.models import RefundRuleSet


def scam(**overrides: Any) -> dict[str, Any]:
    payment = {
        "date": "2025-03-01",
        "amount": "4000.00",
        "method": "faster_payment",
        "authorised": True,
        "payee_uk": True,
        "purchase": False,
    }
    payment |= overrides.pop("payment", {})
    return {"as_of": "2025-06-01", "victim_vulnerable": False, "payments": [payment]} | overrides


def run(text: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("refund_routes", stdout=out)
    return json.loads(out.getvalue())


def refused(text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    with pytest.raises(CommandError) as error:
        call_command("refund_routes", stdout=io.StringIO())
    return str(error.value)


@pytest.mark.django_db
def test_prints_each_payments_routes_as_the_format_says(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = run(json.dumps(scam()), monkeypatch)
    assert list(printed) == ["payments"]
    [payment] = printed["payments"]
    assert payment["index"] == 0
    [route] = payment["routes"]
    assert set(route) == {"route", "deadline", "expired", "claimable", "reasons"}
    assert route["route"] == "app_reimbursement"
    assert route["deadline"] == "2026-04-01"
    assert route["expired"] is False
    assert route["claimable"] == "3900.00"
    assert any("£100.00" in reason for reason in route["reasons"])


@pytest.mark.django_db
def test_a_route_with_no_deadline_prints_null_and_two_decimals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = json.dumps(scam(payment={"method": "cash", "amount": 250}))
    [route] = run(text, monkeypatch)["payments"][0]["routes"]
    assert route["route"] == "none"
    assert route["deadline"] is None
    assert route["claimable"] == "0.00"


@pytest.mark.django_db
def test_payee_uk_and_purchase_may_be_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    payment = {"date": "2025-03-01", "amount": "150", "method": "credit_card", "authorised": True}
    text = json.dumps({"as_of": "2025-03-02", "victim_vulnerable": True, "payments": [payment]})
    [route] = run(text, monkeypatch)["payments"][0]["routes"]
    assert route["route"] == "chargeback"
    assert route["claimable"] == "150.00"


@pytest.mark.django_db
def test_the_figures_in_effect_on_the_last_payment_are_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    RefundRuleSet.objects.create(
        effective_from=date(2025, 3, 1), app_max_excess=Decimal("0.00"), source="A test version"
    )
    before = scam(payment={"date": "2025-02-28"})
    assert run(json.dumps(before), monkeypatch)["payments"][0]["routes"][0]["claimable"] == (
        "3900.00"
    )
    assert run(json.dumps(scam()), monkeypatch)["payments"][0]["routes"][0]["claimable"] == (
        "4000.00"
    )


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"as_of": None}, "as_of"),
        ({"victim_vulnerable": None}, "victim_vulnerable"),
        ({"payments": None}, "payments"),
        ({"payment": {"date": None}}, "payments[0].date"),
        ({"payment": {"amount": None}}, "payments[0].amount"),
        ({"payment": {"method": None}}, "payments[0].method"),
        ({"payment": {"authorised": None}}, "payments[0].authorised"),
    ],
)
def test_a_missing_field_is_named(
    change: dict[str, Any], named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = scam(**{k: v for k, v in change.items() if k == "payment"})
    for key in change:
        if key == "payment":
            for inner in change["payment"]:
                del data["payments"][0][inner]
        else:
            del data[key]
    assert refused(json.dumps(data), monkeypatch) == f"{named}: missing"


@pytest.mark.parametrize("bad", ["2025-02-30", "01/03/2025", "20250301", "", 20250301])
def test_a_bad_date_is_named(bad: object, monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(json.dumps(scam(payment={"date": bad})), monkeypatch)
    assert message.startswith("payments[0].date: must be a real date written YYYY-MM-DD")
    assert refused(json.dumps(scam(as_of=bad)), monkeypatch).startswith("as_of: must be")


def test_a_bad_method_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(json.dumps(scam(payment={"method": "paypal"})), monkeypatch)
    assert message.startswith("payments[0].method: must be one of faster_payment, chaps,")


@pytest.mark.parametrize("bad", ["-4000.00", -4000, "0", 0, "0.00"])
def test_a_negative_or_zero_amount_is_named(bad: object, monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(json.dumps(scam(payment={"amount": bad})), monkeypatch)
    assert message.startswith("payments[0].amount: must be more than 0")


@pytest.mark.parametrize("bad", ["four thousand", "£4,000", "4000.001", "1e3", True, None, []])
def test_a_non_numeric_amount_is_named(bad: object, monkeypatch: pytest.MonkeyPatch) -> None:
    message = refused(json.dumps(scam(payment={"amount": bad})), monkeypatch)
    assert message.startswith("payments[0].amount: must be an amount in pounds")


def test_an_unknown_field_or_a_yes_no_not_true_or_false_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert refused(json.dumps(scam(payment={"payee_UK": True})), monkeypatch) == (
        "payments[0].payee_UK: not a field this command reads"
    )
    assert refused(json.dumps(scam(victim_vulnerable="no")), monkeypatch) == (
        "victim_vulnerable: must be true or false"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "as_of=2025-06-01",
        '{"as_of": "2025-06-01"',
        '{"amount": NaN}',
        '{"amount": -Infinity}',
        "[]",
    ],
)
def test_input_that_is_not_a_json_object_is_refused(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert refused(text, monkeypatch).startswith("The input")


def test_bad_input_exits_non_zero_with_the_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("not json"))
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["fraudhub", "refund_routes"])
    assert exited.value.code == 1
    assert "The input is not JSON" in capsys.readouterr().err


NAMED_FIELD = re.compile(
    r"(as_of|victim_vulnerable|payments)"
    r"(\[\d+\](\.(date|amount|method|authorised|payee_uk|purchase))?)?"
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=5), inner, max_size=2)
    ),
    max_leaves=4,
)
payment_values = st.fixed_dictionaries(
    {},
    optional={
        "date": st.one_of(json_values, st.dates().map(date.isoformat)),
        "amount": st.one_of(
            json_values, st.decimals(min_value=-100000, max_value=100000, places=2).map(str)
        ),
        "method": st.one_of(json_values, st.sampled_from(["chaps", "crypto", "card"])),
        "authorised": json_values,
        "payee_uk": json_values,
        "purchase": json_values,
    },
)


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "as_of": st.one_of(json_values, st.dates().map(date.isoformat)),
            "victim_vulnerable": json_values,
            "payments": st.one_of(json_values, st.lists(payment_values, max_size=3)),
        },
    )
)
def test_any_json_is_read_or_refused_with_a_field_named(data: dict[str, Any]) -> None:
    try:
        as_of, vulnerable, payments = read_scam(json.dumps(data))
    except CommandError as error:
        assert NAMED_FIELD.fullmatch(str(error).split(":")[0]), str(error)
        return
    assert all(p.amount > 0 for p in payments)
    assert isinstance(as_of, date) and isinstance(vulnerable, bool)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["debit_card", "credit_card", "faster_payment"])
def test_a_payment_at_the_end_of_the_calendar_has_a_deadline_not_an_error(
    method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = json.dumps(scam(as_of="9999-12-31", payment={"date": "9999-12-01", "method": method}))
    for route in run(text, monkeypatch)["payments"][0]["routes"]:
        assert route["deadline"] in (None, "9999-12-31")
