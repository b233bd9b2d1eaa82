"""Reads of reports. Every read of personal data comes through here, where who may see
what is decided once and each look at a report is written to the audit log: which reports
a reader may open, what is withheld from them, single reports and the partner API's list.
The staff report list's search and paging are in search_selectors.py."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet

from fraudhub.governance import audit, policy, rights
from fraudhub.governance.access import Actor, organisation_of
from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation

from . import normalise as n
from .consent import victim_consent
from .models import EvidenceFile, Person, Report, ReportAddition
from .references import read_reference
from .services import secret_matches, tracking_contact


def sees_every_report(user: Actor) -> bool:
    """The hub's own staff (of an organisation that sees every report) and superusers."""
    return policy.reader_for(user).sees_everything


def visible_reports(user: Actor, reader: policy.Reader | None = None) -> QuerySet[Report]:
    """The reports a staff user may open (governance.policy): all for the hub, otherwise
    their own organisation's and those an agreement in force releases to it; never one
    whose processing is restricted."""
    return unrestricted(_openable(user, reader))


def _openable(user: Actor, reader: policy.Reader | None = None) -> QuerySet[Report]:
    reader = reader or policy.reader_for(user)
    if reader.organisation_id is None and not reader.sees_everything:
        return Report.objects.none()
    return Report.objects.filter(reader.records_q("source_organisation"))


def reports_for_organisation(organisation: Organisation) -> QuerySet[Report]:
    """What an organisation may receive (an export made for it): the same policy, and
    never a report whose processing is restricted."""
    reader = policy.reader_for_organisation(organisation)
    return unrestricted(Report.objects.filter(reader.records_q("source_organisation")))


def restricted_report_ids() -> QuerySet[Person, int]:
    """Reports naming a person whose processing is restricted at their request
    (governance.rights): kept, but not listed, shown, exported, shared or linked."""
    return Person.objects.filter(pk__in=rights.restricted_ids("reports.person")).values_list(
        "report_id", flat=True
    )


