"""A claim to get a victim's money back, as a state machine: which state may go to which,
the plain reason a move is refused, what each move needs, and the words the victim's
tracking page uses. Pure, so every allowed and refused move is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class ClaimState(StrEnum):
    DRAFTING = "drafting"
    LODGED = "lodged"
    MORE_INFORMATION = "more_information"
    REIMBURSED_IN_FULL = "reimbursed_in_full"
    REIMBURSED_IN_PART = "reimbursed_in_part"
    REFUSED = "refused"
    COMPLAINT_MADE = "complaint_made"
    FINAL_RESPONSE = "final_response"
    OMBUDSMAN = "ombudsman"
    CLOSED = "closed"


LABELS: dict[ClaimState, str] = {
    ClaimState.DRAFTING: "Drafting",
    ClaimState.LODGED: "Lodged with the bank",
    ClaimState.MORE_INFORMATION: "Bank asked for more information (clock stopped)",
    ClaimState.REIMBURSED_IN_FULL: "Reimbursed in full",
    ClaimState.REIMBURSED_IN_PART: "Reimbursed in part",
    ClaimState.REFUSED: "Refused",
    ClaimState.COMPLAINT_MADE: "Complaint made",
    ClaimState.FINAL_RESPONSE: "Final response received",
    ClaimState.OMBUDSMAN: "Referred to the Financial Ombudsman Service",
    ClaimState.CLOSED: "Closed",
}


def in_sentence(state: ClaimState) -> str:
    """A state's label inside a sentence: its first letter small, the Financial Ombudsman
    Service's capitals kept."""
    label = LABELS[state]
    return label[:1].lower() + label[1:]


DECIDED = frozenset(
    {ClaimState.REIMBURSED_IN_FULL, ClaimState.REIMBURSED_IN_PART, ClaimState.REFUSED}
)
OPEN_VALUES = [s.value for s in ClaimState if s != ClaimState.CLOSED]

ALLOWED: dict[ClaimState, frozenset[ClaimState]] = {
    ClaimState.DRAFTING: frozenset({ClaimState.LODGED, ClaimState.CLOSED}),
    ClaimState.LODGED: frozenset({ClaimState.MORE_INFORMATION, *DECIDED, ClaimState.CLOSED}),
    ClaimState.MORE_INFORMATION: frozenset({*DECIDED, ClaimState.CLOSED}),
    ClaimState.REIMBURSED_IN_FULL: frozenset({ClaimState.CLOSED}),
    ClaimState.REIMBURSED_IN_PART: frozenset({ClaimState.COMPLAINT_MADE, ClaimState.CLOSED}),
    ClaimState.REFUSED: frozenset({ClaimState.COMPLAINT_MADE, ClaimState.CLOSED}),
    ClaimState.COMPLAINT_MADE: frozenset(
        {ClaimState.FINAL_RESPONSE, ClaimState.OMBUDSMAN, ClaimState.CLOSED}
    ),
    ClaimState.FINAL_RESPONSE: frozenset({ClaimState.OMBUDSMAN, ClaimState.CLOSED}),
    ClaimState.OMBUDSMAN: frozenset({ClaimState.CLOSED}),
    ClaimState.CLOSED: frozenset(),
}


class ClaimMoveRefused(Exception):
    """A move the claim's lifecycle does not allow, said in plain words."""


@dataclass(frozen=True)
class ClaimMove:
    """What a move brings with it: the amount reimbursed so far (a decision), the bank's
    reason for a refusal, and the amount claimed."""

    claimed: Decimal
    reimbursed: Decimal = Decimal("0")
    refusal_reason: str = ""


def check_claim_move(current: ClaimState, target: ClaimState, move: ClaimMove) -> None:
    """Raise ClaimMoveRefused, in plain words, unless the claim may go from `current` to
    `target` with what the move brings."""
    if target == current:
        raise ClaimMoveRefused(f"The claim is already {in_sentence(current)}")
    if target not in ALLOWED[current]:
        allowed = ALLOWED[current]
        if not allowed:
            raise ClaimMoveRefused("The claim is closed: nothing more can be recorded on it")
        names = "; ".join(in_sentence(s) for s in ClaimState if s in allowed)
        raise ClaimMoveRefused(
            f"A claim that is {in_sentence(current)} cannot become "
            f"{in_sentence(target)}. It can become: {names}"
        )
    if move.reimbursed < 0:
        raise ClaimMoveRefused("The amount reimbursed cannot be less than £0.00")
    if move.reimbursed > move.claimed:
        raise ClaimMoveRefused(
            f"The amount reimbursed cannot be more than the amount claimed (£{move.claimed:,.2f})"
        )
    if target == ClaimState.REIMBURSED_IN_PART and not 0 < move.reimbursed < move.claimed:
        raise ClaimMoveRefused(
            "Enter the amount the bank reimbursed: more than £0.00 and less than the amount claimed"
        )
    if target == ClaimState.REFUSED and not move.refusal_reason:
        raise ClaimMoveRefused("Select the bank's reason for refusing the claim")


def tracking_words(
    state: ClaimState,
    *,
    bank: str,
    claimed: Decimal,
    reimbursed: Decimal,
    tell_details: bool,
) -> str:
    """Where a claim stands, in words for the victim's tracking page. The bank's name and
    the amounts are named only when `tell_details` (the reader is someone the victim
    agreed may know); otherwise the same news without them."""
    the_bank = bank if tell_details else "the bank"
    amount = f" of £{claimed:,.2f}" if tell_details else ""
    paid = f" £{reimbursed:,.2f}" if tell_details else " some of the money"
    words = {
        ClaimState.DRAFTING: "We are preparing a claim to get your money back.",
        ClaimState.LODGED: f"We have sent your claim{amount} to {the_bank}. "
        "The bank should reply within a few working days.",
        ClaimState.MORE_INFORMATION: f"{the_bank[0].upper()}{the_bank[1:]} has asked for more "
        "information about your claim. We will help you answer it.",
        ClaimState.REIMBURSED_IN_FULL: f"Good news: {the_bank} has agreed to pay back all "
        f"the money you claimed{f' (£{claimed:,.2f})' if tell_details else ''}.",
        ClaimState.REIMBURSED_IN_PART: f"{the_bank[0].upper()}{the_bank[1:]} has agreed to pay "
        f"back{paid}. We can help you complain about the rest.",
        ClaimState.REFUSED: f"{the_bank[0].upper()}{the_bank[1:]} has said no to your claim. "
        "We can help you complain, and you can then go to the Financial Ombudsman Service.",
        ClaimState.COMPLAINT_MADE: f"We have made a complaint to {the_bank} about your claim. "
        "The bank must give its final answer within 8 weeks.",
        ClaimState.FINAL_RESPONSE: f"{the_bank[0].upper()}{the_bank[1:]} has given its final "
        "answer to your complaint. If you are not happy with it, you can ask the Financial "
        "Ombudsman Service to look at it.",
        ClaimState.OMBUDSMAN: "Your complaint has gone to the Financial Ombudsman Service, "
        "who will look at it independently.",
        ClaimState.CLOSED: "Your claim is finished. Contact us if you have any questions.",
    }
    return words[state]
