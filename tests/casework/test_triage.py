"""Triage rules, each at its boundary: the level, the first-contact due date in working days
and the reasons, in plain words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.casework.calendar import add_working_days, is_working_day
from fraudhub.casework.triage import (
    INDICATOR_LABELS,
    MoneyMoved,
    TriageFacts,
    TriageRules,
    contact_rule_words,
    evaluate,
    months_before,
    possibly_in_contact,
    suggest_indicators,
    suggests_safeguarding,
    to_courier,
    to_safe_account,
)

MONDAY = date(2026, 3, 9)
NOTHING = TriageFacts(received=MONDAY, age=40, lost_money=False)


def level(**changes: object) -> int:
    return evaluate(replace(NOTHING, **changes)).level  # type: ignore[arg-type]


# --- level 3 -----------------------------------------------------------------------------


def test_nothing_urgent_is_level_3_advice_within_5_working_days() -> None:
    result = evaluate(NOTHING)
    assert result.level == 3
    assert result.due == date(2026, 3, 16)
    assert result.reasons == ("No urgent need found: advice",)


# --- level 1 -----------------------------------------------------------------------------


def test_scammer_still_in_contact_is_level_1() -> None:
    result = evaluate(replace(NOTHING, still_in_contact=True))
    assert result.level == 1
    assert result.due == date(2026, 3, 10)
    assert "The scammer is still in contact or still asking for money" in result.reasons


@pytest.mark.parametrize("still", [False, None])
def test_not_or_not_known_still_in_contact_is_not_level_1(still: bool | None) -> None:
    assert level(still_in_contact=still) == 3


def test_safeguarding_concern_is_level_1() -> None:
    result = evaluate(replace(NOTHING, safeguarding_concern=True))
    assert result.level == 1
    assert "A safeguarding concern is recorded" in result.reasons


def test_loss_of_10000_is_level_1_and_9999_99_is_level_2() -> None:
    at = evaluate(replace(NOTHING, amount_lost=Decimal("10000.00"), lost_money=True))
    below = evaluate(replace(NOTHING, amount_lost=Decimal("9999.99"), lost_money=True))
    assert at.level == 1
    assert "Lost £10,000.00, at least £10,000.00" in at.reasons
    assert not any(r.startswith("Lost money") for r in at.reasons)  # said once, not twice
    assert below.level == 2
    assert below.reasons == ("Lost money (£9,999.99)",)


def test_seized_target_list_is_level_1() -> None:
    assert level(on_seized_list=True) == 1


def test_every_level_1_reason_is_given_together_with_level_2_ones() -> None:
    result = evaluate(
        replace(
            NOTHING,
            still_in_contact=True,
            safeguarding_concern=True,
            amount_lost=Decimal("20000"),
            age=82,
            vulnerability_indicators=("lives_alone",),
        )
    )
    assert result.level == 1
    assert result.reasons == (
        "The scammer is still in contact or still asking for money",
        "A safeguarding concern is recorded",
        "Lost £20,000.00, at least £10,000.00",
        "Aged 82, 70 or older",
        "Vulnerability recorded: lives alone",
    )


# --- possibly in touch, safe accounts and couriers -------------------------------------

NOT_SURE = "Not sure whether the scammer is still in contact: treated as possibly in contact"
SAFE_ACCOUNT = "Money moved to a 'safe account' the scammer gave"
COURIER = "Money or cards handed to a courier"


def test_not_sure_whether_the_scammer_is_in_touch_is_level_1_saying_so() -> None:
    result = evaluate(replace(NOTHING, in_contact_not_sure=True))
    assert result.level == 1
    assert result.due == date(2026, 3, 10)
    assert result.reasons == (NOT_SURE,)


def test_in_touch_and_not_sure_together_give_the_stronger_reason_only() -> None:
    result = evaluate(replace(NOTHING, still_in_contact=True, in_contact_not_sure=True))
    assert result.reasons == ("The scammer is still in contact or still asking for money",)


def test_money_moved_to_a_safe_account_is_level_1() -> None:
    result = evaluate(replace(NOTHING, money_to_safe_account=True, amount_lost=Decimal("50")))
    assert result.level == 1
    assert result.reasons == (SAFE_ACCOUNT, "Lost money (£50.00)")


def test_money_handed_to_a_courier_is_level_1() -> None:
    result = evaluate(replace(NOTHING, money_to_courier=True, lost_money=True))
    assert result.level == 1
    assert result.reasons == (COURIER, "Lost money")


def test_the_issues_79_year_old_with_a_safe_account_and_not_sure_is_level_1_with_both() -> None:
    """A 79-year-old who moved £4,000 to a "safe account", unsure whether the scammer is
    still in touch, was level 2; it is level 1 with both reasons, first."""
    result = evaluate(
        replace(
            NOTHING,
            age=79,
            amount_lost=Decimal("4000"),
            lost_money=True,
            in_contact_not_sure=True,
            money_to_safe_account=True,
        )
    )
    assert result.level == 1
    assert result.reasons == (
        NOT_SURE,
        SAFE_ACCOUNT,
        "Aged 79, 70 or older",
        "Lost money (£4,000.00)",
    )


@pytest.mark.parametrize(
    ("money", "safe", "courier"),
    [
        (MoneyMoved(payment_method="safe_account", lost_money=True), True, False),
        (MoneyMoved(payment_method="courier", lost_money=True), False, True),
        (MoneyMoved(payment_method="bank_transfer", lost_money=True), False, False),
        (MoneyMoved(scam_type="courier", lost_money=True), False, True),
        (MoneyMoved(scam_type="courier", lost_money=False), False, False),
        (
            MoneyMoved(narrative="He told me to move it to a safe account", lost_money=True),
            True,
            False,
        ),
        (
            MoneyMoved(narrative="They wanted me to use a Safe-Account.", lost_money=True),
            True,
            False,
        ),
        (MoneyMoved(narrative="asked me to move it to a safe account, I refused"), False, False),
        (
            MoneyMoved(
                scam_type="parcel_delivery", narrative="A text from a courier", lost_money=True
            ),
            False,
            False,
        ),
        (MoneyMoved(narrative="my safe accounting software", lost_money=True), False, False),
    ],
)
def test_how_the_money_went_is_read_from_the_payment_method_scam_type_and_description(
    money: MoneyMoved, safe: bool, courier: bool
) -> None:
    assert (to_safe_account(money), to_courier(money)) == (safe, courier)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (NOTHING, False),
        (replace(NOTHING, still_in_contact=False), False),
        (replace(NOTHING, still_in_contact=True), True),
        (replace(NOTHING, in_contact_not_sure=True), True),
    ],
)
def test_possibly_in_contact_means_in_touch_or_not_sure(facts: TriageFacts, expected: bool) -> None:
    assert possibly_in_contact(facts) is expected


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ([], ["Contact directly"]),
        (["direct"], ["Contact directly"]),
        (["no_phone"], ["Do not call: scammer may be in touch – write or visit"]),
        (
            ["direct", "no_phone", "via_carer"],
            [
                "Only through their carer or attorney",
                "Do not call: scammer may be in touch – write or visit",
            ],
        ),
        (["via_reporter"], ["Only through the person who reported it"]),
    ],
)
def test_the_contact_rule_is_said_most_limiting_first(rules: list[str], words: list[str]) -> None:
    assert contact_rule_words(rules) == words


# --- repeat victims ----------------------------------------------------------------------


def test_another_report_exactly_12_months_earlier_is_level_1_and_a_day_more_is_not() -> None:
    received = date(2026, 3, 10)
    exactly = evaluate(replace(NOTHING, received=received, other_report_dates=(date(2025, 3, 10),)))
    assert exactly.level == 1
    assert exactly.reasons == (
        "Also a victim in another report in the previous 12 months (10 March 2025)",
    )
    assert level(received=received, other_report_dates=(date(2025, 3, 9),)) == 3


def test_repeat_window_from_29_february_starts_on_28_february() -> None:
    received = date(2028, 2, 29)
    assert months_before(received, 12) == date(2027, 2, 28)
    assert level(received=received, other_report_dates=(date(2027, 2, 28),)) == 1
    assert level(received=received, other_report_dates=(date(2027, 2, 27),)) == 3


def test_repeat_window_to_a_leap_year_includes_29_february() -> None:
    assert months_before(date(2025, 2, 28), 12) == date(2024, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert level(received=date(2025, 2, 28), other_report_dates=(date(2024, 2, 29),)) == 1


def test_a_later_report_does_not_make_an_earlier_one_a_repeat() -> None:
    assert level(other_report_dates=(MONDAY + timedelta(days=1),)) == 3


def test_the_most_recent_earlier_report_is_named() -> None:
    result = evaluate(
        replace(NOTHING, other_report_dates=(date(2025, 6, 1), date(2026, 1, 5), date(2024, 1, 1)))
    )
    assert result.reasons == (
        "Also a victim in another report in the previous 12 months (5 January 2026)",
    )


# --- level 2 -----------------------------------------------------------------------------


def test_age_70_is_level_2_and_69_is_not() -> None:
    at = evaluate(replace(NOTHING, age=70))
    assert at.level == 2
    assert at.due == date(2026, 3, 12)
    assert at.reasons == ("Aged 70, 70 or older",)
    assert level(age=69) == 3


def test_unknown_age_is_noted_and_never_treated_as_70_or_older() -> None:
    result = evaluate(replace(NOTHING, age=None))
    assert result.level == 3
    assert not result.age_known
    assert result.notes == ("Age not known: ask at first contact",)
    assert "Age not known: ask at first contact" in result.reasons
    assert not any(r.startswith("Aged") for r in result.reasons)


def test_known_age_has_no_note() -> None:
    result = evaluate(replace(NOTHING, age=90))
    assert result.age_known and result.notes == ()


@pytest.mark.parametrize("indicator", sorted(INDICATOR_LABELS))
def test_each_vulnerability_indicator_is_level_2(indicator: str) -> None:
    result = evaluate(replace(NOTHING, vulnerability_indicators=(indicator,)))
    assert result.level == 2
    assert result.reasons == (f"Vulnerability recorded: {INDICATOR_LABELS[indicator]}",)


def test_the_issue_lists_the_seven_indicators() -> None:
    assert set(INDICATOR_LABELS) == {
        "lives_alone",
        "cognitive",
        "bereavement",
        "disability",
        "mental_health",
        "isolation",
        "language",
    }


def test_an_unknown_indicator_is_ignored() -> None:
    assert level(vulnerability_indicators=("likes_gardening",)) == 3
    result = evaluate(replace(NOTHING, vulnerability_indicators=("likes_gardening", "cognitive")))
    assert result.reasons == ("Vulnerability recorded: cognitive impairment or dementia",)


def test_any_money_lost_is_level_2() -> None:
    assert level(amount_lost=Decimal("0.01")) == 2
    assert evaluate(replace(NOTHING, amount_lost=Decimal("0.01"))).reasons == (
        "Lost money (£0.01)",
    )


def test_money_lost_with_no_amount_is_level_2() -> None:
    result = evaluate(replace(NOTHING, lost_money=True, amount_lost=None))
    assert result.level == 2
    assert result.reasons == ("Lost money",)


def test_no_money_lost_is_not_level_2() -> None:
    assert level(amount_lost=Decimal("0"), lost_money=False) == 3
    assert level(amount_lost=None, lost_money=None) == 3


# --- due dates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "due"),
    [
        ({"still_in_contact": True}, date(2026, 3, 10)),  # 1 working day
        ({"age": 75}, date(2026, 3, 12)),  # 3 working days
        ({}, date(2026, 3, 16)),  # 5 working days
    ],
)
def test_due_dates_are_1_3_and_5_working_days(changes: dict[str, object], due: date) -> None:
    assert evaluate(replace(NOTHING, **changes)).due == due  # type: ignore[arg-type]


def test_level_1_received_on_friday_is_due_on_monday() -> None:
    result = evaluate(replace(NOTHING, received=date(2026, 3, 13), still_in_contact=True))
    assert result.due == date(2026, 3, 16)


def test_level_1_received_on_saturday_is_due_on_monday() -> None:
    result = evaluate(replace(NOTHING, received=date(2026, 3, 14), still_in_contact=True))
    assert result.due == date(2026, 3, 16)


def test_due_dates_skip_good_friday_and_easter_monday() -> None:
    thursday = date(2026, 4, 2)
    assert evaluate(replace(NOTHING, received=thursday, still_in_contact=True)).due == date(
        2026, 4, 7
    )
    assert evaluate(replace(NOTHING, received=thursday, age=80)).due == date(2026, 4, 9)
    assert evaluate(replace(NOTHING, received=thursday)).due == date(2026, 4, 13)


def test_due_dates_skip_christmas_and_boxing_day_observed() -> None:
    christmas_eve = date(2026, 12, 24)
    assert evaluate(replace(NOTHING, received=christmas_eve, still_in_contact=True)).due == date(
        2026, 12, 29
    )
    assert evaluate(replace(NOTHING, received=christmas_eve, age=80)).due == date(2026, 12, 31)
    # 29, 30, 31 December, then 1 January 2027 is a bank holiday: 4, 5 January.
    assert evaluate(replace(NOTHING, received=christmas_eve)).due == date(2027, 1, 5)


# --- rules an administrator changes ------------------------------------------------------


def test_a_lower_older_age_changes_the_level() -> None:
    facts = replace(NOTHING, age=66)
    assert evaluate(facts).level == 3
    result = evaluate(facts, TriageRules(older_age=65))
    assert result.level == 2
    assert result.reasons == ("Aged 66, 65 or older",)


def test_a_lower_loss_threshold_changes_the_level() -> None:
    facts = replace(NOTHING, amount_lost=Decimal("5000"), lost_money=True)
    assert evaluate(facts).level == 2
    result = evaluate(facts, TriageRules(loss_threshold=Decimal("5000")))
    assert result.level == 1
    assert result.reasons == ("Lost £5,000.00, at least £5,000.00",)


def test_a_shorter_repeat_window_changes_the_level() -> None:
    facts = replace(NOTHING, other_report_dates=(date(2025, 9, 1),))
    assert evaluate(facts).level == 1
    assert evaluate(facts, TriageRules(repeat_window_months=6)).level == 3


def test_different_working_days_change_the_due_date() -> None:
    rules = TriageRules(days_level_1=2, days_level_2=4, days_level_3=10)
    assert evaluate(replace(NOTHING, still_in_contact=True), rules).due == date(2026, 3, 11)
    assert evaluate(replace(NOTHING, age=70), rules).due == date(2026, 3, 13)
    assert evaluate(NOTHING, rules).due == date(2026, 3, 23)


def test_an_indicator_dropped_from_the_rules_no_longer_counts() -> None:
    rules = TriageRules(indicators=frozenset({"cognitive"}))
    assert evaluate(replace(NOTHING, vulnerability_indicators=("lives_alone",)), rules).level == 3


# --- plain words -------------------------------------------------------------------------


def test_reasons_are_plain_words_and_the_result_has_the_command_keys() -> None:
    result = evaluate(
        replace(
            NOTHING,
            age=None,
            amount_lost=Decimal("1234.5"),
            vulnerability_indicators=("mental_health",),
        )
    )
    for reason in result.reasons:
        assert "_" not in reason and reason[0].isupper()
    assert result.as_dict() == {
        "level": 2,
        "due": "2026-03-12",
        "reasons": [
            "Vulnerability recorded: mental ill health",
            "Lost money (£1,234.50)",
            "Age not known: ask at first contact",
        ],
    }


# --- suggestions from free text ----------------------------------------------------------


def test_notes_suggest_indicators_for_a_person_to_confirm() -> None:
    notes = "Lives alone since her husband passed away, early dementia"
    assert suggest_indicators(notes) == ["lives_alone", "cognitive", "bereavement"]


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ("He lives on his own and rarely sees anyone, quite lonely", ["lives_alone", "isolation"]),
        ("Uses a wheelchair; hearing impaired", ["disability"]),
        ("History of depression and anxiety", ["mental_health"]),
        ("Needs an interpreter: English is not her first language", ["language"]),
        ("Widowed last year. Housebound.", ["bereavement", "isolation"]),
        ("Gets confused on the phone, memory problems", ["cognitive"]),
        ("Chatty, well supported by family", []),
        ("", []),
    ],
)
def test_suggested_indicators(notes: str, expected: list[str]) -> None:
    assert suggest_indicators(notes) == expected


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        ("Son is worried: possible financial abuse by a carer", True),
        ("Social worker raised a safeguarding referral last week", True),
        ("She may be being coerced into sending money", True),
        ("Lives alone since her husband passed away, early dementia", False),
        ("", False),
    ],
)
def test_suggests_safeguarding(notes: str, expected: bool) -> None:
    assert suggests_safeguarding(notes) is expected


# --- any facts ---------------------------------------------------------------------------

money = st.one_of(st.none(), st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False))
facts_strategy = st.builds(
    TriageFacts,
    received=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    still_in_contact=st.one_of(st.none(), st.booleans()),
    in_contact_not_sure=st.booleans(),
    money_to_safe_account=st.booleans(),
    money_to_courier=st.booleans(),
    safeguarding_concern=st.booleans(),
    amount_lost=money,
    lost_money=st.one_of(st.none(), st.booleans()),
    age=st.one_of(st.none(), st.integers(min_value=0, max_value=110)),
    vulnerability_indicators=st.lists(
        st.sampled_from([*INDICATOR_LABELS, "unknown_thing"]), max_size=3
    ).map(tuple),
    other_report_dates=st.lists(
        st.dates(min_value=date(2018, 1, 1), max_value=date(2036, 12, 31)), max_size=3
    ).map(tuple),
    on_seized_list=st.booleans(),
)


def _a_year_before(day: date) -> date:
    """The same date a year earlier; 28 February for 29 February."""
    if (day.month, day.day) == (2, 29):
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


@given(facts=facts_strategy)
def test_any_facts_give_a_level_a_working_due_date_and_level_1_only_for_its_conditions(
    facts: TriageFacts,
) -> None:
    result = evaluate(facts)
    assert result.level in {1, 2, 3}
    assert result.due > facts.received
    assert is_working_day(result.due)
    assert result.due == add_working_days(facts.received, {1: 1, 2: 3, 3: 5}[result.level])
    assert result.reasons
    year_before = _a_year_before(facts.received)
    level_1 = (
        bool(facts.still_in_contact)
        or facts.in_contact_not_sure
        or facts.money_to_safe_account
        or facts.money_to_courier
        or facts.safeguarding_concern
        or (facts.amount_lost is not None and facts.amount_lost >= Decimal("10000"))
        or any(year_before <= d <= facts.received for d in facts.other_report_dates)
        or facts.on_seized_list
    )
    level_2 = (
        (facts.age is not None and facts.age >= 70)
        or any(i in INDICATOR_LABELS for i in facts.vulnerability_indicators)
        or bool(facts.amount_lost)
        or bool(facts.lost_money)
    )
    assert (result.level == 1) == level_1
    assert (result.level == 2) == (not level_1 and level_2)
    assert result.age_known == (facts.age is not None)


@given(
    narrative=st.text(max_size=200),
    scam_type=st.sampled_from(["", "courier", "bank_impersonation", "parcel_delivery"]),
    payment_method=st.sampled_from(["", "bank_transfer", "cash", "card", "not_known"]),
    lost_money=st.sampled_from([None, False]),
)
def test_no_description_or_scam_type_is_read_as_money_moved_when_none_was_lost(
    narrative: str, scam_type: str, payment_method: str, lost_money: bool | None
) -> None:
    money = MoneyMoved(payment_method, scam_type, narrative, lost_money)
    assert not to_safe_account(money)
    assert not to_courier(money)