def unrestricted(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.exclude(pk__in=restricted_report_ids())


def restricted_for_staff(user: Actor, reference: str) -> bool:
    """Whether the reference is of a report the user could open but for a restriction:
    their page then says it is restricted, and nothing more."""
    return (
        _openable(user)
        .filter(reference=reference.strip().upper(), pk__in=restricted_report_ids())
        .exists()
    )


def release_of(reader: policy.Reader, report: Report) -> policy.Release:
    """Which categories of `report` are released to `reader`, the victim's consent applied.
    The reason never names the victim: their name may itself be withheld."""
    if reader.sees_everything or reader.is_own(report.source_organisation_id):
        return policy.EVERYTHING
    victim = report.victim
    return reader.release(
        report.source_organisation_id,
        victim_share=victim_consent(report).share if victim is not None else True,
        holder_name=report.source_organisation.name if report.source_organisation else "",
    )


def _empty(instance: models.Model, name: str) -> None:
    """Set a field to its empty value, in memory only."""
    field = instance._meta.get_field(name)
    if not isinstance(field, models.Field) or field.is_relation or field.null:
        setattr(instance, name, None)
    elif field.choices and isinstance(field, models.CharField):
        setattr(instance, name, "")  # never a default choice, which would say something false
    elif isinstance(field, models.JSONField):
        setattr(instance, name, field.get_default())
    else:
        setattr(instance, name, field.get_default() if field.has_default() else "")


REPORT_COLUMNS = frozenset(f.name for f in Report._meta.get_fields() if isinstance(f, models.Field))
RELATED_CATEGORIES = {
    "identifiers": Category.SCAM_DETAILS,
    "updates": Category.CASE_NOTES,
    "additions": Category.CASE_NOTES,
}


def withhold(reader: policy.Reader, reports: Iterable[Report]) -> list[Report]:
    """Field level, for reports the reader may open: each gets `release` (what is released
    and why the rest is withheld), and its withheld fields, people's withheld fields and
    withheld related records are emptied in memory. Such copies refuse to be saved.
    Pages show `release.reasons` where something is withheld, never a blank."""
    reports = list(reports)
    models.prefetch_related_objects(reports, "persons", "identifiers")
    shown: list[Report] = []
    for report in reports:
        release = release_of(reader, report)
        report.release = release  # type: ignore[attr-defined]
        shown.append(report)
        if release.everything:
            continue
        report.withheld_in_memory = True
        _withhold_notes_naming(report, release)
        for name, category in policy.REPORT_FIELDS.items():
            if not release.shows(category) and name in REPORT_COLUMNS:
                _empty(report, name)
        cache: dict[str, Any] = getattr(report, "_prefetched_objects_cache", {})
        for related, category in RELATED_CATEGORIES.items():
            if not release.shows(category):
                cache[related] = getattr(report, related).none()
        report._prefetched_objects_cache = cache  # type: ignore[attr-defined]
        for person in report.persons.all():
            person.withheld_in_memory = True
            person.kept_age_band = person.age_band  # type: ignore[attr-defined]
            for name, category in policy.PERSON_FIELDS.items():
                if not release.shows(category):
                    _empty(person, name)
            if not release.shows(Category.VICTIM_CONTACT):
                person.field_flags = {}
    return shown


NOTE_WITHHELD = "Withheld: this note names details that are not shared with your organisation"
# Notes that say what a category holds by saying it is missing: "no way to contact the
# victim" tells a reader without the victim's contact details whether there are any.
NOTES_ABOUT: dict[str, Category] = {
    "no way to contact the victim": Category.VICTIM_CONTACT,
    "no date of the scam": Category.SCAM_DETAILS,
    "no scam type": Category.SCAM_DETAILS,
    "no description of what happened": Category.SCAM_DETAILS,
}


def _withhold_notes_naming(report: Report, release: policy.Release) -> None:
    """Data-quality notes quote what was typed ("reporter's +447700900767 is not..."): a
    note quoting any withheld value (a person's detail, a scammer's identifier) is
    replaced by a sentence saying it is withheld, in memory only."""
    hidden: set[str] = set()
    for person in report.persons.all():
        for name, category in policy.PERSON_FIELDS.items():
            value = getattr(person, name, "")
            if not release.shows(category) and isinstance(value, str):
                hidden.add(value.strip().lower())
        if not release.shows(Category.VICTIM_CONTACT) and person.date_of_birth is not None:
            hidden.add(person.date_of_birth.isoformat())
    if not release.shows(Category.SCAM_DETAILS):
        for identifier in report.identifiers.all():
            hidden.update({identifier.raw.strip().lower(), identifier.normalised.lower()})
    hidden = {value for value in hidden if len(value) >= 3}
    about_withheld = {note for note, category in NOTES_ABOUT.items() if not release.shows(category)}
    if hidden or about_withheld:
        report.quality_issues = [
            NOTE_WITHHELD
            if note.lower() in about_withheld or any(value in note.lower() for value in hidden)
            else note
            for note in report.quality_issues
        ]


def released_q(reader: policy.Reader, category: Category) -> Q:
    """Reports whose `category` is released to `reader` (the victim's consent applied), so
    that a search by a field of that category matches nothing the reader may not read."""
    if reader.sees_everything:
        return Q()
    wanted = reader.records_q(category=category)
    if category in policy.VICTIM_CATEGORIES:
        wanted &= victim_agreed_to_share()
    return reader.own_q() | wanted


def victim_agreed_to_share() -> Q:
    """Reports whose victim said yes to sharing (reports.consent.victim_consent in SQL), or
    that have no victim."""
    victims = Person.objects.filter(report=OuterRef("pk"), role=Person.Role.VICTIM)
    reporters = Person.objects.filter(report=OuterRef("report"), role=Person.Role.REPORTER)
    agreed = victims.filter(consent_to_share=True).filter(
        Q(consent_answered_by__gt="") | ~Exists(reporters)
    )
    return Exists(agreed) | ~Exists(victims)


def partner_reports(
    user: Actor,
    *,
    received_from: date | None = None,
    received_to: date | None = None,
    scam_type: str = "",
    partner_reference: str = "",
    postcode_district: str = "",
) -> QuerySet[Report]:
    """Reports the user may see, for a partner system: filtered, newest first, with what
    their representation needs."""
    reports = visible_reports(user)
    if received_from:
        reports = reports.filter(received_date__gte=received_from)
    if received_to:
        reports = reports.filter(received_date__lte=received_to)
    if scam_type:
        reports = reports.filter(scam_type__slug=scam_type)
    if partner_reference:
        reports = reports.filter(partner_reference=partner_reference)
    if postcode_district:
        reports = reports.filter(
            persons__role=Person.Role.VICTIM, persons__postcode_district=postcode_district
        ).distinct()
    return (
        reports.select_related("scam_type", "contact_method", "source_organisation")
        .prefetch_related("persons", "identifiers")
        .order_by("-received_date", "-id")
    )


def record_listed(
    user: Actor, reports: list[Report], *, reason: dict[str, str] | None = None
) -> list[Report]:
    """A page of a list that carries personal details: each report on it counts as viewed
    (with the reason given for reading other organisations' reports), and comes back with
    what is withheld from the reader withheld."""
    detail = dict(reason or {"via": "api list"})
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=reports,
        detail_for=lambda report: detail,
    )
    return withhold(policy.reader_for(user), reports)


# Why someone opens a report their organisation did not collect and was not sent.
CONSULTATION_REASONS = {
    "casework": "Working the case",
    "safeguarding": "Safeguarding",
    "investigation": "Investigation",
    "data_protection": "Data protection request",
    "other": "Other",
}


