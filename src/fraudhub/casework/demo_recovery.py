"""Demo money recovery: payments on the demo cases where money was lost, and claims to the
victims' banks in every state of their lifecycle, so the payments pages, the claims to
chase and the dashboard's money recovered have something to show. Deterministic for a
seed and an as-of date."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from .claim_states import ClaimState
from .models import Bank, Case, Claim
from .services.edits import CaseRuleBroken, Edit
from .services.payments import move_claim, open_claim, record_payment

S = ClaimState
# Each demo claim's way through the lifecycle, so every state is shown at least once.
PATHS: list[list[ClaimState]] = [
    [],
    [S.LODGED],
    [S.LODGED, S.MORE_INFORMATION],
    [S.LODGED, S.REIMBURSED_IN_FULL],
    [S.LODGED, S.REIMBURSED_IN_PART],
    [S.LODGED, S.REFUSED],
    [S.LODGED, S.REFUSED, S.COMPLAINT_MADE],
    [S.LODGED, S.REIMBURSED_IN_PART, S.COMPLAINT_MADE, S.FINAL_RESPONSE],
    [S.LODGED, S.REFUSED, S.COMPLAINT_MADE, S.FINAL_RESPONSE, S.OMBUDSMAN],
    [S.LODGED, S.REIMBURSED_IN_FULL, S.CLOSED],
    [S.LODGED, S.MORE_INFORMATION, S.REIMBURSED_IN_FULL],
    [S.LODGED, S.REFUSED, S.CLOSED],
]
REASONS = [r.value for r in Claim.RefusalReason]


def _edit(case: Case, actor: User | None) -> Edit:
    case.refresh_from_db()
    return Edit(case=case, version=case.version, actor=actor)


def recover_money(*, seed: int, as_of: date, managers: list[User]) -> int:
    """Record payments and claims on up to a dozen demo cases with a loss; the number of
    claims made."""
    rng = random.Random(seed)
    today = min(as_of, timezone.localdate())
    banks = list(Bank.objects.filter(active=True).order_by("name"))
    cases = list(
        Case.objects.filter(reports__extra__has_key="demo", reports__lost_money=True)
        .filter(payments__isnull=True)
        .distinct()
        .order_by("pk")[: len(PATHS)]
    )
    made = 0
    for case, path in zip(cases, PATHS, strict=False):
        actor = case.assigned_to or (rng.choice(managers) if managers else None)
        start = today - timedelta(days=20 + 25 * len(path) + rng.randint(0, 20))
        bank = rng.choice(banks)
        try:
            payments = [
                record_payment(
                    edit=_edit(case, actor),
                    paid_on=start + timedelta(days=i * 2),
                    amount=Decimal(rng.choice([250, 900, 1800, 3500, 6000, 12500])),
                    method="faster_payment",
                    authorised=True,
                    bank=bank,
                    payee_sort_code=f"{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
                    payee_account=f"{rng.randint(10_000_000, 99_999_999)}",
                )
                for i in range(rng.randint(1, 3))
            ]
            if len(path) % 3 == 0:  # some also paid a "fee" by card, which has no APP route
                record_payment(
                    edit=_edit(case, actor),
                    paid_on=start,
                    amount=Decimal("149.99"),
                    method="debit_card",
                    authorised=True,
                    purchase=True,
                    bank=bank,
                    card_merchant="Secure Release Fees Ltd",
                )
            claimed = sum((p.amount for p in payments), Decimal("0"))
            claim = open_claim(
                edit=_edit(case, actor),
                route="app_reimbursement",
                bank=bank,
                payments=payments,
                amount_claimed=claimed,
            )
            day = start + timedelta(days=6)
            for target in path:
                day = min(day + timedelta(days=rng.randint(3, 20)), today)
                claim = move_claim(
                    edit=_edit(case, actor),
                    claim=claim,
                    target=target,
                    on=day,
                    reimbursed=(claimed / 2).quantize(Decimal("0.01"))
                    if target == S.REIMBURSED_IN_PART
                    else None,
                    refusal_reason=rng.choice(REASONS) if target == S.REFUSED else "",
                )
        except CaseRuleBroken:
            continue  # a restricted case takes no payments
        made += 1
    return made
