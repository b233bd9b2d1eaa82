"""Staff pages for reports: the searchable list and the report page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.http import require_GET, require_POST

from fraudhub.governance.access import allowed, require
from fraudhub.governance.roles import Permission
from fraudhub.paging import page_of, query_without_page

from . import search_selectors, selectors, services
from .additions import MergeRefused, merge_duplicate
from .consent import victim_consent
from .forms import ConsultationReasonForm, ReportSearchForm, UpdateForm
from .models import EvidenceFile
from .panels import panels_for
from .reason_page import ask_why


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role starts where its work is: the hub's case queue, the analysts' clusters, the
    data protection officer's audit log, or the reports a partner can see."""
    if allowed(request.user, Permission.VIEW_CASES):
        return redirect("casework:queue")
    if allowed(request.user, Permission.SEE_INTELLIGENCE):
        return redirect("linking:cluster_list")
    if allowed(request.user, Permission.READ_AUDIT_LOG):
        return redirect("audit_log")
    return redirect("staff:report_list")


LISTS_REASON = "lists_consultation_reason"
# The pages a reason for lists leads back to.
LIST_PAGES = ("staff:report_list", "staff_search")


def lists_reason_given(request: HttpRequest) -> dict[str, str] | None:
    """The reason this person gave, in this sign-in, for lists and searches that show
    reports of organisations other than their own."""
    return request.session.get(LISTS_REASON)


def ask_for_lists_reason(request: HttpRequest) -> HttpResponse:
    """Send the reader to say why they are looking at other organisations' reports, then
    back to the list or search they asked for."""
    query = QueryDict(mutable=True)
    query["next"] = request.get_full_path()
    return redirect(f"{reverse('staff:lists_reason')}?{query.urlencode()}")


def _back_to_list(request: HttpRequest) -> str:
    path = request.POST.get("next") or request.GET.get("next", "")
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return reverse("staff:report_list")
    return path if match.view_name in LIST_PAGES else reverse("staff:report_list")


@require(Permission.VIEW_REPORTS)
def lists_reason(request: HttpRequest) -> HttpResponse:
    """Ask once per sign-in why someone is looking at lists and searches that show reports
    collected by other organisations; the answer goes into the audit entry of each page."""
    back = _back_to_list(request)
    opening = "reports of other organisations"
    form = ConsultationReasonForm(
        request.POST if request.method == "POST" else None, opening=opening
    )
    if request.method == "POST" and form.is_valid():
        request.session[LISTS_REASON] = form.given()
        return redirect(back)
    return ask_why(
        request,
        form,
        next_url=back,
        caption="Reports and search",
        explanation="Lists and searches show reports sent to organisations other than yours. "
        "We will not ask again until you sign out.",
        back=(reverse("staff:home"), "Home"),
    )


@require(Permission.VIEW_REPORTS)
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportSearchForm(request.GET or None)
    filters = form.filters()
    reports = search_selectors.search_reports(request.user, filters)
    page = page_of(reports, request.GET.get("page"), per_page=50)
    reason = lists_reason_given(request)
    outside = selectors.any_opened_from_outside(request.user, page.object_list)
    if outside and reason is None:
        return ask_for_lists_reason(request)
    search_selectors.record_report_page(
        request.user,
        list(page.object_list),
        page="report list",
        search=search_selectors.described_search(filters) or None,
        reason=reason if outside else None,
    )
    return render(
        request,
        "staff/report_list.html",
        {
            "form": form,
            "page": page,
            "query_string": query_without_page(request),
            "form_has_errors": bool(form.errors),
        },
    )


REASONS_GIVEN = "consultation_reasons"


def _reason_given(request: HttpRequest, reference: str) -> dict[str, str] | None:
    """The reason this person gave for opening the report in this sign-in, if any."""
    given = request.session.get(REASONS_GIVEN, {})
    return given.get(reference.strip().upper())


