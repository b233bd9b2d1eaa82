"""Which routes a victim has to get money back, worked out from their payments: pure
functions of plain data (no ORM), with every figure taken from one version of the rules
table (`RuleFigures`), so a change in the rules is a new row with the date it takes effect,
not a change of code.

The interface below is what casework's pages, the claims and `fraudhub refund-routes` use.
docs/refund-rules.md says each rule in plain words, with the source and date of every
figure. A deadline is the last day on which the victim is still in time: a route is
`expired` only on the day after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from .calendar import add_working_days, months_after

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


DEFAULT_FIGURES = RuleFigures(
    effective_from=date(2024, 10, 7),
    app_start=date(2024, 10, 7),
    app_claim_months=13,
    app_cap=Decimal("85000.00"),
    app_max_excess=Decimal("100.00"),
    app_answer_business_days=5,
    app_stopped_clock_business_days=35,
    chargeback_days=120,
    section_75_min=Decimal("100.00"),
    section_75_max=Decimal("30000.00"),
    unauthorised_notify_months=13,
    complaint_final_response_weeks=8,
    ombudsman_months=6,
)
"""The figures in force since the APP reimbursement rules began; the rules table's first
row is loaded from here, and they apply whenever the table has no version in effect."""

DEFAULT_SOURCE = """\
APP reimbursement from 7 October 2024 (app_start, app_claim_months, app_max_excess, \
app_answer_business_days, app_stopped_clock_business_days): for Faster Payments, the Payment \
Systems Regulator's policy statement PS23/4 with its specific directions 19 and 20 \
(published 19 December 2023); for CHAPS, its policy statement PS24/5 and specific direction \
21 with the Bank of England's CHAPS reimbursement rules; as published by the Payment Systems \
Regulator.
APP cap of £85,000 a claim from 7 October 2024 (app_cap): policy statement PS24/7, published \
by the Payment Systems Regulator on 3 October 2024 (the cap set before was £415,000).
Unauthorised payments (unauthorised_notify_months, refund by the end of the next business \
day): the Payment Services Regulations 2017, regulations 74 and 76.
Section 75 (section_75_min, section_75_max): the Consumer Credit Act 1974, section 75(3)(b) \
(as amended by SI 1983/1878), which leaves out an item with "a cash price not exceeding £100 \
or more than £30,000".
Complaints (complaint_final_response_weeks): the FCA Handbook, DISP 1.6. \
Ombudsman (ombudsman_months): the FCA Handbook, DISP 2.8.
Chargeback (chargeback_days): the card schemes' usual limit of 120 days; a practice of the \
schemes, not a law.
"""
"""Where the shipped figures come from, stored with the first version of the table."""

APP_METHODS: frozenset[str] = frozenset({"faster_payment", "chaps"})
BANK_METHODS: frozenset[str] = APP_METHODS | {"debit_card", "credit_card"}
CARD_METHODS: frozenset[str] = frozenset({"debit_card", "credit_card"})
ZERO = Decimal("0.00")

_PAID_BY: dict[str, str] = {
    "faster_payment": "bank transfer (Faster Payments)",
    "chaps": "bank transfer (CHAPS)",
    "debit_card": "debit card",
    "credit_card": "credit card",
}

_AFTERWARDS = (
    "Report the scam to the police through Report Fraud, if you have not already.",
    "If your bank should have stopped the payment or treated you unfairly, complain to it. "
    "If you are unhappy with its answer, you can ask the Financial Ombudsman Service to look "
    "at it.",
)


def day_text(day: date) -> str:
    """A date as GOV.UK writes it: 6 December 2026."""
    return f"{day.day} {day:%B %Y}"


def money_text(amount: Decimal) -> str:
    """Pounds as GOV.UK writes them: £4,000.00."""
    return f"£{amount:,.2f}"


def rules_day(payments: Sequence[PaymentFacts], *, as_of: date) -> date:
    """The day whose version of the rules table applies to one scam's payments: the day of
    its last payment (the rules in force when the money went, never a later change of them),
    or `as_of` when there are no payments."""
    return max((p.date for p in payments), default=as_of)


def bank_answer_due(lodged: date, figures: RuleFigures, clock_stopped: bool = False) -> date:
    """The last business day for the bank's answer to an APP reimbursement claim lodged on
    `lodged`: 5 business days, or 35 if the bank stopped the clock to ask for more."""
    if clock_stopped:
        return add_working_days(lodged, figures.app_stopped_clock_business_days)
    return add_working_days(lodged, figures.app_answer_business_days)


def final_response_due(complained: date, figures: RuleFigures) -> date:
    """The last day for the bank's final response to a complaint made on `complained`."""
    return complained + timedelta(weeks=figures.complaint_final_response_weeks)


