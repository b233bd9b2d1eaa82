"""Reports written out in the referral CSV format, with normalised values, for what an
organisation may see. Cells a spreadsheet would run as a formula are escaped. A victim's
contact details go only to the organisation that sent their report in, or with their
consent to sharing; otherwise they are left out and the row says why. Of reports another
organisation sent in, only the categories a data-sharing agreement in force covers are
written (governance.policy); each withheld cell says why."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports.consent import may_share_contact, victim_consent
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.selectors import reports_for_organisation, withhold
from fraudhub.tabular.escaping import escape_cell

from .referrals import COLUMNS

EXPORT_COLUMNS = (
    "reference",
    *COLUMNS,
    "data_quality_score",
    "data_quality_issues",
    "contact_details_left_out",
)
# A victim's contact details, left out of an export unless they agreed to sharing.
CONTACT_COLUMNS = tuple(
    c
    for c in COLUMNS
    if c.startswith(
        ("victim_address", "victim_town", "victim_post", "victim_phone", "victim_email")
    )
)
C = policy.Category
# Which category of data each column is (columns in none come with the record).
COLUMN_CATEGORIES: dict[str, policy.Category] = {
    "incident_date": C.SCAM_DETAILS,
    "scam_type": C.SCAM_DETAILS,
    "contact_method": C.SCAM_DETAILS,
    "description": C.SCAM_DETAILS,
    "still_in_contact": C.SCAM_DETAILS,
    "reported_to": C.SCAM_DETAILS,
    "crime_reference": C.SCAM_DETAILS,
    **{c: C.SCAM_DETAILS for c in COLUMNS if c.startswith("suspect_")},
    "amount_lost": C.MONEY,
    "payment_method": C.MONEY,
    **{
        c: C.VICTIM_CONTACT
        for c in COLUMNS
        if c.startswith("victim_") and c not in ("victim_age", "victim_contact_rule")
    },
    "vulnerability_notes": C.HEALTH_VULNERABILITY,
    "victim_contact_rule": C.HEALTH_VULNERABILITY,
}
CHUNK = 2000
SUSPECT = {
    Identifier.Kind.PERSON_NAME: "suspect_name",
    Identifier.Kind.PHONE: "suspect_phone",
    Identifier.Kind.EMAIL: "suspect_email",
    Identifier.Kind.WEBSITE: "suspect_website",
    Identifier.Kind.COMPANY: "suspect_company",
    Identifier.Kind.VEHICLE: "suspect_vehicle_reg",
}


def _row(report: Report, organisation: Organisation) -> dict[str, object]:
    victim = next((p for p in report.persons.all() if p.role == Person.Role.VICTIM), None)
    row: dict[str, object] = {
        "reference": report.reference,
        "partner_reference": report.partner_reference,
        "received_date": report.received_date.isoformat(),
        "incident_date": report.incident_date.isoformat() if report.incident_date else "",
        "scam_type": report.scam_type.slug if report.scam_type else "",
        "contact_method": report.contact_method.slug if report.contact_method else "",
        "description": report.narrative,
        "still_in_contact": {True: "yes", False: "no"}.get(report.still_in_contact, ""),  # type: ignore[arg-type]
        "amount_lost": f"{report.amount_lost:.2f}" if report.amount_lost is not None else "",
        "payment_method": report.payment_method,
        "reported_to": report.reported_elsewhere,
        "crime_reference": report.crime_reference,
        "data_quality_score": report.quality_score,
        "data_quality_issues": "; ".join(report.quality_issues),
    }
    if victim is not None:
        row.update(
            {
                "victim_title": victim.title,
                "victim_first_name": victim.first_name,
                "victim_last_name": victim.last_name,
                "victim_date_of_birth": victim.date_of_birth.isoformat()
                if victim.date_of_birth
                else "",
                "victim_age": victim.age_at_incident if victim.age_at_incident is not None else "",
                "victim_address_line1": victim.address_line1,
                "victim_address_line2": victim.address_line2,
                "victim_town": victim.town,
                "victim_postcode": victim.postcode,
                "victim_phone": victim.phone,
                "victim_email": victim.email,
                "vulnerability_notes": victim.vulnerability_notes,
                "consent_to_contact": {True: "yes", False: "no"}.get(
                    victim_consent(report).contact,  # type: ignore[arg-type]
                    "",
                ),
                "victim_contact_rule": victim.contact_rule,
            }
        )
    by_column: dict[str, list[str]] = {}
    for identifier in report.identifiers.all():
        value = identifier.normalised or identifier.raw
        if identifier.kind == Identifier.Kind.BANK_ACCOUNT:
            sort_code, _, account = value.partition(" ")
            by_column.setdefault("suspect_bank_sort_code", []).append(sort_code.replace("??", ""))
            by_column.setdefault("suspect_bank_account", []).append(account)
        elif identifier.kind in SUSPECT:
            shown = identifier.display if identifier.kind == Identifier.Kind.WEBSITE else value
            by_column.setdefault(SUSPECT[Identifier.Kind(identifier.kind)], []).append(
                shown or value
            )
    row.update({column: "; ".join(values) for column, values in by_column.items()})
    sharing = may_share_contact(report, to_organisation_id=organisation.pk)
    if victim is not None and not sharing.allowed:
        row.update({column: "" for column in CONTACT_COLUMNS})
        row["contact_details_left_out"] = sharing.reason
    release: policy.Release = getattr(report, "release", policy.EVERYTHING)
    for column, category in COLUMN_CATEGORIES.items():
        if not release.shows(category):
            row[column] = release.why(category)
    return row


def _reports(organisation: Organisation) -> Iterator[list[Report]]:
    reports = (
        reports_for_organisation(organisation)
        .select_related("scam_type", "contact_method")
        .prefetch_related("persons", "identifiers")
        .order_by("id")
    )
    last = 0
    while True:
        chunk = list(reports.filter(id__gt=last)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def write_reports(out: TextIO, *, organisation: Organisation, actor: Actor = None) -> int:
    """Write every report the organisation may see; each is audited as exported."""
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    reader = policy.reader_for_organisation(organisation)
    for chunk in _reports(organisation):
        for report in withhold(reader, chunk):
            writer.writerow({k: escape_cell(v) for k, v in _row(report, organisation).items()})
        audit.record_many(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            objects=chunk,
            detail_for=lambda _: {"for": organisation.slug, "format": "referral-csv"},
            actor_label=None
            if actor is not None and actor.is_authenticated
            else f"export for {organisation.slug}",
        )
        count += len(chunk)
    return count


def export_reports(path: str | Path, *, organisation: Organisation, actor: Actor = None) -> int:
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        return write_reports(out, organisation=organisation, actor=actor)
