"""What a reporter typed to prove a report is theirs, read every way it could be meant:
an email address, a postcode, a date of birth or a phone number, typed any way. Pure:
text in, plain data out. A date that reads two ways ("01/02/03") is not read as a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fraudhub.reports import normalise


@dataclass(frozen=True)
class Proof:
    email: str = ""
    postcode: str = ""
    date_of_birth: date | None = None
    phone: str = ""  # E.164

    @property
    def empty(self) -> bool:
        return not (self.email or self.postcode or self.date_of_birth or self.phone)


def read_proof(typed: str, *, today: date | None = None) -> Proof:
    """Each reading of the typed detail the hub can match exactly, normalised as intake
    normalises what people give with a report."""
    text = typed.strip()
    if not text:
        return Proof()
    if "@" in text:
        return Proof(email=normalise.email(text).value or "")
    postcode = normalise.postcode(text)
    born = normalise.uk_date(text, today=today)
    phone = normalise.phone(text)
    digits = sum(ch.isdigit() for ch in text)
    return Proof(
        postcode=postcode.value or "",
        date_of_birth=normalise.to_date(born) if born.ok else None,
        # A full number only: a short code or a date's digits are never a phone.
        phone=phone.value
        if phone.value and digits >= 10 and "short number" not in phone.issues
        else "",
    )
