"""One search box for staff: a reference opens its report; anything else is looked for as
a reference of a partner or the police, a person's name, a postcode and, for those who see
intelligence, a scammer's identifier in any format, in that order. It sits above the apps
because it asks several of them, as the project's URLs do."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fraudhub.governance.access import Actor, allowed, require
from fraudhub.governance.roles import Permission
from fraudhub.governance.search_terms import describe
from fraudhub.govuk_forms import GovukForm
from fraudhub.linking.search_selectors import IdentifierSearch, search_identifiers
from fraudhub.reports import normalise
from fraudhub.reports.models import Report
from fraudhub.reports.references import read_reference
from fraudhub.reports.search_selectors import ReportFilters, record_report_page, search_reports
from fraudhub.reports.selectors import any_opened_from_outside, sees_every_report, visible_reports
from fraudhub.reports.views import ask_for_lists_reason, lists_reason_given

SHOWN = 20


class StaffSearchForm(GovukForm):
    q = forms.CharField(
        label="Search",
        max_length=200,
        help_text=(
            "A report reference, a partner's or police reference, a name, a postcode, or a "
            "scammer's phone number, email address, website or bank account"
        ),
    )
    required_messages = {"q": "Enter what you are looking for"}


@dataclass
class Found:
    """What one search found, section by section, in the order the page shows them."""

    typed: str
    reference: str = ""
    by_name: list[Report] = field(default_factory=list)
    more_by_name: bool = False
    postcode: str = ""
    by_postcode: list[Report] = field(default_factory=list)
    more_by_postcode: bool = False
    identifiers: IdentifierSearch | None = None


def _first(reports: list[Report]) -> tuple[list[Report], bool]:
    return reports[:SHOWN], len(reports) > SHOWN


def find(user: Actor, typed: str) -> Found:
    found = Found(typed=typed.strip())
    found.reference = read_reference(typed) or ""
    if found.reference:
        return found
    found.by_name, found.more_by_name = _first(
        list(search_reports(user, ReportFilters(query=found.typed))[: SHOWN + 1])
    )
    read = normalise.postcode(found.typed)
    if read.value:
        found.postcode = read.value
        found.by_postcode, found.more_by_postcode = _first(
            list(search_reports(user, ReportFilters(postcode=found.typed))[: SHOWN + 1])
        )
    if sees_every_report(user) and allowed(user, Permission.SEE_INTELLIGENCE):
        found.identifiers = search_identifiers(user, found.typed)
    return found


def record_search(user: Actor, found: Found, *, reason: dict[str, str] | None = None) -> None:
    """One audit entry for the search: the reports it showed, and what was typed as the
    log keeps a search (a reference as typed, anything else as fingerprints)."""
    shown = list(dict.fromkeys([*found.by_name, *found.by_postcode]))
    record_report_page(
        user,
        shown,
        page="staff search",
        search=describe(
            kept={
                "reference": found.reference,
                "postcode_district": found.postcode.split(" ")[0] if found.postcode else "",
            },
            hidden={"text": "" if found.reference else found.typed},
        ),
        reason=reason,
    )


@require(Permission.VIEW_REPORTS)
def staff_search(request: HttpRequest) -> HttpResponse:
    form = StaffSearchForm(request.GET if "q" in request.GET else None)
    found = None
    if form.is_bound and form.is_valid():
        found = find(request.user, form.cleaned_data["q"])
        reason = lists_reason_given(request)
        outside = any_opened_from_outside(request.user, [*found.by_name, *found.by_postcode])
        if outside and reason is None:
            return ask_for_lists_reason(request)
        record_search(request.user, found, reason=reason if outside else None)
        visible = visible_reports(request.user).filter(reference=found.reference)
        if found.reference and visible.exists():
            return redirect("staff:report_detail", reference=found.reference)
    return render(
        request,
        "staff/search.html",
        {"form": form, "found": found, "form_has_errors": bool(form.errors)},
    )