def ombudsman_deadline(final_response: date, figures: RuleFigures) -> date:
    """The last day to refer a complaint to the Financial Ombudsman Service after the bank's
    final response on `final_response`."""
    return months_after(final_response, figures.ombudsman_months)


def unauthorised_refund_due(told: date) -> date:
    """The last day for a bank to refund a payment the victim did not authorise, when told
    of it on `told`: the end of the next business day."""
    return add_working_days(told, 1)


def is_app_eligible(payment: PaymentFacts, figures: RuleFigures) -> bool:
    """Whether APP reimbursement covers a payment: a Faster Payment or CHAPS the victim
    authorised, to a UK account, on or after the day the rules began."""
    return (
        payment.method in APP_METHODS
        and payment.authorised
        and payment.payee_uk
        and payment.date >= figures.app_start
    )


def is_section_75_price(amount: Decimal, figures: RuleFigures) -> bool:
    """Consumer Credit Act 1974 s.75(3)(b) leaves out an item with "a cash price not
    exceeding £100 or more than £30,000": so more than £100 and not more than £30,000 is in,
    £100 exactly is out and £30,000 exactly is in."""
    return figures.section_75_min < amount <= figures.section_75_max


def routes_for(
    payments: list[PaymentFacts], *, as_of: date, victim_vulnerable: bool, figures: RuleFigures
) -> list[list[Route]]:
    """The routes for each payment of one scam, in the payments' order.

    The payments are one scam's, from one bank: their APP payments make one claim, with one
    cap and at most one excess (payments from two banks are two claims: ask once for each).
    """
    app = _app_routes(payments, as_of=as_of, victim_vulnerable=victim_vulnerable, figures=figures)
    result: list[list[Route]] = []
    for index, payment in enumerate(payments):
        routes: list[Route] = []
        if index in app:
            routes.append(app[index])
        if payment.method in CARD_METHODS and payment.authorised:
            routes.append(_chargeback(payment, as_of=as_of, figures=figures))
            if _section_75_applies(payment, figures):
                routes.append(_section_75(payment, figures))
        if payment.method in BANK_METHODS and not payment.authorised:
            routes.append(_unauthorised(payment, as_of=as_of, figures=figures))
        if not routes:
            routes.append(_none(payment, figures))
        result.append(routes)
    return result


def _app_routes(
    payments: Sequence[PaymentFacts],
    *,
    as_of: date,
    victim_vulnerable: bool,
    figures: RuleFigures,
) -> dict[int, Route]:
    """One claim for all the scam's APP payments: the deadline runs from the last of them,
    the excess comes off the earliest, and the cap is shared out in date order."""
    eligible = sorted(
        (i for i, p in enumerate(payments) if is_app_eligible(p, figures)),
        key=lambda i: (payments[i].date, i),
    )
    if not eligible:
        return {}
    final = payments[eligible[-1]].date
    deadline = months_after(final, figures.app_claim_months)
    excess_left = ZERO if victim_vulnerable else figures.app_max_excess
    cap_left = figures.app_cap
    routes: dict[int, Route] = {}
    for i in eligible:
        payment = payments[i]
        excess = min(excess_left, payment.amount)
        excess_left -= excess
        after_excess = payment.amount - excess
        claimable = min(after_excess, cap_left)
        cap_used = figures.app_cap - cap_left
        cap_left -= claimable
        reasons = [
            f"You paid by {_PAID_BY[payment.method]} to a UK account on "
            f"{day_text(payment.date)}. Your bank must pay back scam transfers like this made "
            f"on or after {day_text(figures.app_start)}, unless it shows you were grossly "
            "negligent or took part in the fraud.",
            f"Claim from your bank by {day_text(deadline)}: {figures.app_claim_months} months "
            f"after the scam's last bank transfer on {day_text(final)}.",
            _excess_reason(excess, victim_vulnerable=victim_vulnerable, figures=figures),
            _cap_reason(after_excess, claimable, cap_used, figures=figures),
            f"Your bank should give its answer within {figures.app_answer_business_days} "
            f"business days of your claim, or {figures.app_stopped_clock_business_days} if it "
            "asks you or another bank for more information.",
        ]
        late = _too_late(figures.app_claim_months, deadline, "Ask your bank")
        routes[i] = _dated(
            "app_reimbursement",
            deadline,
            as_of=as_of,
            claimable=claimable,
            reasons=reasons,
            late=late,
        )
    return routes


