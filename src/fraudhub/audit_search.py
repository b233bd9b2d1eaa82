"""The data protection officer's search of the audit log: by person (a name or a report
reference), by user, by organisation and by date, a page at a time or as a CSV file. It
sits above the apps because finding a person's entries asks reports and casework which
records are theirs; each search is itself written to the log."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fraudhub.casework.models import Case
from fraudhub.governance import audit
from fraudhub.governance.access import require
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.governance.roles import Permission
from fraudhub.governance.search_terms import describe, fingerprints
from fraudhub.govuk_forms import GovukForm, UKDateField, set_choices
from fraudhub.paging import page_of, query_without_page
from fraudhub.reports import normalise
from fraudhub.reports.models import Person, Report
from fraudhub.reports.references import read_reference
from fraudhub.tabular.escaping import escape_cell

PER_PAGE = 50
# A name can match many people; the log is searched for the records of this many at most
# (each report adds a text match on the log's details).
PEOPLE_AT_MOST = 200
EXPORTED_AT_MOST = 50_000


def _date_field(label: str, noun: str, example: str) -> UKDateField:
    return UKDateField(
        label=label, required=False, past_only=False, noun=noun, help_text=f"For example, {example}"
    )


class AuditSearchForm(GovukForm):
    person = forms.CharField(
        label="Person or report",
        required=False,
        max_length=100,
        help_text="A victim's or reporter's name, or a report reference like FH-2026-000123",
    )
    user = forms.CharField(
        label="Member of staff",
        required=False,
        max_length=150,
        help_text="Their login name, or part of it",
    )
    organisation = forms.ChoiceField(label="Organisation they acted for", required=False)
    date_from = _date_field("From", "the first date", "1 11 2026")
    date_to = _date_field("To", "the last date", "30 11 2026")
    field_options = {
        "person": {"classes": "govuk-!-width-full"},
        "user": {"classes": "govuk-!-width-full"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "organisation",
            [("", "Any organisation")] + [(o.slug, o.name) for o in Organisation.objects.all()],
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = _as_date(cleaned.get("date_from", "")), _as_date(cleaned.get("date_to", ""))
        if start and end and start > end:
            self.add_error("date_to", "The last date must be the same as or after the first date")
        if not self.errors and not any(
            cleaned.get(n) for n in ("person", "user", "organisation", "date_from", "date_to")
        ):
            self.add_error("person", "Enter a person, a member of staff, an organisation or dates")
        return cleaned

    def search(self) -> LogSearch:
        data = self.cleaned_data
        return LogSearch(
            person=data.get("person", "").strip(),
            user=data.get("user", "").strip(),
            organisation=Organisation.objects.filter(slug=data.get("organisation")).first(),
            date_from=_as_date(data.get("date_from", "")),
            date_to=_as_date(data.get("date_to", "")),
        )


def _as_date(typed: str) -> date | None:
    return normalise.to_date(normalise.uk_date(typed, allow_future=True)) if typed else None


@dataclass(frozen=True)
class LogSearch:
    person: str = ""
    user: str = ""
    organisation: Organisation | None = None
    date_from: date | None = None
    date_to: date | None = None

    def described(self) -> dict[str, Any]:
        """This search as the log keeps it: a name as fingerprints, the rest as typed."""
        reference = read_reference(self.person) if self.person else None
        return describe(
            kept={
                "reference": reference or "",
                "user": self.user,
                "organisation": self.organisation.name if self.organisation else "",
                "from": self.date_from,
                "to": self.date_to,
            },
            hidden={"person": "" if reference else self.person},
        )


@dataclass
class PersonRecords:
    """The records in the log that are about one person: their reports, their records in
    those reports and their cases."""

    reports: list[Report] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)


def records_about(typed: str) -> PersonRecords:
    """The reports, people and cases a name or report reference names. Every word of a name
    must be in the person's first or last name, as the staff search reads names."""
    reference = read_reference(typed)
    if reference:
        people = Person.objects.filter(report__reference=reference)
    else:
        people = Person.objects.all()
        for word in typed.split():
            people = people.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    person_ids = list(people.values_list("pk", flat=True)[:PEOPLE_AT_MOST])
    reports = Report.objects.filter(Q(persons__pk__in=person_ids) | Q(reference=reference or "-"))
    return PersonRecords(
        reports=list(reports.distinct().order_by("id")[:PEOPLE_AT_MOST]),
        person_ids=person_ids,
        case_ids=list(Case.objects.filter(victim_id__in=person_ids).values_list("pk", flat=True)),
    )


def _about_person(typed: str) -> Q:
    """Entries about the person's records, list and search entries naming one of their
    reports, and searches for their name (every word typed among the search's words)."""
    found = records_about(typed)
    about = Q(
        object_type=Report._meta.label_lower, object_id__in=[str(r.pk) for r in found.reports]
    )
    about |= Q(
        object_type=Person._meta.label_lower, object_id__in=[str(i) for i in found.person_ids]
    )
    about |= Q(object_type=Case._meta.label_lower, object_id__in=[str(i) for i in found.case_ids])
    for report in found.reports:
        about |= Q(object_label__icontains=report.reference)
        about |= Q(detail__icontains=f'"{report.reference}"')
    if not read_reference(typed):
        searched = Q()
        for made in fingerprints(typed):
            searched &= Q(detail__icontains=made)
        if searched:
            about |= searched
    return about


