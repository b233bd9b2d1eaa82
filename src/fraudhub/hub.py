"""The fraud hub's own details (name, phone, opening hours, address, email), as an
operator sets them: shown on residents' pages, in the banner, in emails and on letters."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.conf import settings


def address_lines(address: str) -> list[str]:
    """An address a line at a time: a setting separates lines by commas or new lines."""
    return [line.strip() for line in re.split(r"[,\n]", address) if line.strip()]


@dataclass(frozen=True)
class HubDetails:
    name: str
    phone: str
    hours: str
    address: str
    email: str

    @property
    def address_lines(self) -> list[str]:
        return address_lines(self.address)

    @property
    def phone_link(self) -> str:
        """A tel: link for the phone, or "" when it is not a number a phone could dial."""
        try:
            number = phonenumbers.parse(self.phone, "GB")
        except phonenumbers.NumberParseException:
            return ""
        if not phonenumbers.is_possible_number(number):
            return ""
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def signature(self) -> str:
        """How to reach the hub, to end an email or a letter."""
        return "\n".join(
            [
                self.name,
                f"Phone: {self.phone} ({self.hours})",
                f"Email: {self.email}",
                *self.address_lines,
            ]
        )


def hub_details() -> HubDetails:
    """The details as the settings say now (read each time, so a test can change them)."""
    return HubDetails(
        name=settings.FRAUDHUB_HUB_NAME,
        phone=settings.FRAUDHUB_HUB_PHONE,
        hours=settings.FRAUDHUB_HUB_HOURS,
        address=settings.FRAUDHUB_HUB_ADDRESS,
        email=settings.FRAUDHUB_HUB_EMAIL,
    )


def with_signature(body: str) -> str:
    """An email's or letter's text with the hub's details at its end."""
    return f"{body.rstrip()}\n\n{hub_details().signature()}"