def _excess_reason(excess: Decimal, *, victim_vulnerable: bool, figures: RuleFigures) -> str:
    limit = money_text(figures.app_max_excess)
    if victim_vulnerable:
        return (
            f"Your bank must not take off the excess of up to {limit}, because you were "
            "vulnerable when you were scammed."
        )
    if excess:
        return (
            f"Your bank may take off an excess of up to {limit}, once for the whole claim. "
            f"The amount shown allows for {money_text(excess)} off this payment."
        )
    return (
        f"Your bank may take off an excess of up to {limit}, once for the whole claim. It "
        "comes off an earlier payment, not this one."
    )


def _cap_reason(
    after_excess: Decimal, claimable: Decimal, cap_used: Decimal, *, figures: RuleFigures
) -> str:
    one_claim = (
        "One claim covers all this scam's bank transfers from your bank, and pays up to "
        f"{money_text(figures.app_cap)}"
    )
    if claimable == after_excess:
        return f"{one_claim}."
    if claimable and not cap_used:
        return f"{one_claim}, so {money_text(claimable)} of this payment can be claimed."
    if claimable:
        return (
            f"{one_claim}, counted from the earliest payment. Earlier payments use "
            f"{money_text(cap_used)}, so {money_text(claimable)} of this payment can be claimed."
        )
    return (
        f"{one_claim}, counted from the earliest payment. Earlier payments use all of it, so "
        "nothing more can be claimed for this one."
    )


def _chargeback(payment: PaymentFacts, *, as_of: date, figures: RuleFigures) -> Route:
    deadline = _days_after(payment.date, figures.chargeback_days)
    reasons = [
        f"You paid by {_PAID_BY[payment.method]} on {day_text(payment.date)}. Ask your card "
        "provider for a chargeback as soon as possible.",
        f"Card schemes usually allow {figures.chargeback_days} days from the payment, so ask "
        f"by {day_text(deadline)}.",
    ]
    if payment.method == "credit_card" and not _section_75_applies(payment, figures):
        reasons.append(_no_section_75_reason(payment, figures))
    late = (
        f"The usual {figures.chargeback_days} days have passed. Ask anyway: some card "
        "providers allow longer for some problems."
    )
    return _dated(
        "chargeback", deadline, as_of=as_of, claimable=payment.amount, reasons=reasons, late=late
    )


def _days_after(day: date, days: int) -> date:
    """`days` after `day`, or the last day there is, when the calendar ends first (as
    `months_after` does)."""
    if (date.max - day).days < days:
        return date.max
    return day + timedelta(days=days)


def _section_75_applies(payment: PaymentFacts, figures: RuleFigures) -> bool:
    return (
        payment.method == "credit_card"
        and payment.authorised
        and payment.purchase
        and is_section_75_price(payment.amount, figures)
    )


