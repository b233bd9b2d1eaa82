"""The categories of data a data-sharing agreement can release, and which fields of the
core records fall in each. Pure: no ORM, so governance.models and governance.policy both
use it and the record apps map their fields without importing each other."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """One category of data an agreement names. The value is what agreements store."""

    SCAM_DETAILS = "scam_details"
    VICTIM_CONTACT = "victim_contact"
    HEALTH_VULNERABILITY = "health_vulnerability"
    CASE_NOTES = "case_notes"
    MONEY = "money"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.SCAM_DETAILS: "scam details and scammers' identifiers",
    Category.VICTIM_CONTACT: "victim contact details",
    Category.HEALTH_VULNERABILITY: "health and vulnerability",
    Category.CASE_NOTES: "case notes and support plans",
    Category.MONEY: "money and bank details",
}

# The categories that are the victim's own personal data: their consent to sharing
# (governance.consent) applies to these on top of any agreement.
VICTIM_CATEGORIES: frozenset[Category] = frozenset(
    {Category.VICTIM_CONTACT, Category.HEALTH_VULNERABILITY, Category.CASE_NOTES, Category.MONEY}
)

# Which fields of a report, and of a person on it, each category covers. Fields named in
# neither (reference, received date, source, status, postcode district, council, age
# band) say that a record exists and roughly where: they come with the record itself,
# on pages and through the API alike. The exact age goes with the date of birth it is
# worked out from; its band stays with the record.
REPORT_FIELDS: dict[str, Category] = {
    "scam_type": Category.SCAM_DETAILS,
    "contact_method": Category.SCAM_DETAILS,
    "incident_date": Category.SCAM_DETAILS,
    "incident_date_raw": Category.SCAM_DETAILS,
    "narrative": Category.SCAM_DETAILS,
    "still_in_contact": Category.SCAM_DETAILS,
    "reported_elsewhere": Category.SCAM_DETAILS,
    "crime_reference": Category.SCAM_DETAILS,
    "identifiers": Category.SCAM_DETAILS,
    "lost_money": Category.MONEY,
    "amount_lost": Category.MONEY,
    "amount_lost_raw": Category.MONEY,
    "payment_method": Category.MONEY,
    "amount_recovered": Category.MONEY,
    "amount_recovered_raw": Category.MONEY,
    "updates": Category.CASE_NOTES,
    "additions": Category.CASE_NOTES,
    "evidence": Category.CASE_NOTES,
    "case": Category.CASE_NOTES,
}
PERSON_FIELDS: dict[str, Category] = {
    "title": Category.VICTIM_CONTACT,
    "first_name": Category.VICTIM_CONTACT,
    "last_name": Category.VICTIM_CONTACT,
    "date_of_birth": Category.VICTIM_CONTACT,
    "date_of_birth_raw": Category.VICTIM_CONTACT,
    "age_at_incident": Category.VICTIM_CONTACT,
    "address_line1": Category.VICTIM_CONTACT,
    "address_line2": Category.VICTIM_CONTACT,
    "town": Category.VICTIM_CONTACT,
    "postcode": Category.VICTIM_CONTACT,
    "postcode_raw": Category.VICTIM_CONTACT,
    "phone": Category.VICTIM_CONTACT,
    "phone_raw": Category.VICTIM_CONTACT,
    "email": Category.VICTIM_CONTACT,
    "email_raw": Category.VICTIM_CONTACT,
    "contact_preference": Category.VICTIM_CONTACT,
    "vulnerability_indicators": Category.HEALTH_VULNERABILITY,
    "vulnerability_notes": Category.HEALTH_VULNERABILITY,
    "contact_rule": Category.HEALTH_VULNERABILITY,
    "contact_rule_notes": Category.HEALTH_VULNERABILITY,
}
