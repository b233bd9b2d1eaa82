"""The rules of an alert's life, on plain values: every step against every status, the
four-eyes rule, and what a text needs."""

from __future__ import annotations

import pytest

from fraudhub.prevention import alert_rules
from fraudhub.prevention.alert_rules import MOVES, Status, Step, Text

DRAFTER, OTHER = 1, 2


@pytest.mark.parametrize("step", list(MOVES))
@pytest.mark.parametrize("status", list(Status))
def test_each_step_is_allowed_only_from_its_one_status(step: Step, status: Status) -> None:
    actor = OTHER if step in (Step.APPROVE, Step.SEND_BACK, Step.WITHDRAW) else DRAFTER
    found = alert_rules.refusal(step=step, status=status, actor_id=actor, drafter_id=DRAFTER)
    if status == MOVES[step][0]:
        assert found is None
    else:
        assert found == alert_rules.WRONG_STATUS[step]


def test_the_drafter_can_never_approve_their_own_alert() -> None:
    found = alert_rules.refusal(
        step=Step.APPROVE, status=Status.AWAITING_APPROVAL, actor_id=DRAFTER, drafter_id=DRAFTER
    )
    assert found == alert_rules.OWN_ALERT
    assert "someone else must check it" in found


def test_nobody_signed_in_approves_even_an_alert_whose_drafter_left() -> None:
    found = alert_rules.refusal(
        step=Step.APPROVE, status=Status.AWAITING_APPROVAL, actor_id=None, drafter_id=None
    )
    assert found == alert_rules.OWN_ALERT


@pytest.mark.parametrize("step", [Step.CHANGE, Step.SUBMIT])
def test_only_the_drafter_changes_or_submits_a_draft(step: Step) -> None:
    assert (
        alert_rules.refusal(step=step, status=Status.DRAFT, actor_id=OTHER, drafter_id=DRAFTER)
        == alert_rules.NOT_DRAFTER
    )


def test_welsh_is_all_four_parts_or_none() -> None:
    english = Text("Title", "Looks", "Spot", "Do")
    assert alert_rules.text_problems(english=english, welsh=Text("", "", "", "")) == []
    assert alert_rules.text_problems(english=english, welsh=Text("T", "L", "S", "D")) == []
    assert alert_rules.text_problems(english=english, welsh=Text("Teitl", "", "", "")) == [
        alert_rules.WELSH_ALL_OR_NONE
    ]
    assert "or leave them all empty" in alert_rules.WELSH_ALL_OR_NONE


def test_english_is_required_whole_and_no_part_longer_than_a_poster_holds() -> None:
    empty = Text("", "", "", "")
    assert alert_rules.text_problems(english=Text("Title", "", "Spot", "Do"), welsh=empty)
    long = Text("Title", "x" * (alert_rules.SECTION_LIMIT + 1), "Spot", "Do")
    assert "fits on one poster" in alert_rules.text_problems(english=long, welsh=empty)[0]


def test_an_alert_for_some_councils_names_them_and_every_alert_has_an_audience() -> None:
    check = dict(known_councils=("Watford", "Dacorum"), known_audiences=("everyone",))
    assert not alert_rules.targeting_problems(
        whole_county=True, councils=[], audiences=["everyone"], **check
    )
    assert alert_rules.targeting_problems(
        whole_county=False, councils=[], audiences=["everyone"], **check
    )
    assert alert_rules.targeting_problems(
        whole_county=False, councils=["Narnia"], audiences=["everyone"], **check
    )
    assert alert_rules.targeting_problems(whole_county=True, councils=[], audiences=[], **check)


def test_the_rules_know_every_status_an_alert_can_have() -> None:
    from fraudhub.prevention.models import Alert

    assert {s.value for s in Status} == set(Alert.Status.values)