def entries(search: LogSearch) -> QuerySet[AuditEvent]:
    """The log's entries that match every part of the search, newest first."""
    found = AuditEvent.objects.select_related("organisation")
    if search.person:
        found = found.filter(_about_person(search.person))
    if search.user:
        found = found.filter(
            Q(actor_label__icontains=search.user)
            | Q(actor__first_name__icontains=search.user)
            | Q(actor__last_name__icontains=search.user)
        )
    if search.organisation is not None:
        found = found.filter(
            Q(organisation=search.organisation) | Q(organisation_label=search.organisation.name)
        )
    if search.date_from:
        found = found.filter(at__date__gte=search.date_from)
    if search.date_to:
        found = found.filter(at__date__lte=search.date_to)
    return found.order_by("-at", "-id")


# Readable labels for the keys audit entries keep; any other key is shown with its
# underscores as spaces and a capital first letter.
DETAIL_LABELS = {
    "via": "Seen on",
    "records": "Records",
    "record": "Record",
    "with": "With record",
    "cluster": "Cluster",
    "downloaded_evidence": "Evidence file downloaded",
    "entries_found": "Entries found",
    "why": "Why",
    "erased": "Erased",
    "did": "What was done",
    "flag": "Hold or restriction number",
    "LegalHold": "Legal hold",
    "Restriction": "Restriction",
    "sees_all_reports": "Sees every report",
    "organisation": "Organisation",
    "reopen_reason": "Why reopened",
    "closure_reason": "Why closed",
}


def _label(key: str) -> str:
    return DETAIL_LABELS.get(key) or key.replace("_", " ").capitalize()


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{_label(str(k)).lower()} {_value(v)}" for k, v in value.items())
    return str(value)


def detail_lines(event: AuditEvent) -> list[str]:
    """The entry's details as "label: value" lines: why, what was shown or searched for,
    then anything else the entry keeps."""
    detail = event.detail or {}
    lines: list[str] = []
    if reason := detail.get("reason"):
        lines.append(
            f"Reason: {reason}"
            + (f" ({detail['reason_given']})" if detail.get("reason_given") else "")
        )
    if shown := detail.get("shown"):
        lines.append("Shown: " + ", ".join(shown[:10]) + (" and more" if len(shown) > 10 else ""))
    if search := detail.get("search"):
        terms = []
        for name, value in search.items():
            if isinstance(value, dict) and "words" in value:
                terms.append(f"{name.replace('_', ' ')} ({value['words']} words, not kept)")
            else:
                terms.append(f"{name.replace('_', ' ')} {value}")
        lines.append("Searched by: " + ", ".join(terms))
    lines.extend(
        f"{_label(k)}: {_value(v)}"
        for k, v in detail.items()
        if k not in {"reason", "reason_given", "shown", "ids", "search", "page"}
    )
    return lines


def summary(event: AuditEvent) -> str:
    """The entry's details in a line (for the CSV file)."""
    return "; ".join(detail_lines(event))


def _record_search(request: HttpRequest, search: LogSearch, found: int, *, action: str) -> None:
    audit.record_list(
        actor=request.user,
        page="audit log search",
        objects=[],
        object_type=AuditEvent._meta.label_lower,
        action=action,
        search=search.described(),
        detail={"entries_found": found},
    )


@require(Permission.READ_AUDIT_LOG)
def audit_log(request: HttpRequest) -> HttpResponse:
    """Search the audit log; the search is logged."""
    form = AuditSearchForm(request.GET if request.GET else None)
    page = None
    rows: list[tuple[AuditEvent, list[str]]] = []
    if form.is_bound and form.is_valid():
        found = entries(form.search())
        page = page_of(found, request.GET.get("page"), per_page=PER_PAGE)
        rows = [(event, detail_lines(event)) for event in page.object_list]
        _record_search(
            request, form.search(), page.paginator.count, action=AuditEvent.Action.SEARCH
        )
    return render(
        request,
        "staff/audit_log.html",
        {
            "form": form,
            "page": page,
            "searched": page is not None,
            "rows": rows,
            "query_string": query_without_page(request),
            "form_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@require(Permission.READ_AUDIT_LOG)
def audit_log_csv(request: HttpRequest) -> HttpResponse:
    """The entries of a search as a CSV file (the export is logged)."""
    form = AuditSearchForm(request.GET)
    if not form.is_valid():
        return audit_log(request)
    found = list(entries(form.search())[:EXPORTED_AT_MOST])
    _record_search(request, form.search(), len(found), action=AuditEvent.Action.EXPORT)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y-%m-%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "entry",
            "when (UTC)",
            "who",
            "organisation",
            "action",
            "record",
            "record type",
            "record id",
            "details",
            "hash",
        ]
    )
    for event in found:
        writer.writerow(
            [
                event.sequence or "",
                event.at.strftime("%Y-%m-%d %H:%M:%S"),
                escape_cell(event.actor_label),
                escape_cell(event.organisation_label),
                event.get_action_display(),
                escape_cell(event.object_label),
                event.object_type,
                escape_cell(event.object_id),
                escape_cell(summary(event)),
                event.hash,
            ]
        )
    return response
