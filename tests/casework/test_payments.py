"""Payments on a case: recorded by staff on the payments page, the payee's details become
identifiers on the report (so they link into clusters), each payment shows its routes,
deadlines, days left and what can be claimed, and a near deadline raises the case on the
queue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.casework import refund_rules as rules
from fraudhub.casework.calendar import months_after
from fraudhub.casework.models import Bank, Case, Claim, Payment
from fraudhub.casework.selectors import QueueFilters, figures_on, queue
from fraudhub.linking.services import link_reports
from fraudhub.reports.models import Identifier

from ..factories import linked_report, make_case, open_claim, record_payment, victim_named

pytestmark = pytest.mark.django_db


def _card_routes(paid: date, today: date) -> list[rules.Route]:
    """The rules' own answer for £4,000.00 paid by debit card on `paid`."""
    facts = rules.PaymentFacts(
        date=paid, amount=Decimal("4000.00"), method="debit_card", authorised=True
    )
    return rules.routes_for(
        [facts], as_of=today, victim_vulnerable=False, figures=figures_on(paid)
    )[0]


def _form(case: Case, **overrides: str) -> dict[str, str]:
    paid = timezone.localdate() - timedelta(days=2)
    values = {
        "version": str(case.version),
        "paid_on_day": str(paid.day),
        "paid_on_month": str(paid.month),
        "paid_on_year": str(paid.year),
        "amount": "4,000.00",
        "method": "faster_payment",
        "authorised": "yes",
        "payee_uk": "yes",
        "purchase": "no",
        "bank": str(Bank.objects.get(name="Lloyds Bank").pk),
        "payee_sort_code": "20-00-00",
        "payee_account": "55779911",
        "card_merchant": "",
        "wallet": "",
    }
    values.update(overrides)
    return values


