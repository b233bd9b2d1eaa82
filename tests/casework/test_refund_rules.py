"""Each refund route and its boundaries: which payments it covers, its deadline, and the
most that can be claimed on it, with the reasons a victim reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fraudhub.casework.calendar import months_after
from fraudhub.casework.refund_rules import (
    DEFAULT_FIGURES,
    Method,
    PaymentFacts,
    Route,
    bank_answer_due,
    final_response_due,
    ombudsman_deadline,
    routes_for,
    rules_day,
    unauthorised_refund_due,
)

FIGURES = DEFAULT_FIGURES


def pay(
    day: date,
    amount: str = "4000.00",
    method: Method = "faster_payment",
    *,
    authorised: bool = True,
    payee_uk: bool = True,
    purchase: bool = False,
) -> PaymentFacts:
    return PaymentFacts(
        date=day,
        amount=Decimal(amount),
        method=method,
        authorised=authorised,
        payee_uk=payee_uk,
        purchase=purchase,
    )


def routes(
    *payments: PaymentFacts, as_of: date = date(2025, 6, 1), vulnerable: bool = False
) -> list[list[Route]]:
    return routes_for(list(payments), as_of=as_of, victim_vulnerable=vulnerable, figures=FIGURES)


def only(*payments: PaymentFacts, **kwargs: object) -> Route:
    """The one route of the first payment."""
    found = routes(*payments, **kwargs)[0]  # type: ignore[arg-type]
    assert len(found) == 1, [r.route for r in found]
    return found[0]


def said(route: Route) -> str:
    return " ".join(route.reasons)


# APP reimbursement: which payments


def test_a_transfer_on_6_october_2024_is_before_the_rules_and_has_no_route() -> None:
    route = only(pay(date(2024, 10, 6)))
    assert route.route == "none"
    assert route.claimable == 0 and route.deadline is None and not route.expired
    assert "before 7 October 2024" in said(route)
    assert "voluntary code" in said(route)


def test_a_transfer_on_7_october_2024_is_covered() -> None:
    route = only(pay(date(2024, 10, 7)))
    assert route.route == "app_reimbursement"
    assert route.claimable == Decimal("3900.00")
    assert "on or after 7 October 2024" in said(route)


@pytest.mark.parametrize("method", ["faster_payment", "chaps"])
def test_faster_payments_and_chaps_are_both_covered(method: Method) -> None:
    assert only(pay(date(2025, 3, 1), method=method)).route == "app_reimbursement"


def test_a_transfer_to_an_account_abroad_has_no_route_and_says_why() -> None:
    route = only(pay(date(2025, 3, 1), payee_uk=False))
    assert route.route == "none"
    assert "outside the UK" in said(route)


def test_a_transfer_the_victim_did_not_authorise_is_unauthorised_not_app() -> None:
    route = only(pay(date(2025, 3, 1), authorised=False))
    assert route.route == "unauthorised"
    assert route.claimable == Decimal("4000.00")


# APP reimbursement: the 13 months, from the scam's final transfer


def test_the_claim_runs_13_months_from_the_final_transfer_for_every_transfer() -> None:
    found = routes(pay(date(2025, 3, 1)), pay(date(2025, 5, 20)), as_of=date(2025, 6, 1))
    assert [r[0].deadline for r in found] == [date(2026, 6, 20), date(2026, 6, 20)]
    assert "13 months after the scam's last bank transfer on 20 May 2025" in said(found[0][0])


def test_a_later_card_payment_does_not_move_the_app_deadline() -> None:
    found = routes(pay(date(2025, 3, 1)), pay(date(2025, 5, 20), "50.00", "debit_card"))
    assert found[0][0].deadline == date(2026, 4, 1)


def test_the_anniversary_day_is_the_last_day_to_claim() -> None:
    payment = pay(date(2025, 3, 1))
    assert only(payment, as_of=date(2026, 4, 1)).expired is False
    late = only(payment, as_of=date(2026, 4, 2))
    assert late.expired is True
    assert "ended on 1 April 2026" in said(late)
    assert "Financial Ombudsman Service" in said(late)


@pytest.mark.parametrize(
    ("final", "last_day"),
    [
        (date(2025, 1, 31), date(2026, 2, 28)),  # month end, into a short February
        (date(2027, 1, 31), date(2028, 2, 29)),  # into a leap February
        (date(2028, 2, 29), date(2029, 3, 29)),  # from 29 February
        (date(2024, 10, 31), date(2025, 11, 30)),  # into a 30-day month
        (date(2025, 12, 31), date(2027, 1, 31)),  # across the year end
    ],
)
def test_the_last_day_of_the_13_months_at_month_ends_and_29_february(
    final: date, last_day: date
) -> None:
    assert only(pay(final), as_of=last_day).deadline == last_day
    assert only(pay(final), as_of=last_day).expired is False
    assert only(pay(final), as_of=date.fromordinal(last_day.toordinal() + 1)).expired is True


def test_29_february_2024_plus_13_months_is_29_march_2025() -> None:
    assert months_after(date(2024, 2, 29), 13) == date(2025, 3, 29)
    route = only(pay(date(2024, 2, 29), authorised=False), as_of=date(2025, 3, 29))
    assert route.route == "unauthorised"
    assert route.deadline == date(2025, 3, 29) and route.expired is False


# APP reimbursement: the cap and the excess


def test_85000_exactly_is_paid_in_full_to_a_vulnerable_victim() -> None:
    route = only(pay(date(2025, 3, 1), "85000.00"), vulnerable=True)
    assert route.claimable == Decimal("85000.00")
    assert "pays up to £85,000.00" in said(route)


def test_a_penny_over_85000_is_capped() -> None:
    route = only(pay(date(2025, 3, 1), "85000.01"), vulnerable=True)
    assert route.claimable == Decimal("85000.00")
    assert "£85,000.00 of this payment can be claimed" in said(route)


def test_the_excess_comes_off_before_the_cap() -> None:
    assert only(pay(date(2025, 3, 1), "85000.00")).claimable == Decimal("84900.00")
    assert only(pay(date(2025, 3, 1), "85100.00")).claimable == Decimal("85000.00")


def test_the_excess_is_taken_once_for_a_non_vulnerable_victim() -> None:
    found = routes(pay(date(2025, 3, 1)), pay(date(2025, 3, 2)))
    assert [r[0].claimable for r in found] == [Decimal("3900.00"), Decimal("4000.00")]
    assert "£100.00 off this payment" in said(found[0][0])
    assert "comes off an earlier payment" in said(found[1][0])


def test_no_excess_for_a_vulnerable_victim() -> None:
    route = only(pay(date(2025, 3, 1)), vulnerable=True)
    assert route.claimable == Decimal("4000.00")
    assert "must not take off the excess" in said(route)


def test_an_excess_bigger_than_the_first_payment_runs_on_to_the_next() -> None:
    found = routes(pay(date(2025, 3, 1), "60.00"), pay(date(2025, 3, 2), "1000.00"))
    assert [r[0].claimable for r in found] == [Decimal("0.00"), Decimal("960.00")]


def test_the_cap_is_shared_out_in_date_order_not_list_order() -> None:
    found = routes(
        pay(date(2025, 3, 10), "40000.00"),
        pay(date(2025, 3, 1), "50000.00", "chaps"),
        pay(date(2025, 3, 20), "10000.00"),
        vulnerable=True,
    )
    assert [r[0].claimable for r in found] == [
        Decimal("35000.00"),
        Decimal("50000.00"),
        Decimal("0.00"),
    ]
    assert "Earlier payments use £50,000.00, so £35,000.00" in said(found[0][0])
    assert "Earlier payments use all of it" in said(found[2][0])


def test_the_reasons_say_when_the_bank_must_answer() -> None:
    assert "within 5 business days of your claim, or 35" in said(only(pay(date(2025, 3, 1))))


# Card payments


def test_a_card_payment_has_a_chargeback_deadline_of_120_days() -> None:
    payment = pay(date(2025, 3, 1), "50.00", "debit_card")
    route = only(payment, as_of=date(2025, 6, 29))
    assert route.route == "chargeback"
    assert route.deadline == date(2025, 6, 29) and route.expired is False
    assert route.claimable == Decimal("50.00")
    assert "as soon as possible" in said(route)
    assert only(payment, as_of=date(2025, 6, 30)).expired is True


@pytest.mark.parametrize(
    ("amount", "covered"),
    [("100.00", False), ("100.01", True), ("30000.00", True), ("30000.01", False)],
)
def test_section_75_covers_more_than_100_and_not_more_than_30000(
    amount: str, covered: bool
) -> None:
    found = routes(pay(date(2025, 3, 1), amount, "credit_card", purchase=True))[0]
    assert [r.route for r in found] == (["chargeback", "section_75"] if covered else ["chargeback"])
    if covered:
        assert found[1].deadline is None and found[1].claimable == Decimal(amount)
        assert "Consumer Credit Act 1974, section 75" in said(found[1])
    else:
        assert "Section 75 of the Consumer Credit Act 1974 does not apply" in said(found[0])


def test_section_75_is_for_credit_card_purchases_only() -> None:
    debit = routes(pay(date(2025, 3, 1), "500.00", "debit_card", purchase=True))[0]
    not_bought = routes(pay(date(2025, 3, 1), "500.00", "credit_card"))[0]
    assert [r.route for r in debit] == [r.route for r in not_bought] == ["chargeback"]
    assert "only something you bought" in said(not_bought[0])


# Unauthorised payments


@pytest.mark.parametrize("method", ["faster_payment", "chaps", "debit_card", "credit_card"])
def test_a_payment_the_bank_made_without_authority_is_unauthorised(method: Method) -> None:
    route = only(pay(date(2025, 1, 31), "250.00", method, authorised=False))
    assert route.route == "unauthorised"
    assert route.deadline == date(2026, 2, 28)
    assert route.claimable == Decimal("250.00")
    assert "end of the business day after you tell it" in said(route)


def test_an_unauthorised_payment_told_after_13_months_is_expired() -> None:
    route = only(pay(date(2025, 1, 31), authorised=False), as_of=date(2026, 3, 1))
    assert route.expired is True


# No route


@pytest.mark.parametrize(
    ("method", "advice"),
    [
        ("cash", "Cash cannot be claimed back"),
        ("gift_card", "company that issued the gift cards"),
        ("crypto", "from your own wallet"),
        ("cheque", "forged or changed your cheque"),
        ("other", "not covered"),
    ],
)
def test_payments_with_no_route_say_so_and_what_else_to_do(method: Method, advice: str) -> None:
    route = only(pay(date(2025, 3, 1), "300.00", method), as_of=date(2030, 1, 1))
    assert route.route == "none"
    assert route.deadline is None and route.expired is False
    assert route.claimable == Decimal("0.00")
    assert advice in said(route)
    assert "Report Fraud" in said(route)
    assert "Financial Ombudsman Service" in said(route)


def test_unauthorised_cash_or_gift_cards_still_have_no_route() -> None:
    assert only(pay(date(2025, 3, 1), method="gift_card", authorised=False)).route == "none"


def test_each_payment_gets_its_own_routes_in_order() -> None:
    found = routes(
        pay(date(2025, 3, 1), "200.00", "cash"),
        pay(date(2025, 3, 2)),
        pay(date(2025, 3, 3), "150.00", "credit_card", purchase=True),
    )
    assert [[r.route for r in each] for each in found] == [
        ["none"],
        ["app_reimbursement"],
        ["chargeback", "section_75"],
    ]


def test_the_rules_day_is_the_scams_last_payment() -> None:
    payments = [pay(date(2025, 3, 1)), pay(date(2025, 1, 1))]
    assert rules_day(payments, as_of=date(2026, 1, 1)) == date(2025, 3, 1)
    assert rules_day([], as_of=date(2026, 1, 1)) == date(2026, 1, 1)


def test_the_figures_given_are_the_figures_used() -> None:
    older = replace(FIGURES, app_cap=Decimal("415000.00"), app_max_excess=Decimal("0.00"))
    found = routes_for(
        [pay(date(2025, 3, 1), "100000.00")],
        as_of=date(2025, 6, 1),
        victim_vulnerable=False,
        figures=older,
    )
    assert found[0][0].claimable == Decimal("100000.00")


# The dates a claim needs


def test_the_banks_answer_is_due_in_5_business_days_across_christmas() -> None:
    # Christmas Day and Boxing Day 2025 are Thursday and Friday; 1 January 2026 a Thursday.
    assert bank_answer_due(date(2025, 12, 24), FIGURES) == date(2026, 1, 5)


def test_the_banks_answer_is_due_in_5_business_days_across_easter() -> None:
    # Good Friday 3 April and Easter Monday 6 April 2026.
    assert bank_answer_due(date(2026, 4, 2), FIGURES) == date(2026, 4, 13)


def test_a_stopped_clock_gives_the_bank_35_business_days() -> None:
    # Easter, and the bank holidays of 4 and 25 May 2026, do not count.
    assert bank_answer_due(date(2026, 4, 2), FIGURES, clock_stopped=True) == date(2026, 5, 27)


def test_an_unauthorised_refund_is_due_the_next_business_day() -> None:
    assert unauthorised_refund_due(date(2025, 12, 24)) == date(2025, 12, 29)
    assert unauthorised_refund_due(date(2026, 3, 6)) == date(2026, 3, 9)  # Friday to Monday


def test_a_final_response_is_due_8_weeks_after_the_complaint() -> None:
    assert final_response_due(date(2026, 12, 6), FIGURES) == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("final_response", "last_day"),
    [
        (date(2026, 12, 6), date(2027, 6, 6)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
    ],
)
def test_the_ombudsman_takes_a_complaint_up_to_6_months_after_the_final_response(
    final_response: date, last_day: date
) -> None:
    assert ombudsman_deadline(final_response, FIGURES) == last_day


def test_a_payment_over_the_cap_on_its_own_is_not_said_to_follow_earlier_ones() -> None:
    route = only(pay(date(2025, 3, 1), "100000.00"), vulnerable=True)
    assert route.claimable == Decimal("85000.00")
    assert "Earlier payments" not in said(route)
    assert "so £85,000.00 of this payment can be claimed" in said(route)
