"""Claims on a case: each move of the lifecycle through the service sets the dates the
rules give and keeps the amounts; a move the table refuses changes nothing; every move is
in the audit log and the case's history; the team's claims to chase list what is due."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.casework import refund_rules as rules
from fraudhub.casework.claim_states import ClaimMoveRefused, ClaimState
from fraudhub.casework.models import Bank, Claim
from fraudhub.casework.selectors import claims_to_chase, figures_on
from fraudhub.governance.models import AuditEvent

from ..factories import make_case, move_claim, open_claim, record_payment

pytestmark = pytest.mark.django_db

S = ClaimState


@pytest.fixture
def claim(manager: User) -> Claim:
    case = make_case()
    payment = record_payment(case, manager, paid_on=timezone.localdate() - timedelta(days=20))
    return open_claim(case, [payment], manager)


def _figures(claim: Claim) -> rules.RuleFigures:
    last = max(p.paid_on for p in claim.payments.all())
    return figures_on(last)


def test_a_new_claim_is_drafting_and_due_by_the_routes_deadline(claim: Claim) -> None:
    payment = claim.payments.get()
    facts = rules.PaymentFacts(
        date=payment.paid_on, amount=payment.amount, method="faster_payment", authorised=True
    )
    (app,) = [
        r
        for r in rules.routes_for(
            [facts], as_of=timezone.localdate(), victim_vulnerable=False, figures=_figures(claim)
        )[0]
        if r.route == "app_reimbursement"
    ]
    assert claim.state == S.DRAFTING
    assert claim.due_on == app.deadline
    assert claim.amount_claimed == Decimal("4000.00") and claim.outstanding == Decimal("4000.00")


def test_lodging_sets_the_banks_answer_due(claim: Claim, manager: User) -> None:
    lodged = timezone.localdate() - timedelta(days=1)
    moved = move_claim(claim, "lodged", manager, on=lodged)
    assert moved.state == S.LODGED and moved.lodged_on == lodged
    assert moved.due_on == rules.bank_answer_due(lodged, _figures(claim))
    assert moved.due_what == "Bank's answer due"


def test_a_card_claim_is_chased_after_eight_weeks_not_the_app_five_days(manager: User) -> None:
    case = make_case()
    paid = timezone.localdate() - timedelta(days=10)
    card = record_payment(
        case,
        manager,
        method="credit_card",
        purchase=True,
        amount=Decimal("300.00"),
        paid_on=paid,
        payee_account="",
        payee_sort_code="",
    )
    claim = open_claim(case, [card], manager, route="section_75")
    lodged = timezone.localdate() - timedelta(days=1)
    moved = move_claim(claim, "lodged", manager, on=lodged)
    assert moved.due_on == lodged + timedelta(weeks=8)
    assert moved.due_what == "Chase for an answer if none by"


def test_an_unauthorised_payment_is_due_back_by_the_next_business_day(manager: User) -> None:
    case = make_case()
    taken = record_payment(
        case,
        manager,
        method="debit_card",
        authorised=False,
        payee_account="",
        paid_on=date(2026, 8, 20),
    )
    claim = open_claim(case, [taken], manager, route="unauthorised")
    told = date(2026, 8, 28)  # a Friday before the August bank holiday: due on Tuesday
    moved = move_claim(claim, "lodged", manager, on=told)
    assert moved.due_on == date(2026, 9, 1)
    assert moved.due_what == "Refund due (end of the next business day)"


def test_more_information_stops_the_clock(claim: Claim, manager: User) -> None:
    lodged = timezone.localdate() - timedelta(days=3)
    move_claim(claim, "lodged", manager, on=lodged)
    moved = move_claim(claim, "more_information", manager)
    assert moved.due_on == rules.bank_answer_due(lodged, _figures(claim), clock_stopped=True)
    assert moved.due_on > rules.bank_answer_due(lodged, _figures(claim))


def test_a_full_reimbursement_pays_back_the_amount_claimed(claim: Claim, manager: User) -> None:
    move_claim(claim, "lodged", manager)
    moved = move_claim(claim, "reimbursed_in_full", manager)
    assert moved.amount_reimbursed == Decimal("4000.00") and moved.outstanding == 0
    assert moved.decided_on == timezone.localdate() and moved.due_on is None


def test_a_part_reimbursement_keeps_what_is_outstanding(claim: Claim, manager: User) -> None:
    move_claim(claim, "lodged", manager)
    moved = move_claim(claim, "reimbursed_in_part", manager, reimbursed=Decimal("2500"))
    assert moved.amount_reimbursed == Decimal("2500.00")
    assert moved.outstanding == Decimal("1500.00")


def test_refused_complaint_final_response_ombudsman_and_closed(claim: Claim, manager: User) -> None:
    today = timezone.localdate()
    move_claim(claim, "lodged", manager, on=today - timedelta(days=80))
    refused = move_claim(
        claim, "refused", manager, on=today - timedelta(days=75), refusal_reason="gross_negligence"
    )
    assert refused.refusal_reason == "gross_negligence" and refused.amount_reimbursed == 0
    complained_on = today - timedelta(days=70)
    complaint = move_claim(claim, "complaint_made", manager, on=complained_on)
    assert complaint.due_on == rules.final_response_due(complained_on, _figures(claim))
    assert complaint.due_on == complained_on + timedelta(weeks=8)
    answered_on = today - timedelta(days=10)
    answered = move_claim(claim, "final_response", manager, on=answered_on)
    assert answered.due_on == rules.ombudsman_deadline(answered_on, _figures(claim))
    assert answered.due_what == "Last day to go to the ombudsman"
    referred = move_claim(claim, "ombudsman", manager)
    assert referred.referred_on == today and referred.due_on is None
    closed = move_claim(claim, "closed", manager)
    assert closed.state == S.CLOSED and closed.closed_on == today


def test_a_complaint_can_go_to_the_ombudsman_without_a_final_response(
    claim: Claim, manager: User
) -> None:
    move_claim(claim, "lodged", manager)
    move_claim(claim, "refused", manager, refusal_reason="not_covered")
    move_claim(claim, "complaint_made", manager)
    assert move_claim(claim, "ombudsman", manager).state == S.OMBUDSMAN


def test_a_move_the_table_refuses_changes_nothing(claim: Claim, manager: User) -> None:
    version = claim.case.version
    with pytest.raises(
        ClaimMoveRefused, match="cannot become referred to the Financial Ombudsman Service"
    ):
        move_claim(claim, "ombudsman", manager)
    claim.refresh_from_db()
    assert claim.state == S.DRAFTING and claim.referred_on is None
    claim.case.refresh_from_db()
    assert claim.case.version == version


def test_a_closed_claim_takes_no_more_moves(claim: Claim, manager: User) -> None:
    move_claim(claim, "closed", manager)
    with pytest.raises(ClaimMoveRefused, match="closed"):
        move_claim(claim, "lodged", manager)


def test_a_date_in_the_future_is_refused(claim: Claim, manager: User) -> None:
    from fraudhub.casework.services.edits import CaseRuleBroken

    with pytest.raises(CaseRuleBroken, match="today or in the past"):
        move_claim(claim, "lodged", manager, on=timezone.localdate() + timedelta(days=1))


def test_every_move_is_audited_and_in_the_cases_history(claim: Claim, manager: User) -> None:
    move_claim(claim, "lodged", manager)
    entries = AuditEvent.objects.filter(action=AuditEvent.Action.CHANGE, actor=manager)
    assert any("lodged with the bank" in str(e.detail) for e in entries)
    assert claim.case.events.filter(text__contains="lodged with the bank").exists()


def test_one_claim_per_route_and_bank(claim: Claim, manager: User) -> None:
    from fraudhub.casework.services.edits import CaseRuleBroken

    with pytest.raises(CaseRuleBroken, match="already a claim on this route with Barclays"):
        open_claim(claim.case, list(claim.payments.all()), manager)


def test_a_route_that_does_not_apply_is_refused(manager: User) -> None:
    from fraudhub.casework.services.edits import CaseRuleBroken

    case = make_case()
    cash = record_payment(case, manager, method="cash", payee_account="", payee_sort_code="")
    with pytest.raises(CaseRuleBroken, match="does not apply"):
        open_claim(case, [cash], manager)


def _chase(user: User, today: date) -> list[int]:
    return [c.pk for c in claims_to_chase(user, today=today)]


def test_the_chase_list_holds_what_is_past_due_today_or_near(
    claim: Claim, manager: User, settings: object
) -> None:
    today = timezone.localdate()
    move_claim(claim, "lodged", manager, on=today - timedelta(days=20))
    claim.refresh_from_db()
    assert claim.due_on is not None and claim.due_on < today
    assert _chase(manager, today) == [claim.pk]  # the bank's answer is overdue
    Claim.objects.filter(pk=claim.pk).update(due_on=today)
    assert _chase(manager, today) == [claim.pk]
    Claim.objects.filter(pk=claim.pk).update(due_on=today + timedelta(days=14))
    assert _chase(manager, today) == [claim.pk]  # near: within 14 days
    Claim.objects.filter(pk=claim.pk).update(due_on=today + timedelta(days=15))
    assert _chase(manager, today) == []


def test_the_chase_list_leaves_out_closed_and_undated_claims(claim: Claim, manager: User) -> None:
    today = timezone.localdate()
    move_claim(claim, "lodged", manager)
    move_claim(claim, "reimbursed_in_full", manager)
    assert _chase(manager, today) == []  # decided in full: nothing more is due
    move_claim(claim, "closed", manager)
    Claim.objects.filter(pk=claim.pk).update(due_on=today)
    assert _chase(manager, today) == []


def test_the_chase_list_is_soonest_first_and_for_the_team_only(claim: Claim, manager: User) -> None:
    today = timezone.localdate()
    other = open_claim(
        claim.case, list(claim.payments.all()), manager, bank=Bank.objects.get(name="HSBC UK")
    )
    Claim.objects.filter(pk=claim.pk).update(due_on=today + timedelta(days=5))
    Claim.objects.filter(pk=other.pk).update(due_on=today - timedelta(days=2))
    assert _chase(manager, today) == [other.pk, claim.pk]
    from ..factories import OrganisationFactory, staff_user

    police = OrganisationFactory(slug="police", name="Police")
    assert _chase(staff_user("officer", role="Case manager", organisation=police), today) == []


def test_the_chase_page_lists_the_claim_with_its_date(
    claim: Claim, manager_client: Client, manager: User
) -> None:
    move_claim(claim, "lodged", manager, on=timezone.localdate() - timedelta(days=20))
    page = manager_client.get(reverse("casework:claims_to_chase")).content.decode()
    assert "Bank&#x27;s answer due" in page
    assert "APP scam reimbursement with Barclays" in page
    assert "ago" in page
    queue = manager_client.get(reverse("casework:queue")).content.decode()
    assert reverse("casework:claims_to_chase") in queue and "1 claim with a date" in queue


def test_a_restricted_case_leaves_the_chase_list_and_its_money_pages_say_only_that(
    claim: Claim, manager: User, manager_client: Client
) -> None:
    from fraudhub.governance import rights
    from fraudhub.governance.models import Restriction

    move_claim(claim, "lodged", manager, on=timezone.localdate() - timedelta(days=20))
    rights.place(Restriction, actor=manager, obj=claim.case.victim, reason="Asked to restrict")
    assert _chase(manager, timezone.localdate()) == []
    page = manager_client.get(reverse("casework:money", args=[claim.case_id])).content.decode()
    assert "Processing of this case is restricted" in page
    assert "Barclays" not in page and "£4,000.00" not in page


def test_the_amount_claimed_is_at_most_the_payments_it_covers(manager: User) -> None:
    from fraudhub.casework.services.edits import CaseRuleBroken

    case = make_case()
    payment = record_payment(case, manager)
    with pytest.raises(CaseRuleBroken, match="£4,000.00"):
        open_claim(case, [payment], manager, amount_claimed=Decimal("1000000.00"))
    assert not Claim.objects.filter(case=case).exists()
    open_claim(case, [payment], manager, amount_claimed=Decimal("4000.00"))


def test_a_step_dated_before_the_claims_last_step_is_refused(claim: Claim, manager: User) -> None:
    from fraudhub.casework.services.edits import CaseRuleBroken

    lodged = timezone.localdate() - timedelta(days=5)
    move_claim(claim, "lodged", manager, on=lodged)
    with pytest.raises(CaseRuleBroken, match="on or after"):
        move_claim(claim, "refused", manager, on=lodged - timedelta(days=1), refusal_reason="other")
    claim.refresh_from_db()
    assert claim.state == S.LODGED and claim.decided_on is None
    move_claim(claim, "refused", manager, on=lodged, refusal_reason="other")  # the same day is fine
