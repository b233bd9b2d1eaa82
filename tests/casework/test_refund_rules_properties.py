"""Whatever the payments, the amount that can be claimed is never negative, never more than
the payment, and the APP claim never pays more than its cap."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import get_args

from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.calendar import months_after
from fraudhub.casework.refund_rules import (
    DEFAULT_FIGURES,
    Method,
    PaymentFacts,
    RuleFigures,
    is_app_eligible,
    routes_for,
)

amounts = st.decimals(
    min_value=Decimal("0.01"), max_value=Decimal("250000.00"), places=2, allow_nan=False
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
payments = st.builds(
    PaymentFacts,
    date=days,
    amount=amounts,
    method=st.sampled_from(get_args(Method)),
    authorised=st.booleans(),
    payee_uk=st.booleans(),
    purchase=st.booleans(),
)
figures = st.builds(
    lambda cap, excess: replace(DEFAULT_FIGURES, app_cap=cap, app_max_excess=excess),
    cap=st.decimals(min_value=Decimal("1.00"), max_value=Decimal("500000.00"), places=2),
    excess=st.decimals(min_value=Decimal("0.00"), max_value=Decimal("500.00"), places=2),
)


@given(st.lists(payments, max_size=12), days, st.booleans(), figures)
def test_claimable_is_never_negative_nor_more_than_the_payment_or_the_cap(
    scam: list[PaymentFacts], as_of: date, vulnerable: bool, rules: RuleFigures
) -> None:
    found = routes_for(scam, as_of=as_of, victim_vulnerable=vulnerable, figures=rules)
    assert len(found) == len(scam)
    app_total = Decimal(0)
    for payment, routes in zip(scam, found, strict=True):
        assert routes, "every payment has at least one route"
        names = [r.route for r in routes]
        assert ("none" in names) == (names == ["none"])
        for route in routes:
            assert Decimal(0) <= route.claimable <= payment.amount
            assert route.expired == (route.deadline is not None and as_of > route.deadline)
            if route.route == "app_reimbursement":
                assert route.claimable <= rules.app_cap
                app_total += route.claimable
    eligible = [p for p in scam if is_app_eligible(p, rules)]
    excess = Decimal(0) if vulnerable else rules.app_max_excess
    lost = sum((p.amount for p in eligible), Decimal(0))
    assert app_total <= rules.app_cap
    assert app_total == min(max(lost - excess, Decimal(0)), rules.app_cap)


@given(st.lists(payments, min_size=1, max_size=8), days)
def test_every_app_payment_of_a_scam_shares_one_deadline_from_the_last(
    scam: list[PaymentFacts], as_of: date
) -> None:
    found = routes_for(scam, as_of=as_of, victim_vulnerable=False, figures=DEFAULT_FIGURES)
    app = [
        (payment, route)
        for payment, routes in zip(scam, found, strict=True)
        for route in routes
        if route.route == "app_reimbursement"
    ]
    if app:
        last = max(payment.date for payment, _ in app)
        assert {route.deadline for _, route in app} == {months_after(last, 13)}


@given(st.dates(), st.integers(min_value=0, max_value=600))
def test_months_after_keeps_the_day_or_ends_the_month(day: date, months: int) -> None:
    later = months_after(day, months)
    if later == date.max:
        return
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    if later.day != day.day:
        assert later.day < day.day
        assert (later + timedelta(days=1)).month != later.month, "the month's last day"
