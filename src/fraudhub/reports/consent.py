"""Whose consent a report holds. Someone reporting for the victim (a daughter, a carer)
answers for themselves; the victim's own consent to contact and to sharing is "not asked
yet" until the hub asks the victim, or someone with lasting power of attorney for them.
Everything that depends on consent asks `victim_consent`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fraudhub.governance.consent import Sharing, may_share

from .models import Person, Report


@dataclass(frozen=True)
class VictimConsent:
    """The victim's own answers (None: not asked yet), who gave them and when."""

    contact: bool | None
    share: bool | None
    answered_by: str = ""  # Person.ConsentBy, or "" when not asked yet
    attorney_name: str = ""
    answered_on: date | None = None

    @property
    def asked(self) -> bool:
        return bool(self.answered_by)

    @property
    def may_contact(self) -> bool:
        return self.contact is True

    @property
    def may_share(self) -> bool:
        return self.share is True

    @property
    def answered_by_label(self) -> str:
        if not self.answered_by:
            return "Not asked yet"
        label = str(dict(Person.ConsentBy.choices).get(self.answered_by, self.answered_by))
        if self.answered_by == Person.ConsentBy.ATTORNEY and self.attorney_name:
            return f"{label}: {self.attorney_name}"
        return label


NOT_ASKED = VictimConsent(contact=None, share=None)


def victim_consent(report: Report) -> VictimConsent:
    """The victim's consent to contact and to sharing. Answers recorded by the hub (from
    the victim or their attorney) hold; else, on a report the victim made themselves (or
    a partner made with them), the answers given with it; else not asked yet."""
    victim = report.victim
    if victim is None:
        return NOT_ASKED
    return consent_of(victim, reported_by_someone_else=report.reported_by_someone_else)


def consent_of(victim: Person, *, reported_by_someone_else: bool) -> VictimConsent:
    """The same, for a victim already in hand (a case's victim)."""
    if victim.consent_answered_by:
        return VictimConsent(
            contact=victim.consent_to_contact,
            share=victim.consent_to_share,
            answered_by=victim.consent_answered_by,
            attorney_name=victim.consent_attorney_name,
            answered_on=victim.consent_answered_on,
        )
    if reported_by_someone_else:
        return NOT_ASKED
    answered = victim.consent_to_contact is not None or victim.consent_to_share is not None
    return VictimConsent(
        contact=victim.consent_to_contact,
        share=victim.consent_to_share,
        answered_by=Person.ConsentBy.VICTIM if answered else "",
        answered_on=victim.report.received_date if answered else None,
    )


def may_share_contact(report: Report, *, to_organisation_id: int | None = None) -> Sharing:
    """Whether the victim of `report` may be referred to, or have their contact details
    sent to, another organisation: governance's rule on the victim's own answer."""
    victim = report.victim
    if victim is None:
        return Sharing(True)
    return may_share(
        victim_consent(report).share,
        name=victim.full_name,
        back_to_sender=to_organisation_id is not None
        and to_organisation_id == report.source_organisation_id,
    )