def test_staff_record_a_payment_on_the_payments_page(manager_client: Client) -> None:
    case = make_case()
    url = reverse("casework:add_payment", args=[case.pk])
    response = manager_client.post(url, _form(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:money", args=[case.pk])
    payment = Payment.objects.get(case=case)
    assert payment.amount == Decimal("4000.00") and payment.bank.name == "Lloyds Bank"
    assert payment.payee_account_normalised == "20-00-00 55779911"
    page = manager_client.get(response["Location"]).content.decode()
    assert "£4,000.00" in page and "APP scam reimbursement" in page


def test_the_payees_account_becomes_an_identifier_that_links(manager: User) -> None:
    earlier = linked_report(("bank_account", "55779911"))
    Identifier.objects.filter(report=earlier, kind="bank_account").update(
        normalised="20-00-00 55779911"
    )
    case = make_case()
    record_payment(case, manager, payee_sort_code="20-00-00", payee_account="55779911")
    report = case.reports.get()
    account = report.identifiers.get(kind=Identifier.Kind.BANK_ACCOUNT)
    assert account.normalised == "20-00-00 55779911"
    link_reports(report_ids=[report.pk, earlier.pk])
    report.refresh_from_db()
    earlier.refresh_from_db()
    assert report.cluster_member.cluster_id == earlier.cluster_member.cluster_id  # type: ignore[attr-defined]


def test_the_same_payee_twice_is_one_identifier(manager: User) -> None:
    case = make_case()
    record_payment(case, manager)
    record_payment(case, manager, amount=Decimal("250"))
    assert case.reports.get().identifiers.filter(kind="bank_account").count() == 1


def test_a_card_merchant_and_a_wallet_become_identifiers(manager: User) -> None:
    case = make_case()
    record_payment(
        case, manager, method="debit_card", payee_account="", card_merchant="Cheap Tickets Ltd"
    )
    record_payment(
        case,
        manager,
        method="crypto",
        payee_account="",
        wallet="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    )
    kinds = set(case.reports.get().identifiers.values_list("kind", flat=True))
    assert {"company", "crypto_wallet"} <= kinds


def test_a_wrong_form_says_what_to_fix_and_keeps_what_was_typed(manager_client: Client) -> None:
    case = make_case()
    url = reverse("casework:add_payment", args=[case.pk])
    response = manager_client.post(
        url, _form(case, amount="£1.250", payee_account="12", **{"paid_on_year": "20"})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "We cannot tell what" in page
    assert "Year must include 4 numbers" in page
    assert "Enter the account number in 8 digits" in page
    assert 'value="20-00-00"' in page  # kept as typed
    assert not Payment.objects.exists()


@pytest.mark.parametrize(
    "field,value",
    [("method", "bitcoin"), ("bank", "999999"), ("amount", "x" * 200), ("version", "nope")],
)
def test_bad_input_never_fails_the_page(manager_client: Client, field: str, value: str) -> None:
    case = make_case()
    url = reverse("casework:add_payment", args=[case.pk])
    response = manager_client.post(url, _form(case, **{field: value}))
    assert response.status_code in (200, 302)


def test_the_page_shows_each_payments_routes_deadlines_and_claimable_amounts(
    manager: User, manager_client: Client
) -> None:
    case = make_case()
    today = timezone.localdate()
    paid = today - timedelta(days=100)
    record_payment(case, manager, method="debit_card", paid_on=paid, payee_account="")
    expected = _card_routes(paid, today)
    page = manager_client.get(reverse("casework:money", args=[case.pk])).content.decode()
    for route in expected:
        if route.deadline:
            days = (route.deadline - today).days
            assert f"{route.deadline.day} {route.deadline:%B %Y}" in page
            assert f"{days} day{'s' if days != 1 else ''} left" in page
        assert f"£{route.claimable:,.2f}" in page
        for reason in route.reasons:
            assert reason.replace("'", "&#x27;") in page


def test_a_vulnerable_victim_is_not_charged_the_excess(manager: User) -> None:
    from fraudhub.casework.recovery import routes_of

    case = make_case()
    payment = record_payment(case, manager)
    today = timezone.localdate()
    plain = routes_of([payment], today=today, vulnerable=False)[0].routes[0].route
    vulnerable = routes_of([payment], today=today, vulnerable=True)[0].routes[0].route
    assert plain.route == vulnerable.route == "app_reimbursement"
    assert vulnerable.claimable == Decimal("4000.00")
    assert plain.claimable <= vulnerable.claimable


def test_the_case_keeps_its_next_refund_deadline(manager: User) -> None:
    case = make_case()
    today = timezone.localdate()
    paid = today - timedelta(days=100)
    record_payment(case, manager, method="debit_card", paid_on=paid, payee_account="")
    case.refresh_from_db()
    assert case.refund_deadline == min(r.deadline for r in _card_routes(paid, today) if r.deadline)


def test_a_passed_deadline_gives_way_to_the_next_in_the_daily_refresh(manager: User) -> None:
    from fraudhub.casework.services.payments import refresh_passed_refund_deadlines

    case = make_case()
    today = timezone.localdate()
    paid = today - timedelta(days=100)
    record_payment(case, manager, method="debit_card", paid_on=paid, payee_account="")
    record_payment(case, manager, method="faster_payment", paid_on=paid)
    case.refresh_from_db()
    card_deadline = case.refund_deadline
    assert card_deadline is not None and card_deadline < today + timedelta(days=30)
    later = card_deadline + timedelta(days=1)
    # nothing recorded since: the kept deadline has passed until the daily refresh runs
    assert refresh_passed_refund_deadlines(today=today) == 0
    assert refresh_passed_refund_deadlines(today=later) == 1
    case.refresh_from_db()
    # the Faster Payment's claim for reimbursement: 13 months from the payment
    assert case.refund_deadline == months_after(paid, 13)


def test_a_near_deadline_raises_the_case_on_the_queue_with_a_marker(
    manager: User, manager_client: Client
) -> None:
    today = timezone.localdate()
    urgent_first = make_case()
    waiting = make_case(victim=victim_named("Edna"))
    Case.objects.filter(pk=urgent_first.pk).update(level=3)
    Case.objects.filter(pk=waiting.pk).update(level=2)
    Case.objects.filter(pk=urgent_first.pk).update(refund_deadline=today + timedelta(days=10))
    order = [c.pk for c in queue(manager, QueueFilters(), today=today)]
    assert order.index(urgent_first.pk) < order.index(waiting.pk)
    page = manager_client.get(reverse("casework:queue")).content.decode()
    assert "Refund deadline" in page
    for later_or_passed in (today + timedelta(days=60), today - timedelta(days=1)):
        Case.objects.filter(pk=urgent_first.pk).update(refund_deadline=later_or_passed)
        order = [c.pk for c in queue(manager, QueueFilters(), today=today)]
        assert order.index(urgent_first.pk) > order.index(waiting.pk)
        page = manager_client.get(reverse("casework:queue")).content.decode()
        assert "Refund deadline" not in page


def test_a_claim_to_chase_raises_the_case_on_the_queue(
    manager: User, manager_client: Client
) -> None:
    today = timezone.localdate()
    chased = make_case()
    waiting = make_case(victim=victim_named("Edna"))
    claim = open_claim(chased, [record_payment(chased, manager)], manager)
    Case.objects.filter(pk=chased.pk).update(level=3, refund_deadline=None)
    Case.objects.filter(pk=waiting.pk).update(level=2)
    Claim.objects.filter(pk=claim.pk).update(due_on=today - timedelta(days=3))
    order = [c.pk for c in queue(manager, QueueFilters(), today=today)]
    assert order.index(chased.pk) < order.index(waiting.pk)
    assert "Claim to chase" in manager_client.get(reverse("casework:queue")).content.decode()


def test_the_case_page_links_to_payments_for_a_level_1_case_or_a_loss(
    manager_client: Client,
) -> None:
    case = make_case()
    page = manager_client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert reverse("casework:money", args=[case.pk]) in page  # the report says money was lost
    no_loss = make_case(victim=victim_named("Edna"), amount_lost="", payment_method="")
    Case.objects.filter(pk=no_loss.pk).update(level=3)
    page = manager_client.get(reverse("casework:case", args=[no_loss.pk])).content.decode()
    assert reverse("casework:money", args=[no_loss.pk]) not in page


def test_the_page_says_the_rules_are_those_in_force_when_the_money_went(
    manager: User, manager_client: Client
) -> None:
    case = make_case()
    record_payment(case, manager)
    page = manager_client.get(reverse("casework:money", args=[case.pk])).content.decode()
    assert "follow the refund rules in force when the money went" in page
    assert "in force today" not in page
