"""The case lifecycle as a state machine: which moves are allowed, and the plain reason a
move is refused. Pure, so every allowed and refused move is tested on its own."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    NEW = "new"
    AWAITING_CONTACT = "awaiting_contact"
    IN_CONTACT = "in_contact"
    PLAN_ACTIVE = "plan_active"
    CLOSING = "closing"
    CLOSED = "closed"
    UNABLE_TO_CONTACT = "unable_to_contact"
    DECLINED = "declined"


LABELS: dict[State, str] = {
    State.NEW: "New",
    State.AWAITING_CONTACT: "Awaiting contact",
    State.IN_CONTACT: "In contact",
    State.PLAN_ACTIVE: "Plan active",
    State.CLOSING: "Closing",
    State.CLOSED: "Closed",
    State.UNABLE_TO_CONTACT: "Unable to contact",
    State.DECLINED: "Declined support",
}
ENDED = frozenset({State.CLOSED, State.UNABLE_TO_CONTACT, State.DECLINED})
OPEN = frozenset(State) - ENDED
OPEN_VALUES = [s.value for s in State if s not in ENDED]  # in a fixed order, for queries

ALLOWED: dict[State, frozenset[State]] = {
    State.NEW: frozenset({State.AWAITING_CONTACT, State.IN_CONTACT, State.DECLINED}),
    State.AWAITING_CONTACT: frozenset({State.IN_CONTACT, State.UNABLE_TO_CONTACT, State.DECLINED}),
    State.IN_CONTACT: frozenset({State.PLAN_ACTIVE, State.CLOSING, State.DECLINED}),
    State.PLAN_ACTIVE: frozenset({State.CLOSING, State.DECLINED}),
    State.CLOSING: frozenset({State.CLOSED, State.PLAN_ACTIVE}),
    State.CLOSED: frozenset({State.AWAITING_CONTACT}),
    State.UNABLE_TO_CONTACT: frozenset({State.IN_CONTACT, State.CLOSED, State.AWAITING_CONTACT}),
    State.DECLINED: frozenset({State.CLOSED, State.AWAITING_CONTACT}),
}


@dataclass(frozen=True)
class CaseFacts:
    """What a move's conditions look at."""

    contact_attempts: int = 0
    successful_contacts: int = 0
    letter_sent: bool = False
    plan_items: int = 0
    open_plan_items: int = 0
    closure_reason: str = ""
    reopen_reason: str = ""
    attempts_before_unable: int = 3


class MoveRefused(Exception):
    """A move the lifecycle does not allow, with a message that says what to do instead."""


def check_move(current: State, target: State, facts: CaseFacts) -> None:
    """Raise MoveRefused, in plain words, unless the case may move from `current` to `target`."""
    if target == current:
        raise MoveRefused(f"The case is already {LABELS[current].lower()}")
    if target not in ALLOWED[current]:
        allowed = ", ".join(sorted(LABELS[s].lower() for s in ALLOWED[current]))
        raise MoveRefused(
            f"A case that is {LABELS[current].lower()} cannot move to "
            f"{LABELS[target].lower()}. It can move to: {allowed}"
        )
    if target == State.IN_CONTACT and facts.successful_contacts == 0:
        raise MoveRefused("Record a contact where you spoke to the victim first")
    if target == State.UNABLE_TO_CONTACT:
        if facts.contact_attempts < facts.attempts_before_unable:
            raise MoveRefused(
                f"Make at least {facts.attempts_before_unable} contact attempts first "
                f"({facts.contact_attempts} so far)"
            )
        if not facts.letter_sent:
            raise MoveRefused("Send a letter before marking the victim unable to contact")
    if target == State.PLAN_ACTIVE and facts.plan_items == 0:
        raise MoveRefused("Add at least one action to the support plan first")
    if target == State.CLOSING and facts.open_plan_items:
        raise MoveRefused(
            f"Finish the support plan first: {facts.open_plan_items} action(s) are still open "
            "(mark them done or not needed)"
        )
    if target == State.CLOSED and current == State.CLOSING and not facts.closure_reason:
        raise MoveRefused("Record the outcome and a closure reason first")
    if target == State.CLOSED and current != State.CLOSING and not facts.closure_reason:
        raise MoveRefused("Give a closure reason")
    if current in ENDED and target == State.AWAITING_CONTACT and not facts.reopen_reason:
        raise MoveRefused("Give a reason for reopening the case")