def _detail(request: HttpRequest, reference: str, update_form: UpdateForm) -> HttpResponse:
    reason = _reason_given(request, reference)
    if reason is None and selectors.report_needing_reason(request.user, reference):
        return redirect("staff:report_reason", reference=reference.strip().upper())
    report = selectors.report_for_staff(request.user, reference, reason=reason)
    if report is None:
        if selectors.restricted_for_staff(request.user, reference):
            return render(request, "staff/report_restricted.html", {"reference": reference.upper()})
        raise Http404("No report with that reference that you can see")
    return render(
        request,
        "staff/report_detail.html",
        {
            "report": report,
            "victim": report.victim,
            "victim_consent": victim_consent(report),
            "reporter": report.reporter,
            "panels": panels_for(request.user, report),
            "additions": selectors.additions_for([report]),
            "sees_duplicates": selectors.sees_every_report(request.user),
            "may_merge": allowed(request.user, Permission.WORK_CASES),
            "update_form": update_form,
            "form_has_errors": bool(update_form.errors),
        },
    )


@require(Permission.VIEW_REPORTS)
def report_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, reference, UpdateForm())


@require(Permission.VIEW_REPORTS)
def report_reason(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask why someone is opening a report that is not their own organisation's; the
    answer goes into the audit entry of every look at it for the rest of the sign-in."""
    report = selectors.report_needing_reason(request.user, reference)
    if report is None:
        if selectors.visible_reports(request.user).filter(reference=reference.upper()).exists():
            return redirect("staff:report_detail", reference=reference.upper())
        raise Http404("No report with that reference that you can see")
    form = ConsultationReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        given = request.session.get(REASONS_GIVEN, {})
        given[report.reference] = form.given()
        request.session[REASONS_GIVEN] = given
        return redirect("staff:report_detail", reference=report.reference)
    return render(
        request,
        "staff/report_reason.html",
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "caption": f"Report {report.reference}"
            + (f" from {report.source_organisation}" if report.source_organisation else ""),
            "explanation": "This report was not collected by your organisation or sent to it. "
            "We will not ask again for this report until you sign out.",
            "continue_label": "Continue to the report",
            "back_url": reverse("staff:report_list"),
            "back_text": "All reports",
        },
    )


@require(Permission.WORK_CASES)
@require_POST
def add_update(request: HttpRequest, reference: str) -> HttpResponse:
    form = UpdateForm(request.POST)
    report = selectors.visible_reports(request.user).filter(reference=reference).first()
    if report is None:
        raise Http404("No report with that reference that you can see")
    if not form.is_valid():
        return _detail(request, reference, form)
    update = services.add_update(report=report, text=form.cleaned_data["text"], actor=request.user)
    if update.emailed_to:
        messages.success(request, "Update added and emailed to the person who reported this")
    else:
        messages.success(request, "Update added to their tracking page")
    return redirect("staff:report_detail", reference=report.reference)


EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


def download_name(stored: EvidenceFile) -> str:
    """The name a file is saved under: the reporter's name without its extension, then the
    extension of the type the content was found to be, so a "letter.pdf.html" that is a PDF
    is saved as "letter.pdf.pdf", never as a web page."""
    stem = stored.original_name.rsplit(".", 1)[0] or "evidence"
    return f"{stem}.{EXTENSIONS.get(stored.content_type, 'bin')}"


@require_GET
def evidence_file(
    request: HttpRequest, reference: str, file_id: int
) -> HttpResponse | FileResponse:
    """Download a file the reporter sent, for staff who may see the report (audited).
    Anyone else, signed in or not, gets the page not found: evidence is never public."""
    if not allowed(request.user, Permission.VIEW_REPORTS):
        raise Http404("No file with that number that you can see")
    reason = _reason_given(request, reference)
    if reason is None and selectors.report_needing_reason(request.user, reference):
        return redirect("staff:report_reason", reference=reference.strip().upper())
    stored = selectors.evidence_for_staff(request.user, reference, file_id, reason=reason)
    if stored is None:
        raise Http404("No file with that number that you can see")
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=download_name(stored),
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require(Permission.WORK_CASES)
@require_POST
def merge(request: HttpRequest, reference: str) -> HttpResponse:
    """Merge a likely duplicate into the earlier report about the same incident (the hub's
    staff who work cases: they see both reports)."""
    duplicate = selectors.visible_reports(request.user).filter(reference=reference).first()
    if duplicate is None:
        raise Http404("No report with that reference that you can see")
    try:
        original = merge_duplicate(duplicate=duplicate, actor=request.user)
    except MergeRefused as refusal:
        messages.warning(request, str(refusal))
        return redirect("staff:report_detail", reference=duplicate.reference)
    messages.success(request, f"{duplicate.reference} merged into {original.reference} and closed")
    return redirect("staff:report_detail", reference=original.reference)
