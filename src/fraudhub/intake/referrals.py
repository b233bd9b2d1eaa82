"""The generic referral format (docs/formats/referral-csv.md): one row of a partner's file,
form or API call becomes a report submission, or is quarantined with the reason. Pure:
plain dicts in, plain data out; the value mappings are passed in."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from fraudhub.reports import normalise as n
from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.tabular.escaping import FORMULA_STARTS

COLUMNS: tuple[str, ...] = (
    "partner_reference",
    "received_date",
    "incident_date",
    "scam_type",
    "contact_method",
    "description",
    "amount_lost",
    "payment_method",
    "victim_title",
    "victim_first_name",
    "victim_last_name",
    "victim_date_of_birth",
    "victim_age",
    "victim_address_line1",
    "victim_address_line2",
    "victim_town",
    "victim_postcode",
    "victim_phone",
    "victim_email",
    "vulnerability_notes",
    "suspect_name",
    "suspect_phone",
    "suspect_email",
    "suspect_website",
    "suspect_bank_sort_code",
    "suspect_bank_account",
    "suspect_company",
    "suspect_vehicle_reg",
    "consent_to_contact",
    "victim_contact_rule",
    "still_in_contact",
    "reported_to",
    "crime_reference",
)
KNOWN = frozenset(COLUMNS)
PARTNER_REFERENCE_MAX = 100
# A referral received before this is taken to have a mistyped year, like one in the future.
EARLIEST_RECEIVED = date(2000, 1, 1)

SUSPECT_COLUMNS = {
    "suspect_name": Identifier.Kind.PERSON_NAME,
    "suspect_phone": Identifier.Kind.PHONE,
    "suspect_email": Identifier.Kind.EMAIL,
    "suspect_website": Identifier.Kind.WEBSITE,
    "suspect_company": Identifier.Kind.COMPANY,
    "suspect_vehicle_reg": Identifier.Kind.VEHICLE,
}
PAYMENT_WORDS: dict[str, str] = {
    "bank transfer": Report.PaymentMethod.BANK_TRANSFER,
    "transfer": Report.PaymentMethod.BANK_TRANSFER,
    "faster payment": Report.PaymentMethod.BANK_TRANSFER,
    "bacs": Report.PaymentMethod.BANK_TRANSFER,
    "card": Report.PaymentMethod.CARD,
    "debit card": Report.PaymentMethod.CARD,
    "credit card": Report.PaymentMethod.CARD,
    "cash": Report.PaymentMethod.CASH,
    "cheque": Report.PaymentMethod.CHEQUE,
    "gift card": Report.PaymentMethod.GIFT_CARDS,
    "gift cards": Report.PaymentMethod.GIFT_CARDS,
    "vouchers": Report.PaymentMethod.GIFT_CARDS,
    "crypto": Report.PaymentMethod.CRYPTO,
    "cryptocurrency": Report.PaymentMethod.CRYPTO,
    "bitcoin": Report.PaymentMethod.CRYPTO,
    "money transfer": Report.PaymentMethod.MONEY_TRANSFER,
    "western union": Report.PaymentMethod.MONEY_TRANSFER,
    "moneygram": Report.PaymentMethod.MONEY_TRANSFER,
}
PAYMENT_WORDS.update(
    {
        mapping_key_: value
        for value, label in Report.PaymentMethod.choices
        for mapping_key_ in (value.replace("_", " "), label.lower())
    }
)
YES = {"yes", "y", "true", "1", "agreed", "consent given"}
NO = {"no", "n", "false", "0", "refused", "declined"}
NOT_SURE = {"not sure", "unsure", "unknown", "not known", "don t know", "dont know"}
# Answers from someone who was asked and could not say: triage treats the scammer as
# possibly in touch. "Unknown" and "not known" may mean nobody asked, so they do not count.
ASKED_NOT_SURE = {"not sure", "unsure", "don t know", "dont know"}


def header_key(name: object) -> str:
    """A column name as the format knows it: case and spacing do not matter."""
    return _header_key(str(name or ""))


@lru_cache(maxsize=4_096)  # worked out once per header name, not for every row's cell
def _header_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower()).lstrip("\ufeff")


def clean_row(row: Mapping[str, object]) -> dict[str, str]:
    """Header names normalised and every value as stripped text (Excel gives numbers)."""
    cleaned: dict[str, str] = {}
    for key, value in row.items():
        name = _header_key(key) if type(key) is str else header_key(key)
        if not name:
            continue
        if type(value) is str:  # every cell of a CSV file: no conversions to try
            text = value
        else:
            text = "" if value is None else str(value)
            if isinstance(value, float) and value.is_integer():
                text = str(int(value))
            if isinstance(value, date):
                text = value.strftime("%d/%m/%Y")
        if "\x00" in text:
            text = text.replace("\x00", "")
        text = text.strip()
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
            text = text[1:]  # undo the escaping our own exports add
        cleaned[name] = text
    return cleaned


def fingerprint(row: Mapping[str, str]) -> str:
    """The same content gives the same fingerprint, whatever the column order."""
    canonical = json.dumps({k: v for k, v in row.items() if v}, sort_keys=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Mappings:
    """Partner wording for scam types and contact methods, mapped onto the taxonomy."""

    scam_types: Mapping[str, str]
    contact_methods: Mapping[str, str]


def mapping_key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


# How the victim may safely be contacted: the hub's words, and the usual ways of saying them.
CONTACT_RULE_WORDS: dict[str, str] = {
    **{mapping_key(rule): rule for rule in Person.ContactRule.values},
    **{mapping_key(label): rule for rule, label in Person.ContactRule.choices},
    "directly": Person.ContactRule.DIRECT,
    "contact directly": Person.ContactRule.DIRECT,
    "through us": Person.ContactRule.VIA_REPORTER,
    "via us": Person.ContactRule.VIA_REPORTER,
    "via referrer": Person.ContactRule.VIA_REPORTER,
    "through the referrer": Person.ContactRule.VIA_REPORTER,
    "carer": Person.ContactRule.VIA_CARER,
    "attorney": Person.ContactRule.VIA_CARER,
    "via attorney": Person.ContactRule.VIA_CARER,
    "do not phone": Person.ContactRule.NO_PHONE,
    "don t phone": Person.ContactRule.NO_PHONE,
}


@dataclass
class RowResult:
    """A row read: a submission, or the reasons it cannot be a report at all. Each reason
    names the columns it is about (for partners' systems); `field_messages` says the same
    in plain words, by column, for the people correcting the row."""

    submission: ReportSubmission | None
    quarantine_reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fingerprint: str = ""
    field_messages: dict[str, list[str]] = field(default_factory=dict)


def _map(
    text: str, table: Mapping[str, str], what: str, warnings: list[str], issues: list[str]
) -> str:
    if not text:
        return ""
    slug = table.get(mapping_key(text))
    if slug:
        return slug
    warnings.append(f"{what} '{text[:60]}' is not in the mapping table: recorded as other")
    issues.append(f"{what} '{text[:60]}' was not recognised")
    return "other"


def _consent(text: str, issues: list[str]) -> bool | None:
    word = text.strip().lower()
    if not word:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    issues.append(f"consent_to_contact '{text[:20]}' is not yes or no")
    return None


def _contact_rule(text: str, issues: list[str], warnings: list[str]) -> str:
    """The victim's safe-contact rule, or "" when not given or not one the hub knows (then
    flagged: a rule is never guessed, and the report shows it was not understood)."""
    if not text:
        return ""
    rule = CONTACT_RULE_WORDS.get(mapping_key(text), "")
    if not rule:
        known = ", ".join(Person.ContactRule.values)
        issues.append(f"victim_contact_rule '{text[:30]}' was not understood")
        warnings.append(
            f"victim_contact_rule '{text[:30]}' is not one of {known}: check how the victim "
            "may be contacted"
        )
    return rule


def _still_in_contact(text: str, issues: list[str], warnings: list[str]) -> bool | None:
    """Yes, no, or None for not sure or not given; anything else is flagged."""
    word = mapping_key(text)
    if not word or word in NOT_SURE:
        return None
    if word in YES:
        return True
    if word in NO:
        return False
    issues.append(f"still_in_contact '{text[:20]}' was not understood")
    warnings.append(f"still_in_contact '{text[:20]}' is not yes, no or not sure")
    return None


def _split(value: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", value) if part.strip()]


def read_row(
    row: Mapping[str, object], *, mappings: Mappings, source: str, today: date | None = None
) -> RowResult:
    """One referral row: quarantined only when it cannot be a report at all (no
    partner_reference, no readable received_date, neither description nor scam_type);
    anything else wrong becomes a data-quality issue on the report."""
    values = clean_row(row)
    get = values.get
    reasons: list[str] = []
    plain: dict[str, list[str]] = {}
    warnings: list[str] = []
    issues: list[str] = []

    def refuse(reason: str, message: str, *columns: str) -> None:
        reasons.append(reason)
        for column in columns:
            plain.setdefault(column, []).append(message)

    if not get("partner_reference"):
        refuse(
            "no partner_reference",
            "Enter the partner's own reference for this referral",
            "partner_reference",
        )
    elif len(get("partner_reference", "")) > PARTNER_REFERENCE_MAX:
        refuse(
            f"partner_reference is longer than {PARTNER_REFERENCE_MAX} characters",
            f"The partner's reference must be {PARTNER_REFERENCE_MAX} characters or fewer",
            "partner_reference",
        )
    typed = get("received_date", "")
    received = n.uk_date(typed, today=today, allow_future=True)
    received_date = n.to_date(received)
    if received_date is None:
        if received.extra.get("ambiguous"):
            refuse(
                f"received_date '{typed[:30]}' can be read as more than one date: give the "
                "year in full",
                "Enter the date received with the year in full, like 5/11/2026: "
                f"'{typed[:30]}' could be more than one date",
                "received_date",
            )
        elif typed:
            refuse(
                f"received_date '{typed[:30]}' is not a date (use day/month/year)",
                "Enter the date received as a real date, day first, like 5/11/2026",
                "received_date",
            )
        else:
            refuse("no received_date", "Enter the date the referral was received", "received_date")
    elif received_date < EARLIEST_RECEIVED:
        refuse(
            f"received_date '{typed[:30]}' is before {EARLIEST_RECEIVED.year}: check the year",
            f"The date received must be in {EARLIEST_RECEIVED.year} or later: check the year",
            "received_date",
        )
    elif today is not None and received_date > today:
        refuse(
            f"received_date '{typed[:30]}' is in the future: check the year",
            "The date received must be today or in the past: check the year",
            "received_date",
        )
    if not get("description") and not get("scam_type"):
        refuse(
            "neither description nor scam_type",
            "Enter what happened or the type of scam",
            "description",
            "scam_type",
        )
    print_ = fingerprint(values)
    if reasons:
        return RowResult(None, reasons, warnings, print_, plain)

    scam_type = _map(get("scam_type", ""), mappings.scam_types, "scam_type", warnings, issues)
    contact_method = _map(
        get("contact_method", ""), mappings.contact_methods, "contact_method", warnings, issues
    )
    payment_text = get("payment_method", "")
    payment = PAYMENT_WORDS.get(mapping_key(payment_text), "") if payment_text else ""
    if payment_text and not payment:
        payment = Report.PaymentMethod.OTHER
        issues.append(f"payment_method '{payment_text[:40]}' was not recognised")
    victim = PersonInput(
        role=Person.Role.VICTIM,
        title=get("victim_title", ""),
        first_name=get("victim_first_name", ""),
        last_name=get("victim_last_name", ""),
        date_of_birth=get("victim_date_of_birth", ""),
        age=get("victim_age", ""),
        address_line1=get("victim_address_line1", ""),
        address_line2=get("victim_address_line2", ""),
        town=get("victim_town", ""),
        postcode=get("victim_postcode", ""),
        phone=get("victim_phone", ""),
        email=get("victim_email", ""),
        vulnerability_notes=get("vulnerability_notes", ""),
        consent_to_contact=_consent(get("consent_to_contact", ""), issues),
    )
    rule = _contact_rule(get("victim_contact_rule", ""), issues, warnings)
    if rule:
        victim.contact_rule = rule
    identifiers = [
        IdentifierInput(kind=kind, value=part)
        for column, kind in SUSPECT_COLUMNS.items()
        for part in _split(get(column, ""))
    ]
    if get("suspect_bank_account") or get("suspect_bank_sort_code"):
        identifiers.append(
            IdentifierInput(
                kind=Identifier.Kind.BANK_ACCOUNT,
                value=get("suspect_bank_account", ""),
                sort_code=get("suspect_bank_sort_code", ""),
            )
        )
    unknown = {k: v for k, v in values.items() if k not in KNOWN and v}
    extra: dict[str, object] = {"columns": unknown} if unknown else {}
    if payment_text and payment == Report.PaymentMethod.OTHER:
        extra["payment_method_as_sent"] = payment_text
    submission = ReportSubmission(
        source=source,
        victim=victim,
        received_date=received_date,
        incident_date=get("incident_date", ""),
        scam_type=scam_type,
        contact_method=contact_method,
        narrative=get("description", ""),
        still_in_contact=_still_in_contact(get("still_in_contact", ""), issues, warnings),
        still_in_contact_not_sure=mapping_key(get("still_in_contact", "")) in ASKED_NOT_SURE,
        amount_lost=get("amount_lost", ""),
        payment_method=payment,
        identifiers=identifiers,
        partner_reference=get("partner_reference", ""),
        crime_reference=get("crime_reference", ""),
        reported_elsewhere=get("reported_to", ""),
        extra=extra,
        field_issues=issues,
        source_hash=print_,
    )
    return RowResult(submission, [], warnings, print_)


def unknown_columns(header: list[str]) -> list[str]:
    """Columns the format does not know: kept as extra data, reported once per file."""
    return [name for name in (header_key(h) for h in header) if name and name not in KNOWN]