def opened_from_outside(user: Actor, report: Report) -> bool:
    """Whether the user's access to this report comes from something other than their own
    organisation collecting or being sent it (an agreement, or an administrator's
    "sees every report"), so opening it needs a reason in the audit log. The hub is sent
    every report; a partner collected its own."""
    return any_opened_from_outside(user, [report])


def asks_why(user: Actor) -> bool:
    """Whether opening a record from outside asks this user why: everyone but the hub's
    staff (the hub is sent every report)."""
    organisation = organisation_of(user)
    return organisation is None or organisation.kind != Organisation.Kind.FRAUD_HUB


def any_opened_from_outside(user: Actor, reports: Iterable[Report]) -> bool:
    """Whether any of these reports is opened from outside (`opened_from_outside`): a page
    showing personal data from several reports asks why when one of them is."""
    if not asks_why(user):
        return False
    reader = policy.reader_for(user)
    return any(not reader.is_own(report.source_organisation_id) for report in reports)


def report_for_staff(
    user: Actor, reference: str, *, reason: dict[str, str] | None = None
) -> Report | None:
    """One report with its people, identifiers and timeline, if the user may see it, with
    what is withheld from them withheld; the look is audited, with the reason given for
    opening it when it is not the reader's own organisation's report."""
    reader = policy.reader_for(user)
    report = (
        visible_reports(user, reader)
        .select_related("scam_type", "contact_method", "source_organisation", "created_by")
        .prefetch_related("persons", "identifiers", "updates")
        .filter(reference=reference.strip().upper())
        .first()
    )
    if report is None:
        return None
    audit.record(actor=user, action=AuditEvent.Action.VIEW, obj=report, detail=dict(reason or {}))
    return withhold(reader, [report])[0]


def report_needing_reason(user: Actor, reference: str) -> Report | None:
    """The report, unaudited, when the user may see it but must say why first."""
    report = (
        visible_reports(user)
        .select_related("source_organisation")
        .filter(reference=reference.strip().upper())
        .first()
    )
    return report if report is not None and opened_from_outside(user, report) else None


def additions_for(reports: list[Report]) -> list[ReportAddition]:
    """What was added to these reports (by their reporters, or merged from duplicates),
    newest first, with their files: for pages that already checked the reader may see them
    (and withheld them: additions are case notes)."""
    shown = [r for r in reports if _release(r).shows(Category.CASE_NOTES)]
    return list(
        ReportAddition.objects.filter(report__in=shown)
        .select_related("report", "merged_from", "added_by")
        .prefetch_related("files")
        .order_by("-at", "-id")
    )


def _release(report: Report) -> policy.Release:
    return getattr(report, "release", policy.EVERYTHING)


def evidence_for_staff(
    user: Actor, reference: str, file_id: int, *, reason: dict[str, str] | None = None
) -> EvidenceFile | None:
    """An evidence file of a report the user may see and whose case notes (evidence
    included) are released to them, or None; the download is audited."""
    reader = policy.reader_for(user)
    report = visible_reports(user, reader).filter(reference=reference.strip().upper()).first()
    if report is None or not release_of(reader, report).shows(Category.CASE_NOTES):
        return None
    stored = EvidenceFile.objects.filter(pk=file_id, addition__report=report).first()
    if stored is not None:
        audit.record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            obj=report,
            detail={"downloaded_evidence": stored.pk, **(reason or {})},
        )
    return stored


def report_for_tracking(
    reference: str,
    *,
    secret: str = "",
    email: str = "",
    postcode: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
) -> Report | None:
    """The report a reporter is tracking, proven by the secret from their link or by the
    email address, postcode, date of birth or phone number (E.164) they gave; the look is
    audited."""
    reference = read_reference(reference) or re.sub(r"\s+", "", reference).upper()
    report = (
        Report.objects.prefetch_related("persons", "updates")
        .select_related("scam_type")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        return None
    proven = False
    if secret:
        proven = secret_matches(report, secret)
    else:
        given_email = n.email(email).value
        given_postcode = n.postcode(postcode).value
        people = [p for p in (tracking_contact(report), report.victim) if p is not None]
        proven = any(
            (given_email and p.email == given_email)
            or (given_postcode and p.postcode == given_postcode)
            or (date_of_birth is not None and p.date_of_birth == date_of_birth)
            or (phone and p.phone == phone)
            for p in people
        )
    if not proven:
        return None
    _audit_reporter_view(report)
    return report


def report_for_proven_reporter(reference: str) -> Report | None:
    """A report whose reporter proved themselves earlier in this browser session."""
    report = (
        Report.objects.prefetch_related("updates")
        .select_related("scam_type")
        .filter(reference=reference.strip().upper())
        .first()
    )
    if report is not None:
        _audit_reporter_view(report)
    return report


def _audit_reporter_view(report: Report) -> None:
    audit.record(
        actor=None,
        action=AuditEvent.Action.VIEW,
        obj=report,
        actor_label="reporter (tracking page)",
    )