def _no_section_75_reason(payment: PaymentFacts, figures: RuleFigures) -> str:
    if not payment.purchase:
        return (
            "Section 75 of the Consumer Credit Act 1974 does not apply: it covers only "
            "something you bought."
        )
    return (
        "Section 75 of the Consumer Credit Act 1974 does not apply: it covers things costing "
        f"more than {money_text(figures.section_75_min)} and not more than "
        f"{money_text(figures.section_75_max)}, and this cost {money_text(payment.amount)}."
    )


def _section_75(payment: PaymentFacts, figures: RuleFigures) -> Route:
    return Route(
        route="section_75",
        deadline=None,
        expired=False,
        claimable=payment.amount,
        reasons=(
            f"You paid {money_text(payment.amount)} by credit card for something costing "
            f"more than {money_text(figures.section_75_min)} and not more than "
            f"{money_text(figures.section_75_max)}, so your card provider is as responsible "
            "as the seller (Consumer Credit Act 1974, section 75).",
            "There is no fixed deadline, but ask your card provider soon, with what you have "
            "about the purchase.",
        ),
    )


def _unauthorised(payment: PaymentFacts, *, as_of: date, figures: RuleFigures) -> Route:
    deadline = months_after(payment.date, figures.unauthorised_notify_months)
    reasons = [
        "You did not give permission for this payment. Your bank must refund it by the end "
        "of the business day after you tell it, unless it has good reason to think you acted "
        "fraudulently or with gross negligence.",
        f"Tell your bank by {day_text(deadline)}: {figures.unauthorised_notify_months} months "
        f"after the payment on {day_text(payment.date)}.",
    ]
    late = _too_late(figures.unauthorised_notify_months, deadline, "Tell your bank")
    return _dated(
        "unauthorised", deadline, as_of=as_of, claimable=payment.amount, reasons=reasons, late=late
    )


def _too_late(months: int, deadline: date, ask: str) -> str:
    return (
        f"The {months} months ended on {day_text(deadline)}. {ask} anyway, and complain if it "
        "refuses: you can then ask the Financial Ombudsman Service to look at it."
    )


def _dated(
    route: RouteName,
    deadline: date,
    *,
    as_of: date,
    claimable: Decimal,
    reasons: list[str],
    late: str,
) -> Route:
    """A route with a deadline: expired from the day after it, and then saying so."""
    expired = as_of > deadline
    return Route(
        route=route,
        deadline=deadline,
        expired=expired,
        claimable=claimable,
        reasons=(*reasons, late) if expired else tuple(reasons),
    )


def _none(payment: PaymentFacts, figures: RuleFigures) -> Route:
    return Route(
        route="none",
        deadline=None,
        expired=False,
        claimable=ZERO,
        reasons=(*_why_none(payment, figures), *_AFTERWARDS),
    )


def _why_none(payment: PaymentFacts, figures: RuleFigures) -> tuple[str, ...]:
    if payment.method in APP_METHODS and payment.date < figures.app_start:
        return (
            f"Bank transfers made before {day_text(figures.app_start)} are not covered by "
            "the rules that make banks pay back scam transfers.",
            "Ask your bank anyway: many banks followed a voluntary code for scams before then.",
        )
    if payment.method in APP_METHODS:
        return (
            "The rules that make banks pay back scam transfers cover only payments to UK "
            "accounts, and this one went to an account outside the UK.",
            "Ask your bank anyway: it may be able to ask the other bank to return the money.",
        )
    if payment.method == "gift_card":
        return (
            "Gift cards are not covered by the rules for getting money back from a bank.",
            "Contact the company that issued the gift cards straight away, with the card "
            "numbers and receipts: it may be able to stop the money on them being spent.",
        )
    if payment.method == "crypto":
        return (
            "Cryptocurrency sent from your own wallet is not covered by the rules for getting "
            "money back from a bank.",
            "If you paid money from your bank to buy the cryptocurrency, record that payment "
            "too: it may have its own route.",
        )
    if payment.method == "cheque":
        return (
            "Cheques are not covered by the rules for getting scam payments back.",
            "If someone forged or changed your cheque, tell your bank straight away.",
        )
    if payment.method == "cash":
        return ("Cash cannot be claimed back from a bank.",)
    return ("This way of paying is not covered by the rules for getting money back from a bank.",)
