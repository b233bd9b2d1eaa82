"""Money recovered on the team dashboard: claimed, paid back (amount and share), median
days to a decision, refusals by reason, per bank and per route; counted in the database
in a fixed number of queries however many claims there are."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fraudhub.casework.dashboard import money_recovered
from fraudhub.casework.models import Bank
from fraudhub.casework.services import hub_team

from ..factories import make_case, move_claim, open_claim, record_payment, victim_named

pytestmark = pytest.mark.django_db


def _decided(manager: User, *, bank: str, outcome: str, days: int, **move: object) -> None:
    case = make_case(victim=victim_named(f"{bank.split()[0]}{outcome}{days}"))
    today = timezone.localdate()
    payment = record_payment(case, manager, bank=Bank.objects.get(name=bank))
    claim = open_claim(case, [payment], manager)
    move_claim(claim, "lodged", manager, on=today - timedelta(days=days))
    move_claim(claim, outcome, manager, on=today, **move)


def test_the_figures_add_up(manager: User) -> None:
    _decided(manager, bank="Barclays", outcome="reimbursed_in_full", days=2)
    _decided(
        manager, bank="Barclays", outcome="reimbursed_in_part", days=4, reimbursed=Decimal("1000")
    )
    _decided(manager, bank="Monzo", outcome="refused", days=9, refusal_reason="gross_negligence")
    money = money_recovered(hub_team(), name_banks=True)
    assert money["claims"] == 3
    assert money["claimed"] == "£12,000.00"
    assert money["reimbursed"] == "£5,000.00"
    assert money["share"] == "42%"
    assert money["median_days_to_decision"] == "4"
    assert money["refusals"] == [
        {"label": "Bank says the victim was grossly negligent", "claims": 1}
    ]
    assert [(r["label"], r["claims"], r["reimbursed"]) for r in money["per_bank"]] == [
        ("Barclays", 2, "£5,000.00"),
        ("Monzo", 1, "£0.00"),
    ]
    assert [(r["label"], r["share"]) for r in money["per_route"]] == [
        ("APP scam reimbursement", "42%")
    ]


def test_a_claim_still_being_drafted_is_not_money_claimed(manager: User) -> None:
    _decided(manager, bank="Barclays", outcome="reimbursed_in_full", days=2)
    drafting = make_case(victim=victim_named("Drafting"))
    open_claim(drafting, [record_payment(drafting, manager)], manager)
    money = money_recovered(hub_team(), name_banks=True)
    assert money["claims"] == 1
    assert [(r["label"], r["claims"]) for r in money["per_bank"]] == [("Barclays", 1)]


def test_banks_are_named_only_to_staff(manager: User) -> None:
    _decided(manager, bank="Monzo", outcome="reimbursed_in_full", days=2)
    money = money_recovered(hub_team(), name_banks=False)
    assert [r["label"] for r in money["per_bank"]] == ["Bank 1"]


def test_no_claims_says_so() -> None:
    money = money_recovered(hub_team(), name_banks=True)
    assert money["share"] == "no data yet" and money["median_days_to_decision"] == "no data yet"


def test_a_fixed_number_of_queries_however_many_claims(manager: User) -> None:
    _decided(manager, bank="Barclays", outcome="reimbursed_in_full", days=2)
    team = hub_team()
    with CaptureQueriesContext(connection) as few:
        money_recovered(team, name_banks=True)
    for bank in ("Monzo", "HSBC UK", "Nationwide Building Society"):
        _decided(manager, bank=bank, outcome="refused", days=3, refusal_reason="not_covered")
    with CaptureQueriesContext(connection) as many:
        money_recovered(team, name_banks=True)
    assert len(many) == len(few) <= 5


def test_the_dashboard_shows_money_recovered(manager: User, manager_client: Client) -> None:
    _decided(manager, bank="Barclays", outcome="reimbursed_in_full", days=2)
    page = manager_client.get(reverse("casework:dashboard")).content.decode()
    assert "Money recovered" in page and "£4,000.00" in page and "100%" in page
    assert "Barclays" in page
