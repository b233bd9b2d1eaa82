"""A case's ways to get the victim's money back: its payments as the refund rules read
them, each payment's routes with their deadlines and days left, and the case's next
deadline (kept on the case so the queue can raise it). The rules themselves are pure
(refund_rules); this module feeds them a case's records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import cast

from . import refund_rules as rules
from .claim_states import ClaimState
from .models import Case, Claim, Payment
from .selectors import figures_on, refund_near_days

ROUTE_LABELS: dict[str, str] = dict(Claim.Route.choices) | {"none": "No route to claim"}


near_days = refund_near_days


def facts_of(payment: Payment) -> rules.PaymentFacts:
    return rules.PaymentFacts(
        date=payment.paid_on,
        amount=payment.amount,
        method=cast(rules.Method, payment.method),
        authorised=payment.authorised,
        payee_uk=payment.payee_uk,
        purchase=payment.purchase,
    )


def is_vulnerable(case: Case) -> bool:
    """Whether the victim counts as vulnerable for the rules (no excess is deducted)."""
    return bool(case.victim.vulnerability_indicators)


@dataclass(frozen=True)
class RouteShown:
    """One route of one payment, as the payments page shows it."""

    route: rules.Route
    label: str
    days_left: int | None  # None where there is no deadline
    near: bool  # the deadline is within the near days and has not passed


@dataclass(frozen=True)
class PaymentRoutes:
    payment: Payment
    routes: tuple[RouteShown, ...]


def routes_of(payments: Iterable[Payment], *, today: date, vulnerable: bool) -> list[PaymentRoutes]:
    """Each payment with its routes. The payments of one report from one bank are one
    scam's claim (the reimbursement deadline runs from its final payment, one cap and one
    excess), under the rules in force on the day of its last payment; the list keeps the
    payments' order."""
    payments = list(payments)
    groups: dict[tuple[int, int | None], list[Payment]] = {}
    for payment in payments:
        groups.setdefault((payment.report_id, payment.bank_id), []).append(payment)
    found: dict[int, list[rules.Route]] = {}
    for group in groups.values():
        facts = [facts_of(p) for p in group]
        answer = rules.routes_for(
            facts,
            as_of=today,
            victim_vulnerable=vulnerable,
            figures=figures_on(rules.rules_day(facts, as_of=today)),
        )
        found.update({p.pk: routes for p, routes in zip(group, answer, strict=True)})
    near = near_days()
    shown = []
    for payment in payments:
        routes = []
        for route in found[payment.pk]:
            left = (route.deadline - today).days if route.deadline else None
            routes.append(
                RouteShown(
                    route=route,
                    label=ROUTE_LABELS[route.route],
                    days_left=left,
                    near=left is not None and not route.expired and 0 <= left <= near,
                )
            )
        shown.append(PaymentRoutes(payment=payment, routes=tuple(routes)))
    return shown


def route_deadline(shown: list[PaymentRoutes], route: str, payment_ids: set[int]) -> date | None:
    """The earliest deadline of `route` among these payments (None where there is none)."""
    days = [
        r.route.deadline
        for p in shown
        if p.payment.pk in payment_ids
        for r in p.routes
        if r.route.route == route and r.route.deadline is not None
    ]
    return min(days, default=None)


def next_deadline(shown: list[PaymentRoutes], claims: Iterable[Claim]) -> date | None:
    """The case's next deadline to get money back: the earliest date an open claim is due
    (even one already passed: it needs chasing), or the earliest deadline of a route not
    yet claimed on that has not passed."""
    claimed: set[tuple[int, str]] = set()
    days: list[date] = []
    for claim in claims:
        claimed |= {(p.pk, claim.route) for p in claim.payments.all()}
        if claim.state != ClaimState.CLOSED and claim.due_on is not None:
            days.append(claim.due_on)
    for p in shown:
        for r in p.routes:
            if (
                r.route.deadline
                and not r.route.expired
                and (p.payment.pk, r.route.route) not in claimed
            ):
                days.append(r.route.deadline)
    return min(days, default=None)


def figures_for(claim: Claim, *, today: date) -> rules.RuleFigures:
    """The rules' figures for a claim: those in force when its payments were made."""
    facts = [facts_of(p) for p in claim.payments.all()]
    return figures_on(rules.rules_day(facts, as_of=today))
