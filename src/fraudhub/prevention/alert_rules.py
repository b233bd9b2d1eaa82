"""The rules of a scam alert's life, as pure functions of plain values: which step may
follow which, who may approve (never the person who drafted it), and what a text needs
(English always; Welsh all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    """Alert.Status's values, so the rules need no model."""

    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Step(StrEnum):
    """What can be done to an alert; each is an audit entry's `step`."""

    DRAFT = "drafted"
    CHANGE = "changed"
    SUBMIT = "submitted"
    SEND_BACK = "sent_back"
    APPROVE = "approved"
    WITHDRAW = "withdrawn"


# the status an alert must be in for the step, and the status it is in after it
MOVES: dict[Step, tuple[Status, Status]] = {
    Step.CHANGE: (Status.DRAFT, Status.DRAFT),
    Step.SUBMIT: (Status.DRAFT, Status.AWAITING_APPROVAL),
    Step.SEND_BACK: (Status.AWAITING_APPROVAL, Status.DRAFT),
    Step.APPROVE: (Status.AWAITING_APPROVAL, Status.PUBLISHED),
    Step.WITHDRAW: (Status.PUBLISHED, Status.WITHDRAWN),
}

STEP_LABELS: dict[str, str] = {
    Step.DRAFT: "Drafted",
    Step.CHANGE: "Changed",
    Step.SUBMIT: "Sent for approval",
    Step.SEND_BACK: "Sent back",
    Step.APPROVE: "Approved and published",
    Step.WITHDRAW: "Withdrawn",
}

WRONG_STATUS: dict[Step, str] = {
    Step.CHANGE: "Only a draft can be changed: send it back first",
    Step.SUBMIT: "Only a draft can be sent for approval",
    Step.SEND_BACK: "Only an alert waiting for approval can be sent back",
    Step.APPROVE: "Only an alert waiting for approval can be approved",
    Step.WITHDRAW: "Only a published alert can be withdrawn",
}

OWN_ALERT = (
    "You drafted this alert, so you cannot approve it: someone else must check it before "
    "it is published"
)
NOT_DRAFTER = "Only the person who drafted this alert can change it or send it for approval"
WELSH_ALL_OR_NONE = (
    "Enter all four parts of the Welsh version (title, what it looks like, how to spot it "
    "and what to do), or leave them all empty"
)


def refusal(*, step: Step, status: str, actor_id: int | None, drafter_id: int | None) -> str | None:
    """Why `actor_id` may not take `step` on an alert in `status` drafted by `drafter_id`,
    or None if they may. Four eyes: the drafter never approves; only the drafter changes
    or submits, so what is approved is exactly what someone else wrote."""
    before, _ = MOVES[step]
    if status != before:
        return WRONG_STATUS[step]
    if step == Step.APPROVE and (actor_id is None or actor_id == drafter_id):
        return OWN_ALERT
    if step in (Step.CHANGE, Step.SUBMIT) and (actor_id is None or actor_id != drafter_id):
        return NOT_DRAFTER
    return None


def after(step: Step) -> Status:
    """The status an alert is in once `step` is taken."""
    return MOVES[step][1]


@dataclass(frozen=True)
class Text:
    """An alert's words in one language."""

    title: str
    looks_like: str
    how_to_spot: str
    what_to_do: str

    @property
    def parts(self) -> tuple[str, str, str, str]:
        return (self.title, self.looks_like, self.how_to_spot, self.what_to_do)

    @property
    def complete(self) -> bool:
        return all(part.strip() for part in self.parts)

    @property
    def empty(self) -> bool:
        return not any(part.strip() for part in self.parts)


# The longest title and section a poster has room for on one A4 sheet.
TITLE_LIMIT = 150
SECTION_LIMIT = 1000


def text_problems(*, english: Text, welsh: Text) -> list[str]:
    """What is wrong with an alert's texts: English must be whole; Welsh whole or absent;
    neither longer than a poster has room for."""
    problems = []
    for text in (english, welsh):
        if len(text.title) > TITLE_LIMIT or any(len(p) > SECTION_LIMIT for p in text.parts[1:]):
            problems.append(
                f"Keep the title to {TITLE_LIMIT} characters and each section to "
                f"{SECTION_LIMIT}, so the alert fits on one poster"
            )
            break
    if not english.complete:
        problems.append(
            "Enter the title, what it looks like, how to spot it and what to do, in English"
        )
    if not (welsh.complete or welsh.empty):
        problems.append(WELSH_ALL_OR_NONE)
    return problems


def targeting_problems(
    *,
    whole_county: bool,
    councils: list[str],
    audiences: list[str],
    known_councils: tuple[str, ...],
    known_audiences: tuple[str, ...],
) -> list[str]:
    """What is wrong with who an alert is for: some councils when not the whole county,
    at least one audience, and only names the county has."""
    problems = []
    if not whole_county and not councils:
        problems.append("Select the district councils the alert is for, or the whole county")
    if any(c not in known_councils for c in councils):
        problems.append("Select district councils from the list")
    if not audiences:
        problems.append("Select who the alert is for")
    if any(a not in known_audiences for a in audiences):
        problems.append("Select audiences from the list")
    return problems
