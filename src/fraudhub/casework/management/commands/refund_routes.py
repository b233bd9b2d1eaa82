"""`fraudhub refund-routes`: one scam's payments as JSON on standard input, the routes to get
the money back as JSON on standard output (docs/refund-rules.md shows both)."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from decimal import Decimal
from typing import Any, get_args

from django.core.management.base import BaseCommand, CommandError

from fraudhub.casework.refund_rules import Method, PaymentFacts, Route, routes_for, rules_day
from fraudhub.casework.selectors import figures_on

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_POUNDS = re.compile(r"\d+(\.\d{1,2})?")
_TOO_MUCH = Decimal("10000000000")
_METHODS: tuple[str, ...] = get_args(Method)
_SCAM_FIELDS = {"as_of", "victim_vulnerable", "payments"}
_PAYMENT_FIELDS = {"date", "amount", "method", "authorised", "payee_uk", "purchase"}


class Command(BaseCommand):
    help = (
        "Read one scam's payments as JSON on standard input and print each payment's refund "
        "routes, deadlines and the amount that can be claimed, as JSON."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of, vulnerable, payments = read_scam(sys.stdin.read())
        figures = figures_on(rules_day(payments, as_of=as_of))
        routes = routes_for(payments, as_of=as_of, victim_vulnerable=vulnerable, figures=figures)
        printed = [
            {"index": index, "routes": [_route_json(route) for route in found]}
            for index, found in enumerate(routes)
        ]
        self.stdout.write(json.dumps({"payments": printed}, indent=2, ensure_ascii=False))


def _route_json(route: Route) -> dict[str, object]:
    return {
        "route": route.route,
        "deadline": None if route.deadline is None else route.deadline.isoformat(),
        "expired": route.expired,
        "claimable": f"{route.claimable:.2f}",
        "reasons": list(route.reasons),
    }


def _not_a_number(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def read_scam(text: str) -> tuple[date, bool, list[PaymentFacts]]:
    """The day asked about, whether the victim is vulnerable, and the payments; a
    CommandError naming the field for anything else."""
    try:
        data = json.loads(
            text, parse_float=Decimal, parse_int=Decimal, parse_constant=_not_a_number
        )
    except ValueError as exc:
        raise CommandError(f"The input is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise CommandError(
            "The input must be a JSON object with as_of, victim_vulnerable and payments"
        )
    _known_fields(data, _SCAM_FIELDS, "")
    as_of = _day(_required(data, "as_of", ""), "as_of")
    vulnerable = _yes_or_no(_required(data, "victim_vulnerable", ""), "victim_vulnerable")
    listed = _required(data, "payments", "")
    if not isinstance(listed, list):
        raise CommandError("payments: must be a list of payments")
    return as_of, vulnerable, [_payment(item, f"payments[{i}]") for i, item in enumerate(listed)]


def _payment(item: object, where: str) -> PaymentFacts:
    if not isinstance(item, dict):
        raise CommandError(f"{where}: must be a JSON object with date, amount, method, authorised")
    _known_fields(item, _PAYMENT_FIELDS, f"{where}.")
    method = _required(item, "method", f"{where}.")
    if method not in _METHODS:
        raise CommandError(f"{where}.method: must be one of {', '.join(_METHODS)}")
    return PaymentFacts(
        date=_day(_required(item, "date", f"{where}."), f"{where}.date"),
        amount=_amount(_required(item, "amount", f"{where}."), f"{where}.amount"),
        method=method,
        authorised=_yes_or_no(_required(item, "authorised", f"{where}."), f"{where}.authorised"),
        payee_uk=_yes_or_no(item.get("payee_uk", True), f"{where}.payee_uk"),
        purchase=_yes_or_no(item.get("purchase", False), f"{where}.purchase"),
    )


def _known_fields(data: dict[str, Any], known: set[str], prefix: str) -> None:
    for name in data:
        if name not in known:
            raise CommandError(f"{prefix}{name}: not a field this command reads")


def _required(data: dict[str, Any], name: str, prefix: str) -> Any:
    if name not in data:
        raise CommandError(f"{prefix}{name}: missing")
    return data[name]


def _day(value: object, field: str) -> date:
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CommandError(f"{field}: must be a real date written YYYY-MM-DD, like 2025-03-01")


def _amount(value: object, field: str) -> Decimal:
    if isinstance(value, str) and _POUNDS.fullmatch(value):
        amount = Decimal(value)
    elif isinstance(value, Decimal) and value.is_finite() and _POUNDS.fullmatch(f"{value:f}"):
        amount = value
    elif isinstance(value, (str, Decimal)) and value and str(value).lstrip().startswith("-"):
        raise CommandError(f"{field}: must be more than 0, not a negative amount")
    else:
        raise CommandError(
            f'{field}: must be an amount in pounds with at most two decimal places, like "4000.00"'
        )
    if amount <= 0:
        raise CommandError(f"{field}: must be more than 0")
    if amount >= _TOO_MUCH:
        raise CommandError(f"{field}: must be less than £10,000,000,000.00")
    return amount


def _yes_or_no(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise CommandError(f"{field}: must be true or false")
