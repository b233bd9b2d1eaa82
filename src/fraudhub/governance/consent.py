"""Whether a victim's details may go to a partner: referring them, or their contact details
in an export. One rule, used by casework's referrals and by exports, so it changes in one
place (for example to read the victim's own answer where someone else reported for them).

Governance knows no feature, so it reads records through the small protocols below."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class Victim(Protocol):
    consent_to_share: bool | None

    @property
    def full_name(self) -> str: ...


class Sharable(Protocol):
    """A report: its victim, and the organisation that sent it in (if any)."""

    source_organisation_id: int | None

    @property
    def victim(self) -> Victim | None: ...


@dataclass(frozen=True)
class Sharing:
    allowed: bool
    reason: str = ""  # why not, in plain words; empty when allowed


def victims_answer(victim: Victim) -> bool | None:
    """The victim's answer to "may we share your details with partners?": yes, no, or not
    asked. The only place the stored answer is read."""
    return victim.consent_to_share


def decide(answer: bool | None, name: str) -> Sharing:
    """The rule: only a yes allows sharing; a no, or no answer, refuses it, saying why."""
    who = name or "The victim"
    if answer is True:
        return Sharing(True)
    if answer is False:
        return Sharing(
            False,
            f"{who} said no to sharing their details with partner organisations, so they "
            "cannot be referred and their contact details are not shared.",
        )
    return Sharing(
        False,
        f"{who} has not been asked whether their details may be shared with partner "
        "organisations. Ask them first: until they agree, they cannot be referred and their "
        "contact details are not shared.",
    )


def may_share_contact(report: Sharable, *, to_organisation_id: int | None = None) -> Sharing:
    """Whether the victim of `report` may be referred to, or have their contact details
    sent to, the organisation `to_organisation_id`. Sending a report back to the
    organisation that sent it in shares nothing new."""
    victim = report.victim
    if victim is None:
        return Sharing(True)
    if to_organisation_id is not None and to_organisation_id == report.source_organisation_id:
        return Sharing(True)
    return decide(victims_answer(victim), victim.full_name)
