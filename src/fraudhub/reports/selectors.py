"""Reads of reports. Every read of personal data comes through here, where who may see
what is decided once and each look at a report is written to the audit log."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.governance.search_terms import describe

from . import normalise as n
from .models import EvidenceFile, Person, Report, ReportAddition
from .references import read_reference
from .services import secret_matches, tracking_contact

Actor = User | AnonymousUser


def sees_every_report(user: Actor) -> bool:
    """The hub's own staff (of an organisation that sees every report) and administrators."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    organisation = audit.organisation_of(user)
    return organisation is not None and organisation.sees_all_reports


def visible_reports(user: Actor) -> QuerySet[Report]:
    """The reports a staff user may see: all for the hub and administrators, otherwise
    those their own organisation sent in."""
    if not user.is_authenticated or not user.is_active:
        return Report.objects.none()
    if sees_every_report(user):
        return Report.objects.all()
    organisation = audit.organisation_of(user)
    if organisation is None:
        return Report.objects.none()
    return reports_for_organisation(organisation)


def reports_for_organisation(organisation: Organisation) -> QuerySet[Report]:
    """What an organisation may receive: everything for the hub, else what it sent."""
    if organisation.sees_all_reports:
        return Report.objects.all()
    return Report.objects.filter(source_organisation=organisation)


@dataclass(frozen=True)
class ReportFilters:
    """What a member of staff searches the report list by."""

    query: str = ""
    postcode: str = ""
    scam_type: str = ""
    received_from: date | None = None
    received_to: date | None = None
    quality_issue: str = ""
    source: str = ""


def search_reports(user: Actor, filters: ReportFilters) -> QuerySet[Report]:
    """Reports the user may see that match: reference, name, postcode, scam type, dates,
    data-quality issue and source."""
    reports = visible_reports(user).select_related("scam_type", "contact_method")
    if filters.query.strip():
        query = filters.query.strip()
        words = query.split()
        by_name = Q()
        for word in words:
            by_name &= Q(persons__first_name__icontains=word) | Q(
                persons__last_name__icontains=word
            )
        reports = reports.filter(
            Q(reference__iexact=query.upper())
            | Q(partner_reference__iexact=query)
            | Q(crime_reference__iexact=query)
            | (by_name & Q(persons__role__in=["victim", "reporter"]))
        ).distinct()
    if filters.postcode.strip():
        typed = re.sub(r"\s+", "", filters.postcode).upper()
        full = n.postcode(typed)
        if full.value:
            reports = reports.filter(persons__postcode=full.value)
        else:
            reports = reports.filter(persons__postcode_district=typed)
        reports = reports.distinct()
    if filters.scam_type:
        reports = reports.filter(scam_type__slug=filters.scam_type)
    if filters.received_from:
        reports = reports.filter(received_date__gte=filters.received_from)
    if filters.received_to:
        reports = reports.filter(received_date__lte=filters.received_to)
    if filters.source:
        reports = reports.filter(source=filters.source)
    if filters.quality_issue:
        reports = _with_quality_issue(reports, filters.quality_issue)
    return reports.order_by("-received_date", "-id")


QUALITY_ISSUE_FILTERS = {
    "no_age": ("No age", "no age"),
    "no_postcode": ("No postcode", "no postcode"),
    "bad_postcode": ("Postcode incomplete or not real", "postcode "),
    "no_incident_date": ("No date of the scam", "no date of the scam"),
    "no_victim_contact": ("No way to contact the victim", "no way to contact the victim"),
}


def _with_quality_issue(reports: QuerySet[Report], key: str) -> QuerySet[Report]:
    """Filter by an issue in the quality list; works alike on SQLite and PostgreSQL."""
    if key not in QUALITY_ISSUE_FILTERS:
        return reports
    needle = QUALITY_ISSUE_FILTERS[key][1]
    if needle.endswith(" "):
        return reports.filter(quality_issues__icontains=f'"{needle}')
    return reports.filter(quality_issues__icontains=f'"{needle}"')


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


def record_listed(user: Actor, reports: list[Report]) -> None:
    """A page of a list that carries personal details: each report on it counts as viewed."""
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=reports,
        detail_for=lambda report: {"via": "api list"},
    )


def described_search(filters: ReportFilters) -> dict[str, object]:
    """The report list's search as the audit log keeps it: a typed reference, choices and
    dates as they are; a name or postcode as fingerprints (governance.search_terms)."""
    query = filters.query.strip()
    reference = read_reference(query) if query else None
    postcode = n.postcode(filters.postcode)
    return describe(
        kept={
            "reference": reference or "",
            "postcode_district": postcode.value.split(" ")[0] if postcode.value else "",
            "scam_type": filters.scam_type,
            "received_from": filters.received_from,
            "received_to": filters.received_to,
            "quality_issue": filters.quality_issue,
            "source": filters.source,
        },
        hidden={"text": "" if reference else query, "postcode": filters.postcode},
    )


def record_report_page(
    user: Actor, reports: list[Report], *, page: str, search: dict[str, object] | None = None
) -> None:
    """A page listing reports (the report list, a search's results): one audit entry naming
    every report shown and the search that found them. A search is logged even when it
    finds nothing; a list with nothing on it is not."""
    if not reports and not search:
        return
    audit.record_list(
        actor=user,
        page=page,
        objects=reports,
        object_type=Report._meta.label_lower,
        action=AuditEvent.Action.SEARCH if search else AuditEvent.Action.VIEW,
        search=search,
    )


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
    organisation = audit.organisation_of(user)
    if organisation is None:
        return True
    if organisation.kind == Organisation.Kind.FRAUD_HUB:
        return False
    return report.source_organisation_id != organisation.pk


def report_for_staff(
    user: Actor, reference: str, *, reason: dict[str, str] | None = None
) -> Report | None:
    """One report with its people, identifiers and timeline, if the user may see it; the
    look is audited, with the reason given for opening it when it is not the reader's
    own organisation's report."""
    report = (
        visible_reports(user)
        .select_related("scam_type", "contact_method", "source_organisation", "created_by")
        .prefetch_related("persons", "identifiers", "updates")
        .filter(reference=reference.strip().upper())
        .first()
    )
    if report is not None:
        audit.record(
            actor=user, action=AuditEvent.Action.VIEW, obj=report, detail=dict(reason or {})
        )
    return report


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
    newest first, with their files: for pages that already checked the reader may see them."""
    return list(
        ReportAddition.objects.filter(report__in=reports)
        .select_related("report", "merged_from", "added_by")
        .prefetch_related("files")
        .order_by("-at", "-id")
    )


def evidence_for_staff(
    user: Actor, reference: str, file_id: int, *, reason: dict[str, str] | None = None
) -> EvidenceFile | None:
    """An evidence file of a report the user may see, or None; the download is audited."""
    report = visible_reports(user).filter(reference=reference.strip().upper()).first()
    if report is None:
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
