"""The one answer of "check before you pay", for the public page and for
`fraudhub check-identifier`: an identifier as typed, read by the normalisers every report
uses, checked against the identifiers analysts published, and nothing else.

Privacy rule: an identifier that is reported but not published answers exactly as one
nobody has reported. Both questions are always asked of the database (is it published,
how many reports hold it), whatever the first answer, so the time taken does not tell the
two apart either; the count is only given for a published identifier."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.db.models import Count, Min

from fraudhub.prevention.models import PublishedIdentifier
from fraudhub.reports import normalise as n
from fraudhub.reports.models import Identifier
from fraudhub.templatetags.govuk import phone_display

CHECK_KINDS: tuple[str, ...] = (
    Identifier.Kind.PHONE,
    Identifier.Kind.WEBSITE,
    Identifier.Kind.EMAIL,
    Identifier.Kind.BANK_ACCOUNT,
)
KIND_NOUNS: dict[str, str] = {
    Identifier.Kind.PHONE: "phone number",
    Identifier.Kind.WEBSITE: "website",
    Identifier.Kind.EMAIL: "email address",
    Identifier.Kind.BANK_ACCOUNT: "sort code and account number",
}
PROBLEMS: dict[str, str] = {
    Identifier.Kind.PHONE: (
        "Enter a phone number in the right format, like 01632 960 001 or 07700 900 982"
    ),
    Identifier.Kind.WEBSITE: "Enter a website address in the right format, like www.example.com",
    Identifier.Kind.EMAIL: "Enter an email address in the right format, like name@example.com",
    Identifier.Kind.BANK_ACCOUNT: (
        "Enter a 6-digit sort code and an 8-digit account number, like 30-94-30 00733445"
    ),
}
SORT_CODE_PROBLEM = "Enter a sort code of 6 digits, like 30-94-30"
ACCOUNT_PROBLEM = "Enter an account number of 8 digits, like 00733445"


@dataclass(frozen=True)
class Reading:
    """An identifier as typed and as normalised (None, with what to fix, when unreadable)."""

    kind: str
    typed: str
    value: str | None
    problem: str = ""


def read(kind: str, typed: str) -> Reading:
    """Normalise what was typed for a kind people can check. A bank account is typed as
    a sort code and an account number together ("30-94-30 00733445")."""
    if kind not in CHECK_KINDS:
        return Reading(kind, typed, None, "Choose a phone number, website, email or bank account")
    if kind == Identifier.Kind.BANK_ACCOUNT:
        result = _bank_account(typed)
    elif kind == Identifier.Kind.PHONE:
        result = n.phone(typed)
    elif kind == Identifier.Kind.EMAIL:
        result = n.email(typed)
    else:
        result = n.website(typed)
    if result.value is None or _cut_short(kind, result):
        return Reading(kind, typed, None, PROBLEMS[kind])
    return Reading(kind, typed, result.value)


def _cut_short(kind: str, result: n.Normalised) -> bool:
    """A few digits starting with 0 are the start of a number, not a short number (159)."""
    return (
        kind == Identifier.Kind.PHONE
        and result.extra.get("type") == "short"
        and bool(result.value and result.value.startswith("0"))
    )


_SEPARATORS = re.compile(r"[\s\-–.]")


def _bank_account(typed: str) -> n.Normalised:
    """Sort code and account number typed together: 14 digits, grouped any way."""
    digits = _SEPARATORS.sub("", typed)
    if not (digits.isascii() and digits.isdigit() and len(digits) == 14):
        return n.Normalised(typed, None, ("not a sort code and account number",))
    result = n.bank_account(digits[:6], digits[6:])
    return result if not result.issues else n.Normalised(typed, None, result.issues)


def bank_account_typed(sort_code: str, account: str) -> str:
    """The two boxes of the page as one value for `read`."""
    return f"{sort_code.strip()} {account.strip()}"


def display(kind: str, value: str) -> str:
    """A normalised value as people read it: UK numbers as they are dialled."""
    if kind == Identifier.Kind.PHONE and value.startswith("+44"):
        # UK numbers as they are dialled here, even in ranges kept for drama and tests
        number = phonenumbers.parse(value)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if kind == Identifier.Kind.PHONE:
        return phone_display(value)
    return value


@dataclass(frozen=True)
class CheckAnswer:
    """What the public is told: whether the value is published and, only if it is, how
    many reports hold it and since when. `problem` says what to fix when it is unreadable."""

    kind: str
    typed: str
    normalised: str | None
    published_match: bool
    reports: int
    since: date | None
    shown_as: str = ""
    problem: str = ""

    @property
    def readable(self) -> bool:
        return self.normalised is not None

    @property
    def noun(self) -> str:
        return KIND_NOUNS.get(self.kind, "identifier")

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "normalised": self.normalised,
            "published_match": self.published_match,
            "reports": self.reports,
        }


def check(kind: str, typed: str) -> CheckAnswer:
    """Check an identifier as typed against the published ones (see the module's rule)."""
    reading = read(kind, typed)
    if reading.value is None:
        return CheckAnswer(kind, typed, None, False, 0, None, problem=reading.problem)
    published = PublishedIdentifier.objects.filter(
        kind=kind, value=reading.value, withdrawn_at__isnull=True
    ).exists()
    # Asked whether or not it is published: see the module's docstring.
    held = Identifier.objects.filter(kind=kind, normalised=reading.value).aggregate(
        reports=Count("report", distinct=True), since=Min("report__received_date")
    )
    if not published:
        return CheckAnswer(kind, typed, reading.value, False, 0, None)
    return CheckAnswer(
        kind,
        typed,
        reading.value,
        True,
        int(held["reports"] or 0),
        held["since"],
        shown_as=display(kind, reading.value),
    )
