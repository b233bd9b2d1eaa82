"""The reporter adds information and evidence to the report they track."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fraudhub.reports import evidence, selectors
from fraudhub.reports.additions import add_information as add_to_report
from fraudhub.uploads import limit_upload, upload_stopped

from .evidence_forms import AddInformationForm
from .views import TRACKED

# The most one addition's files may hold together; a request far over it is not read.
MAX_UPLOAD_BYTES = evidence.MAX_FILES * evidence.MAX_FILE_BYTES


def _page(
    request: HttpRequest, reference: str, form: AddInformationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "intake/add_information.html",
        {"reference": reference, "form": form, "form_has_errors": bool(form.errors)},
        status=status,
    )


def _too_large(request: HttpRequest, reference: str) -> HttpResponse:
    """The form again, unread, when the files together are far over the limits."""
    if reference.upper() not in request.session.get(TRACKED, []):
        return redirect("intake:track")
    form = AddInformationForm({}, {}, refused=evidence.TOO_LARGE)
    form.is_valid()
    return _page(request, reference.upper(), form, status=413)


@limit_upload(lambda: MAX_UPLOAD_BYTES, _too_large)
@require_http_methods(["GET", "POST"])
def add_information(request: HttpRequest, reference: str) -> HttpResponse:
    """What else should we know, and files: added to the same report, for a reporter who
    proved in this browser that they may track it (reference and details, or the link)."""
    if reference.upper() not in request.session.get(TRACKED, []):
        return redirect("intake:track")
    report = selectors.report_for_proven_reporter(reference)
    if report is None:
        return redirect("intake:track")
    if request.method == "POST":
        form = AddInformationForm(
            request.POST,
            request.FILES,
            refused=evidence.TOO_LARGE if upload_stopped(request) else "",
        )
        if form.is_valid():
            add_to_report(report=report, text=form.cleaned_data["text"], files=form.checked)
            messages.success(request, "We have added this to your report")
            return redirect("intake:track_session", reference=report.reference)
        return _page(request, report.reference or "", form, status=413 if form.refused else 200)
    return _page(request, report.reference or "", AddInformationForm())
