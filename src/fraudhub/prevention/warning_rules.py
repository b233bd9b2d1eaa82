"""How a warning may reach one victim: a pure rule of their contact rules, their answer on
being contacted, their own preference, the channel the case manager chose and the
addresses on record. Plain values in and out, no database."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from fraudhub.reports.models import Person

EMAIL, LETTER = "email", "letter"
RULES_FORBID = "their contact rules forbid it"
DECLINED = "they said they do not want to be contacted"
NO_ADDRESS = "there is no email or postal address for them"
# Rules under which the victim is contacted only through someone else: a warning is not
# written to them directly.
THROUGH_SOMEONE_ELSE: frozenset[str] = frozenset(
    {Person.ContactRule.VIA_REPORTER, Person.ContactRule.VIA_CARER}
)


@dataclass(frozen=True)
class Reach:
    """The channel a warning goes by ("email" or "letter"), or "" and why it is not sent."""

    method: str
    not_sent_because: str = ""

    @property
    def sent(self) -> bool:
        return bool(self.method)


def reach(
    *,
    rules: Collection[str],
    consent_to_contact: bool | None,
    preference: str,
    chosen: str,
    has_email: bool,
    has_postal_address: bool,
) -> Reach:
    """The victim's own preference (email or letter) first, then the chosen channel, then
    the other; never to a victim whose rules or answer forbid it. "Do not phone" does
    not stop a letter or an email."""
    if THROUGH_SOMEONE_ELSE.intersection(rules):
        return Reach("", RULES_FORBID)
    if consent_to_contact is False:
        return Reach("", DECLINED)
    order = [chosen, LETTER if chosen == EMAIL else EMAIL]
    if preference in (EMAIL, LETTER):
        order = [preference, *(m for m in order if m != preference)]
    possible = {EMAIL: has_email, LETTER: has_postal_address}
    for method in order:
        if possible[method]:
            return Reach(method)
    return Reach("", NO_ADDRESS)
