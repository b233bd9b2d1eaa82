"""A claim's lifecycle as a pure table: every state pair is either allowed or refused in
plain words, a decision brings the right amounts, and the tracking page's words name the
bank and amounts only to someone the victim agreed may know."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fraudhub.casework.claim_states import (
    ALLOWED,
    ClaimMove,
    ClaimMoveRefused,
    ClaimState,
    check_claim_move,
    in_sentence,
    tracking_words,
)

S = ClaimState
CLAIMED = Decimal("4000.00")
EXPECTED_MOVES = {
    S.DRAFTING: {S.LODGED, S.CLOSED},
    S.LODGED: {S.MORE_INFORMATION, S.REIMBURSED_IN_FULL, S.REIMBURSED_IN_PART, S.REFUSED, S.CLOSED},
    S.MORE_INFORMATION: {S.REIMBURSED_IN_FULL, S.REIMBURSED_IN_PART, S.REFUSED, S.CLOSED},
    S.REIMBURSED_IN_FULL: {S.CLOSED},
    S.REIMBURSED_IN_PART: {S.COMPLAINT_MADE, S.CLOSED},
    S.REFUSED: {S.COMPLAINT_MADE, S.CLOSED},
    S.COMPLAINT_MADE: {S.FINAL_RESPONSE, S.OMBUDSMAN, S.CLOSED},
    S.FINAL_RESPONSE: {S.OMBUDSMAN, S.CLOSED},
    S.OMBUDSMAN: {S.CLOSED},
    S.CLOSED: set(),
}


def _move_for(target: ClaimState) -> ClaimMove:
    """What a case manager gives with a move to `target` that is otherwise right."""
    if target == S.REIMBURSED_IN_PART:
        return ClaimMove(claimed=CLAIMED, reimbursed=Decimal("1500.00"))
    if target == S.REIMBURSED_IN_FULL:
        return ClaimMove(claimed=CLAIMED, reimbursed=CLAIMED)
    if target == S.REFUSED:
        return ClaimMove(claimed=CLAIMED, refusal_reason="gross_negligence")
    return ClaimMove(claimed=CLAIMED)


def test_the_table_is_the_lifecycle_of_the_issue() -> None:
    assert {s: set(a) for s, a in ALLOWED.items()} == EXPECTED_MOVES


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_every_state_pair_is_allowed_or_refused_in_words(
    current: ClaimState, target: ClaimState
) -> None:
    if target in EXPECTED_MOVES[current]:
        check_claim_move(current, target, _move_for(target))
        return
    with pytest.raises(ClaimMoveRefused) as refused:
        check_claim_move(current, target, _move_for(target))
    message = str(refused.value)
    if current == target:
        assert message == f"The claim is already {in_sentence(current)}"
    elif current == S.CLOSED:
        assert message == "The claim is closed: nothing more can be recorded on it"
    else:
        assert f"cannot become {in_sentence(target)}" in message
        for allowed in EXPECTED_MOVES[current]:
            assert in_sentence(allowed) in message


def test_a_refusal_needs_the_banks_reason() -> None:
    with pytest.raises(ClaimMoveRefused, match="reason for refusing"):
        check_claim_move(S.LODGED, S.REFUSED, ClaimMove(claimed=CLAIMED))


@pytest.mark.parametrize("paid", ["0", "4000.00", "4000.01"])
def test_a_part_reimbursement_is_more_than_nothing_and_less_than_claimed(paid: str) -> None:
    with pytest.raises(ClaimMoveRefused):
        check_claim_move(
            S.LODGED, S.REIMBURSED_IN_PART, ClaimMove(claimed=CLAIMED, reimbursed=Decimal(paid))
        )


def test_nothing_paid_back_beyond_the_amount_claimed() -> None:
    with pytest.raises(ClaimMoveRefused, match=r"more than the amount claimed \(£4,000.00\)"):
        check_claim_move(
            S.REFUSED, S.CLOSED, ClaimMove(claimed=CLAIMED, reimbursed=Decimal("4000.01"))
        )


@pytest.mark.parametrize("state", list(S))
def test_tracking_words_name_the_bank_and_amounts_only_when_told_to(state: ClaimState) -> None:
    told = tracking_words(
        state,
        bank="Barclays",
        claimed=CLAIMED,
        reimbursed=Decimal("1500.00"),
        tell_details=True,
    )
    kept = tracking_words(
        state,
        bank="Barclays",
        claimed=CLAIMED,
        reimbursed=Decimal("1500.00"),
        tell_details=False,
    )
    assert "Barclays" not in kept and "£" not in kept
    assert kept  # the news itself is still given
    if state in (S.LODGED, S.REIMBURSED_IN_FULL):
        assert "Barclays" in told and "£4,000.00" in told
    if state == S.REIMBURSED_IN_PART:
        assert "£1,500.00" in told


def test_the_ombudsman_keeps_its_capitals_in_a_sentence() -> None:
    with pytest.raises(ClaimMoveRefused) as refused:
        check_claim_move(S.OMBUDSMAN, S.OMBUDSMAN, ClaimMove(claimed=Decimal("100")))
    assert str(refused.value) == "The claim is already referred to the Financial Ombudsman Service"
    with pytest.raises(ClaimMoveRefused) as refused:
        check_claim_move(S.FINAL_RESPONSE, S.LODGED, ClaimMove(claimed=Decimal("100")))
    assert "It can become: referred to the Financial Ombudsman Service; closed" in str(
        refused.value
    )
    assert in_sentence(S.MORE_INFORMATION) == "bank asked for more information (clock stopped)"
