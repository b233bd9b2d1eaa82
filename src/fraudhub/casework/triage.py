"""Triage: how soon a victim must be contacted, and why. Pure rules of plain data, so each
rule and its boundaries test in microseconds; administrators change the figures through
`TriageSettings` (see models.py), not this code."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .calendar import add_working_days

INDICATOR_LABELS: dict[str, str] = {
    "lives_alone": "lives alone",
    "cognitive": "cognitive impairment or dementia",
    "bereavement": "recent bereavement",
    "disability": "disability",
    "mental_health": "mental ill health",
    "isolation": "social isolation",
    "language": "language barrier",
}


@dataclass(frozen=True)
class TriageRules:
    """The figures the rules use; the defaults are the fraud hub's agreed ones."""

    loss_threshold: Decimal = Decimal("10000")
    older_age: int = 70
    repeat_window_months: int = 12
    days_level_1: int = 1
    days_level_2: int = 3
    days_level_3: int = 5
    indicators: frozenset[str] = frozenset(INDICATOR_LABELS)


@dataclass(frozen=True)
class TriageFacts:
    """What is known about one victim when they are triaged."""

    received: date
    still_in_contact: bool | None = None
    # Asked, and not sure: counts as possibly still in touch.
    in_contact_not_sure: bool = False
    money_to_safe_account: bool = False
    money_to_courier: bool = False
    safeguarding_concern: bool = False
    amount_lost: Decimal | None = None
    lost_money: bool | None = None
    age: int | None = None
    vulnerability_indicators: tuple[str, ...] = ()
    other_report_dates: tuple[date, ...] = ()
    on_seized_list: bool = False
    # What other reports share the scammer's identifiers, in words: shown with the reasons,
    # never changing the level on its own.
    known_identifiers: tuple[str, ...] = ()
    # The day triage runs: contact is never due later than the rules allow from it, even
    # when a stored received date is wrong (in 2099, say).
    today: date | None = None


@dataclass(frozen=True)
class TriageResult:
    level: int
    due: date
    reasons: tuple[str, ...]
    age_known: bool = True
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {"level": self.level, "due": self.due.isoformat(), "reasons": list(self.reasons)}


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the last day of that month when it is shorter
    (the first day there is, for a day in the first months of year 1)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    if year < date.min.year:
        return date.min
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}"


def evaluate(facts: TriageFacts, rules: TriageRules = TriageRules()) -> TriageResult:
    """The level (1 is most urgent), the first-contact due date in working days, and every
    reason that applies, in plain words."""
    level_1: list[str] = []
    level_2: list[str] = []
    if facts.still_in_contact:
        level_1.append("The scammer is still in contact or still asking for money")
    elif facts.in_contact_not_sure:
        level_1.append(
            "Not sure whether the scammer is still in contact: treated as possibly in contact"
        )
    if facts.money_to_safe_account:
        level_1.append("Money moved to a 'safe account' the scammer gave")
    if facts.money_to_courier:
        level_1.append("Money or cards handed to a courier")
    if facts.safeguarding_concern:
        level_1.append("A safeguarding concern is recorded")
    if facts.amount_lost is not None and facts.amount_lost >= rules.loss_threshold:
        level_1.append(f"Lost {_money(facts.amount_lost)}, at least {_money(rules.loss_threshold)}")
    window_start = months_before(facts.received, rules.repeat_window_months)
    earlier = sorted(d for d in facts.other_report_dates if window_start <= d <= facts.received)
    if earlier:
        level_1.append(
            f"Also a victim in another report in the previous {rules.repeat_window_months} "
            f"months ({earlier[-1].day} {earlier[-1]:%B %Y})"
        )
    if facts.on_seized_list:
        level_1.append("On a seized scammers' target list")
    notes: list[str] = list(facts.known_identifiers)
    if facts.age is None:
        notes.append("Age not known: ask at first contact")
    elif facts.age >= rules.older_age:
        level_2.append(f"Aged {facts.age}, {rules.older_age} or older")
    indicators = [i for i in facts.vulnerability_indicators if i in rules.indicators]
    if indicators:
        names = ", ".join(INDICATOR_LABELS.get(i, i.replace("_", " ")) for i in indicators)
        level_2.append(f"Vulnerability recorded: {names}")
    lost_something = (facts.amount_lost is not None and facts.amount_lost > 0) or bool(
        facts.lost_money
    )
    if lost_something and not any(r.startswith("Lost ") for r in level_1):
        shown = f" ({_money(facts.amount_lost)})" if facts.amount_lost else ""
        level_2.append(f"Lost money{shown}")
    if level_1:
        level, days, reasons = 1, rules.days_level_1, level_1 + level_2
    elif level_2:
        level, days, reasons = 2, rules.days_level_2, level_2
    else:
        level, days, reasons = 3, rules.days_level_3, ["No urgent need found: advice"]
    start = min(facts.received, facts.today) if facts.today else facts.received
    return TriageResult(
        level=level,
        due=add_working_days(start, days),
        reasons=tuple(reasons + notes),
        age_known=facts.age is not None,
        notes=tuple(notes),
    )


