"""How a warning may reach a victim: the pure rule, on every kind of contact rule."""

from __future__ import annotations

import pytest

from fraudhub.prevention.warning_rules import DECLINED, NO_ADDRESS, RULES_FORBID, reach
from fraudhub.reports.models import Person

Rule = Person.ContactRule


def _reach(**overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "rules": {Rule.DIRECT},
        "consent_to_contact": True,
        "preference": "",
        "chosen": "email",
        "has_email": True,
        "has_postal_address": True,
    }
    values.update(overrides)
    return reach(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("rule", [Rule.VIA_CARER, Rule.VIA_REPORTER])
def test_a_victim_contacted_only_through_someone_else_is_never_warned(rule: str) -> None:
    found = _reach(rules={Rule.DIRECT, rule})
    assert (found.method, found.not_sent_because) == ("", RULES_FORBID)


def test_do_not_phone_does_not_stop_a_letter_or_an_email() -> None:
    assert _reach(rules={Rule.NO_PHONE}).method == "email"
    assert _reach(rules={Rule.NO_PHONE}, chosen="letter").method == "letter"


def test_a_victim_who_said_no_to_contact_is_not_warned() -> None:
    assert _reach(consent_to_contact=False).not_sent_because == DECLINED
    assert _reach(consent_to_contact=None).method == "email"  # not asked yet


def test_the_victims_own_preference_comes_before_the_chosen_channel() -> None:
    assert _reach(preference="letter", chosen="email").method == "letter"
    assert _reach(preference="phone", chosen="email").method == "email"


def test_without_an_email_address_the_warning_is_a_letter() -> None:
    assert _reach(has_email=False).method == "letter"
    assert _reach(has_email=False, has_postal_address=False).not_sent_because == NO_ADDRESS
