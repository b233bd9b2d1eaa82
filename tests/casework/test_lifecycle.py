"""The case lifecycle: every move between every pair of states, allowed or refused, and each
condition a move needs, refused in plain words."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from fraudhub.casework.lifecycle import (
    ALLOWED,
    ENDED,
    LABELS,
    OPEN,
    CaseFacts,
    MoveRefused,
    State,
    check_move,
)

# Facts that meet every condition any move has.
READY = CaseFacts(
    contact_attempts=3,
    successful_contacts=1,
    letter_sent=True,
    plan_items=1,
    open_plan_items=0,
    closure_reason="support_complete",
    reopen_reason="She called back asking for help",
    attempts_before_unable=3,
)

ALLOWED_MOVES = sorted((a, b) for a, targets in ALLOWED.items() for b in targets)
REFUSED_MOVES = sorted(
    (a, b) for a, b in itertools.product(State, State) if a != b and b not in ALLOWED[a]
)


def refusal(current: State, target: State, facts: CaseFacts) -> str:
    with pytest.raises(MoveRefused) as refused:
        check_move(current, target, facts)
    return str(refused.value)


def test_the_issue_states_are_all_there() -> None:
    assert {s.value for s in State} == {
        "new",
        "awaiting_contact",
        "in_contact",
        "plan_active",
        "closing",
        "closed",
        "unable_to_contact",
        "declined",
    }
    assert {State.CLOSED, State.UNABLE_TO_CONTACT, State.DECLINED} == ENDED
    assert set(State) == OPEN | ENDED and not OPEN & ENDED


def test_every_pair_of_states_is_either_allowed_or_refused() -> None:
    pairs = {(a, b) for a, b in itertools.product(State, State) if a != b}
    assert set(ALLOWED_MOVES) | set(REFUSED_MOVES) == pairs


@pytest.mark.parametrize(("current", "target"), ALLOWED_MOVES)
def test_allowed_move_passes_when_its_conditions_are_met(current: State, target: State) -> None:
    check_move(current, target, READY)


@pytest.mark.parametrize(("current", "target"), REFUSED_MOVES)
def test_move_not_allowed_is_refused_naming_the_allowed_moves(
    current: State, target: State
) -> None:
    message = refusal(current, target, READY)
    assert message.startswith(
        f"A case that is {LABELS[current].lower()} cannot move to {LABELS[target].lower()}."
    )
    for allowed in ALLOWED[current]:
        assert LABELS[allowed].lower() in message.split("It can move to: ")[1]


@pytest.mark.parametrize("state", list(State))
def test_moving_to_the_same_state_is_refused(state: State) -> None:
    assert refusal(state, state, READY) == f"The case is already {LABELS[state].lower()}"


@pytest.mark.parametrize("current", [s for s in State if State.IN_CONTACT in ALLOWED[s]], ids=str)
def test_in_contact_needs_a_successful_contact(current: State) -> None:
    facts = replace(READY, successful_contacts=0)
    assert refusal(current, State.IN_CONTACT, facts) == (
        "Record a contact where you spoke to the victim first"
    )
    check_move(current, State.IN_CONTACT, replace(facts, successful_contacts=1))


def test_unable_to_contact_needs_the_set_number_of_attempts() -> None:
    facts = replace(READY, contact_attempts=2, attempts_before_unable=3)
    assert refusal(State.AWAITING_CONTACT, State.UNABLE_TO_CONTACT, facts) == (
        "Make at least 3 contact attempts first (2 so far)"
    )
    check_move(State.AWAITING_CONTACT, State.UNABLE_TO_CONTACT, replace(facts, contact_attempts=3))


def test_unable_to_contact_follows_the_configured_number_of_attempts() -> None:
    facts = replace(READY, contact_attempts=4, attempts_before_unable=5)
    assert "at least 5 contact attempts" in refusal(
        State.AWAITING_CONTACT, State.UNABLE_TO_CONTACT, facts
    )
    check_move(
        State.AWAITING_CONTACT,
        State.UNABLE_TO_CONTACT,
        replace(facts, attempts_before_unable=4),
    )


def test_unable_to_contact_needs_a_letter_as_well_as_the_attempts() -> None:
    facts = replace(READY, contact_attempts=10, letter_sent=False)
    assert refusal(State.AWAITING_CONTACT, State.UNABLE_TO_CONTACT, facts) == (
        "Send a letter before marking the victim unable to contact"
    )


@pytest.mark.parametrize("current", [s for s in State if State.PLAN_ACTIVE in ALLOWED[s]], ids=str)
def test_plan_active_needs_a_plan_item(current: State) -> None:
    assert refusal(current, State.PLAN_ACTIVE, replace(READY, plan_items=0, open_plan_items=0)) == (
        "Add at least one action to the support plan first"
    )


@pytest.mark.parametrize("current", [s for s in State if State.CLOSING in ALLOWED[s]], ids=str)
def test_closing_needs_no_open_plan_items(current: State) -> None:
    facts = replace(READY, plan_items=3, open_plan_items=2)
    assert refusal(current, State.CLOSING, facts) == (
        "Finish the support plan first: 2 action(s) are still open (mark them done or not needed)"
    )
    check_move(current, State.CLOSING, replace(facts, open_plan_items=0))


def test_closing_from_in_contact_needs_no_plan_at_all() -> None:
    check_move(State.IN_CONTACT, State.CLOSING, replace(READY, plan_items=0, open_plan_items=0))


def test_closed_from_closing_needs_the_outcome_and_a_closure_reason() -> None:
    assert refusal(State.CLOSING, State.CLOSED, replace(READY, closure_reason="")) == (
        "Record the outcome and a closure reason first"
    )


@pytest.mark.parametrize("current", [State.UNABLE_TO_CONTACT, State.DECLINED], ids=str)
def test_closed_from_an_ended_state_needs_a_closure_reason(current: State) -> None:
    assert refusal(current, State.CLOSED, replace(READY, closure_reason="")) == (
        "Give a closure reason"
    )


@pytest.mark.parametrize("current", sorted(ENDED), ids=str)
def test_reopening_needs_a_reason(current: State) -> None:
    assert State.AWAITING_CONTACT in ALLOWED[current]
    assert refusal(current, State.AWAITING_CONTACT, replace(READY, reopen_reason="")) == (
        "Give a reason for reopening the case"
    )
    check_move(current, State.AWAITING_CONTACT, READY)


def test_awaiting_contact_from_new_needs_no_reason() -> None:
    check_move(State.NEW, State.AWAITING_CONTACT, CaseFacts())


def test_closed_cases_can_only_be_reopened() -> None:
    assert ALLOWED[State.CLOSED] == {State.AWAITING_CONTACT}
