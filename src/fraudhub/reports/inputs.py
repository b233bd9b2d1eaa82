"""A report as it arrives from any intake route (web, phone, partner, file), before it is
normalised: the person, identifier and submission types every route fills in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fraudhub.governance.models import Organisation

from .models import Person


@dataclass
class PersonInput:
    """A person as typed: every value is raw text except the choices."""

    role: str = Person.Role.VICTIM
    relationship: str = ""
    title: str = ""
    first_name: str = ""
    last_name: str = ""
    date_of_birth: str = ""
    age: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    contact_preference: str = ""
    contact_rule: str = Person.ContactRule.DIRECT
    contact_rule_notes: str = ""
    vulnerability_indicators: list[str] = field(default_factory=list)
    vulnerability_notes: str = ""
    consent_to_contact: bool | None = None
    consent_to_share: bool | None = None


@dataclass
class IdentifierInput:
    """Something the scammer used, as typed. A bank account has its sort code beside it."""

    kind: str
    value: str
    sort_code: str = ""


@dataclass
class ReportSubmission:
    """A whole report as it arrived, before normalising."""

    source: str
    victim: PersonInput
    reporter: PersonInput | None = None
    received_date: date | None = None
    incident_date: str = ""
    scam_type: str = ""
    contact_method: str = ""
    narrative: str = ""
    still_in_contact: bool | None = None
    # Asked, and the person said they were not sure: triage treats it as possibly in touch.
    still_in_contact_not_sure: bool = False
    lost_money: bool | None = None
    amount_lost: str = ""
    payment_method: str = ""
    amount_recovered: str = ""
    identifiers: list[IdentifierInput] = field(default_factory=list)
    partner_reference: str = ""
    crime_reference: str = ""
    reported_elsewhere: str = ""
    organisation: Organisation | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    field_issues: list[str] = field(default_factory=list)
    source_hash: str = ""
