"""Reads for the staff report list and its search: the filters a member of staff searches
by, a page that withholds only the reports it shows, and the one audit entry for each page
or search. Who may see which report, and what is withheld, is decided in selectors.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import overload

from django.db.models import Q, QuerySet

from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor
from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.search_terms import describe

from . import normalise as n
from .models import Person, Report
from .references import read_reference
from .selectors import released_q, visible_reports, withhold


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


class Released:
    """Reports a reader may open, each read withheld for them (`withhold`) as it is taken:
    a paginator or a slice reads only what it shows."""

    def __init__(self, reports: QuerySet[Report], reader: policy.Reader) -> None:
        self.reports = reports
        self.reader = reader

    def count(self) -> int:
        return self.reports.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> Report: ...

    @overload
    def __getitem__(self, index: slice) -> list[Report]: ...

    def __getitem__(self, index: int | slice) -> Report | list[Report]:
        if isinstance(index, slice):
            return withhold(self.reader, self.reports[index])
        return withhold(self.reader, [self.reports[index]])[0]

    def __iter__(self) -> Iterator[Report]:
        return iter(withhold(self.reader, self.reports))


NAME_WORDS = 6  # the most words of a name searched for; more are left out
TRIGRAM = 3  # the shortest word a trigram index can find


def search_reports(user: Actor, filters: ReportFilters) -> Released:
    """Reports the user may see that match: reference, name, postcode, scam type, dates,
    data-quality issue and source, with what is withheld from them withheld. A search by
    a withheld field (a name, a postcode, a scam type) does not match the report."""
    reader = policy.reader_for(user)
    reports = (
        visible_reports(user, reader)
        .select_related("scam_type", "contact_method", "source_organisation")
        .prefetch_related("persons")
    )
    if filters.query.strip():
        query = filters.query.strip()
        # Each word once, and no more than a name has: "e e e ..." asks for one match.
        words = list({word.casefold(): word for word in query.split()}.values())[:NAME_WORDS]
        by_name = Q()
        for word in words:
            by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        # The reports of a victim or reporter whose names hold every word, as a subquery:
        # joining the people instead made PostgreSQL join and de-duplicate every report
        # before it could order and cut the page (docs/performance.md, "Load").
        named = (
            Person.objects.filter(by_name, role__in=[Person.Role.VICTIM, Person.Role.REPORTER])
            .values("report_id")
            .order_by()
        )
        by_reference = Q(reference__iexact=query.upper()) | Q(partner_reference__iexact=query)
        by_crime_reference = Q(crime_reference__iexact=query) & released_q(
            reader, Category.SCAM_DETAILS
        )
        by_person = Q(pk__in=named) & released_q(reader, Category.VICTIM_CONTACT)
        if any(len(word) >= TRIGRAM for word in words):
            # Each way a report could match, as the few report ids found through an index
            # (names by trigrams, references in upper case: reports migration 0010), so
            # PostgreSQL reads those reports and not every report testing each one.
            matching = Report.objects.order_by().values("pk")
            could = (
                matching.filter(by_reference)
                .union(matching.filter(by_crime_reference), all=True)
                .union(matching.filter(by_person), all=True)
            )
            reports = reports.filter(pk__in=could)
        else:
            # Words too short for a trigram match most names: reading the newest reports
            # first and stopping at a page's worth is quicker than finding them all.
            reports = reports.filter(by_reference | by_crime_reference | by_person)
    if filters.postcode.strip():
        typed = re.sub(r"\s+", "", filters.postcode).upper()
        full = n.postcode(typed)
        if full.value:
            reports = reports.filter(persons__postcode=full.value).filter(
                released_q(reader, Category.VICTIM_CONTACT)
            )
        else:
            reports = reports.filter(persons__postcode_district=typed)
        reports = reports.distinct()
    if filters.scam_type:
        reports = reports.filter(scam_type__slug=filters.scam_type).filter(
            released_q(reader, Category.SCAM_DETAILS)
        )
    if filters.received_from:
        reports = reports.filter(received_date__gte=filters.received_from)
    if filters.received_to:
        reports = reports.filter(received_date__lte=filters.received_to)
    if filters.source:
        reports = reports.filter(source=filters.source)
    if filters.quality_issue:
        reports = _with_quality_issue(reports, filters.quality_issue)
        about = QUALITY_ISSUE_CATEGORIES.get(filters.quality_issue)
        if about is not None:  # a missing detail is a detail: only where it is shared
            reports = reports.filter(released_q(reader, about))
    return Released(reports.order_by("-received_date", "-id"), reader)


QUALITY_ISSUE_FILTERS = {
    "no_age": ("No age", "no age"),
    "no_postcode": ("No postcode", "no postcode"),
    "bad_postcode": ("Postcode incomplete or not real", "postcode "),
    "no_incident_date": ("No date of the scam", "no date of the scam"),
    "no_victim_contact": ("No way to contact the victim", "no way to contact the victim"),
}


QUALITY_ISSUE_CATEGORIES = {
    "no_incident_date": Category.SCAM_DETAILS,
    "no_victim_contact": Category.VICTIM_CONTACT,
}


def _with_quality_issue(reports: QuerySet[Report], key: str) -> QuerySet[Report]:
    """Filter by an issue in the quality list; works alike on SQLite and PostgreSQL."""
    if key not in QUALITY_ISSUE_FILTERS:
        return reports
    needle = QUALITY_ISSUE_FILTERS[key][1]
    if needle.endswith(" "):
        return reports.filter(quality_issues__icontains=f'"{needle}')
    return reports.filter(quality_issues__icontains=f'"{needle}"')


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
    user: Actor,
    reports: list[Report],
    *,
    page: str,
    search: dict[str, object] | None = None,
    reason: dict[str, str] | None = None,
) -> None:
    """A page listing reports (the report list, a search's results): one audit entry naming
    every report shown, the search that found them and the reason given for seeing other
    organisations' reports (when it shows some). A search is logged even when it finds
    nothing; a list with nothing on it is not."""
    if not reports and not search:
        return
    audit.record_list(
        actor=user,
        page=page,
        objects=reports,
        object_type=Report._meta.label_lower,
        action=AuditEvent.Action.SEARCH if search else AuditEvent.Action.VIEW,
        search=search,
        detail=dict(reason) if reason else None,
    )
