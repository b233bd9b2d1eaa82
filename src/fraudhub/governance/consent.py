"""The rule for sharing a victim's details with another organisation: referring them, or
their contact details in an export. Pure, on plain values; reports.consent.may_share_contact
applies it to a report, reading the victim's own answer (reports.consent.victim_consent), and
casework's referrals and the exports ask that."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sharing:
    allowed: bool
    reason: str = ""  # why not, in plain words; empty when allowed


def may_share(answer: bool | None, *, name: str, back_to_sender: bool = False) -> Sharing:
    """Only the victim's yes allows sharing; a no, or no answer yet, refuses it, saying why.
    Sending a report back to the organisation that sent it in shares nothing new."""
    if answer is True or back_to_sender:
        return Sharing(True)
    who = name or "The victim"
    if answer is False:
        return Sharing(
            False,
            f"{who} said no to sharing their details with partner organisations, so they "
            "cannot be referred and their contact details are not shared.",
        )
    return Sharing(
        False,
        f"{who} has not been asked whether their details may be shared with partner "
        "organisations. Record their answer on the case (Record the victim's consent) "
        "first: until they agree, they cannot be referred and their contact details are "
        "not shared.",
    )
