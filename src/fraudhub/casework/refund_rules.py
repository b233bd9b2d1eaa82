"""Which routes a victim has to get money back, worked out from their payments: pure
functions of plain data (no ORM), with every figure taken from one version of the rules
table (`RuleFigures`), so a change in the rules is a new row with the date it takes effect,
not a change of code.

The interface below is what casework's pages, the claims and `fraudhub refund-routes` use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

Method = Literal[
    "faster_payment",
    "chaps",
    "debit_card",
    "credit_card",
    "cash",
    "gift_card",
    "crypto",
    "cheque",
    "other",
]
RouteName = Literal["app_reimbursement", "chargeback", "section_75", "unauthorised", "none"]


@dataclass(frozen=True)
class PaymentFacts:
    """One payment the victim made or lost, as the rules need it."""

    date: date
    amount: Decimal
    method: Method
    authorised: bool
    payee_uk: bool = True
    purchase: bool = False


@dataclass(frozen=True)
class RuleFigures:
    """One version of the rules table: every figure the rules use, and the day it takes
    effect."""

    effective_from: date
    app_start: date  # APP reimbursement covers payments on or after this day
    app_claim_months: int  # claim within this many months of the scam's final payment
    app_cap: Decimal  # the most reimbursed on one claim
    app_max_excess: Decimal  # the most a bank may deduct (never for a vulnerable customer)
    app_answer_business_days: int  # the bank's answer is due
    app_stopped_clock_business_days: int  # ... or this, if the bank stops the clock
    chargeback_days: int  # the card schemes' usual limit
    section_75_min: Decimal  # a purchase over this ...
    section_75_max: Decimal  # ... and up to this
    unauthorised_notify_months: int  # tell the bank within this many months
    complaint_final_response_weeks: int  # the bank's final response to a complaint
    ombudsman_months: int  # refer to the ombudsman within this many months of it


@dataclass(frozen=True)
class Route:
    """A way to claim one payment back: its deadline (None where there is none), whether
    it has passed on the day asked about, the most that can be claimed on it after any cap
    and excess, and why, in plain words a victim can read."""

    route: RouteName
    deadline: date | None
    expired: bool
    claimable: Decimal
    reasons: tuple[str, ...]


def routes_for(
    payments: list[PaymentFacts], *, as_of: date, victim_vulnerable: bool, figures: RuleFigures
) -> list[list[Route]]:
    """The routes for each payment of one scam, in the payments' order."""
    raise NotImplementedError