def possibly_in_contact(facts: TriageFacts) -> bool:
    """The scammer is, or may be, still in touch: the victim must not be phoned."""
    return bool(facts.still_in_contact) or facts.in_contact_not_sure


# How staff may contact a victim, in the queue's words, by the contact rules intake
# recorded (Person.ContactRule's values); the first that applies is shown.
_CONTACT_RULE_WORDS: tuple[tuple[str, str], ...] = (
    ("via_carer", "Only through their carer or attorney"),
    ("via_reporter", "Only through the person who reported it"),
    ("no_phone", "Do not call: scammer may be in touch – write or visit"),
)


def contact_rule_words(rules: Iterable[str]) -> list[str]:
    """Every rule that limits how the victim may be contacted, most limiting first;
    "Contact directly" when none does."""
    given = set(rules)
    words = [text for rule, text in _CONTACT_RULE_WORDS if rule in given]
    return words or ["Contact directly"]


_SAFE_ACCOUNT = re.compile(r"\bsafe(ty)?[- ]?accounts?\b", re.IGNORECASE)


@dataclass(frozen=True)
class MoneyMoved:
    """How a report says money went: the payment method chosen, the kind of scam and the
    description, as stored."""

    payment_method: str = ""
    scam_type: str = ""
    narrative: str = ""
    lost_money: bool | None = None


def to_safe_account(money: MoneyMoved) -> bool:
    """Money moved to a "safe account": chosen as how it was paid, or named in the
    description of a report where money was lost."""
    return money.payment_method == "safe_account" or (
        bool(money.lost_money) and bool(_SAFE_ACCOUNT.search(money.narrative or ""))
    )


def to_courier(money: MoneyMoved) -> bool:
    """Money or cards handed to a courier: chosen as how it was paid, or a courier scam
    where money was lost. The word "courier" in a description is not enough: fake parcel
    texts name couriers too."""
    return money.payment_method == "courier" or (
        bool(money.lost_money) and money.scam_type == "courier"
    )


_SUGGESTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (slug, re.compile(pattern, re.IGNORECASE))
    for slug, pattern in (
        ("lives_alone", r"\blives? (on (her|his|their) own|alone|by (her|him|them)sel(f|ves))\b"),
        ("cognitive", r"\b(dementia|alzheimer|memory (loss|problems?)|confus(ed|ion)|cognitive)"),
        ("bereavement", r"\b(bereave|widow|recently lost (her|his|their)|passed away|died)"),
        ("disability", r"\b(disab|wheelchair|blind|deaf|hearing impair|sight loss|mobility)"),
        ("mental_health", r"\b(depress|anxi|mental health|suicid|self[- ]harm)"),
        ("isolation", r"\b(isolat|lonel|no family|few visitors|housebound)"),
        ("language", r"\b(interpreter|english is (not|a second)|language barrier|limited english)"),
    )
)
_SAFEGUARDING = re.compile(r"\b(safeguard|at risk of harm|financial abuse|coerc)", re.IGNORECASE)


def suggest_indicators(notes: str) -> list[str]:
    """Indicators that free-text notes suggest; a person confirms them before they count."""
    return [slug for slug, pattern in _SUGGESTIONS if pattern.search(notes or "")]


def suggests_safeguarding(notes: str) -> bool:
    return bool(_SAFEGUARDING.search(notes or ""))
