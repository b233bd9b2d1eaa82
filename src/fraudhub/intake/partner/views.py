"""Staff pages for partner intake: upload a referral file and watch it import, refer one
victim, and decide on quarantined rows."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fraudhub.governance.access import organisation_of, require
from fraudhub.governance.roles import Permission
from fraudhub.intake import file_imports, selectors, services
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.intake.referrals import COLUMNS, header_key
from fraudhub.intake.tasks import run_import
from fraudhub.paging import page_of
from fraudhub.reports.models import Report
from fraudhub.tabular.escaping import escape_cell
from fraudhub.uploads import limit_upload, upload_stopped

from . import forms as partner_forms
from .forms import (
    TOO_LARGE,
    DiscardForm,
    ReferralForm,
    UploadForm,
    correction_form,
)

# Who someone is, not a record out of reach: refused (403), as the API refuses it.
NO_ORGANISATION = (
    "Your login is not linked to an organisation, so it has no partner pages. "
    "Ask a Fraud Hub administrator to link it to yours."
)


def _upload_too_large(request: HttpRequest) -> HttpResponse:
    """The upload page, saying the file is too large, without the body being read."""
    organisations = selectors.organisations_user_may_import_for(request.user)
    if not organisations.exists():
        raise PermissionDenied(NO_ORGANISATION)
    form = UploadForm({}, {}, organisations=organisations, refused=TOO_LARGE)
    return _imports_page(request, form, status=413)


@require(Permission.MANAGE_IMPORTS)
@limit_upload(lambda: partner_forms.MAX_UPLOAD_BYTES, _upload_too_large)
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest) -> HttpResponse:
    """Upload a referral file; it imports in the background."""
    organisations = selectors.organisations_user_may_import_for(request.user)
    if not organisations.exists():
        raise PermissionDenied(NO_ORGANISATION)
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        organisations=organisations,
        refused=TOO_LARGE if posted and upload_stopped(request) else "",
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        stored = folder / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
        with stored.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        run = file_imports.start_import(
            organisation=form.cleaned_data["organisation"],
            filename=Path(upload.name).name[:255],
            stored_path=str(stored),
            actor=request.user,
        )
        transaction.on_commit(lambda: run_import.enqueue(run.pk))
        return redirect("intake:import_detail", pk=run.pk)
    return _imports_page(request, form, status=413 if form.too_large else 200)


def _imports_page(request: HttpRequest, form: UploadForm, *, status: int) -> HttpResponse:
    visible = selectors.imports_for(request.user)
    file_imports.recover_stale_imports(runs=visible)
    runs = page_of(visible, request.GET.get("page"), per_page=20)
    return render(
        request,
        "intake/imports.html",
        {"form": form, "runs": runs, "form_has_errors": bool(form.errors)},
        status=status,
    )


@require(Permission.MANAGE_IMPORTS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    runs = selectors.imports_for(request.user).filter(pk=pk)
    file_imports.recover_stale_imports(runs=runs)
    run = runs.first()
    if run is None:
        raise Http404("No import with that number that you can see")
    return render(
        request,
        "intake/import_detail.html",
        {
            "run": run,
            "running": run.status in (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING),
            "open_rows": run.quarantined_rows.filter(status=QuarantinedRow.Status.OPEN).count(),
        },
    )


@require(Permission.MANAGE_IMPORTS)
def import_problems(request: HttpRequest, pk: int) -> HttpResponse:
    """Quarantined rows and warnings of an import, as a CSV a partner can fix and resend."""
    found = selectors.problems_of(request.user, pk)
    if found is None:
        raise Http404("No import with that number that you can see")
    run, rows = found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-problems.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["row", "kind", "message", "row as sent"])
    for row in rows:
        sent = "; ".join(f"{k}={v}" for k, v in row.raw.items() if v)
        writer.writerow(
            [row.row_number, "quarantined", escape_cell("; ".join(row.reasons)), escape_cell(sent)]
        )
    for warning in run.warning_messages:
        writer.writerow([warning["row"], "warning", escape_cell(warning["message"]), ""])
    return response


@require(Permission.MANAGE_IMPORTS)
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty referral file with every column, for partners to fill in."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="referral-template.csv"'
    csv.writer(response).writerow(COLUMNS)
    return response


@require(Permission.SEND_REFERRALS)
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest) -> HttpResponse:
    """A partner refers one victim, with the same rules as a row of a referral file."""
    organisation = organisation_of(request.user)
    if organisation is None:
        raise PermissionDenied(NO_ORGANISATION)
    form = ReferralForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        result, report, outcome = services.submit_referral(
            values=form.values(),
            organisation=organisation,
            source=Report.Source.PARTNER_FORM,
            actor=request.user,
        )
        if report is not None:
            messages.success(
                request,
                {
                    "created": f"Referral sent: {report.reference}",
                    "updated": f"You had sent this reference before: {report.reference} is updated",
                    "unchanged": f"You had already sent this referral: it is {report.reference}",
                }[outcome],
            )
            return redirect("staff:report_detail", reference=report.reference)
        for reason in result.quarantine_reasons:
            form.add_error(None, reason)
    return render(
        request, "intake/refer.html", {"form": form, "form_has_errors": bool(form.errors)}
    )


@require(Permission.MANAGE_IMPORTS)
def quarantine(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", QuarantinedRow.Status.OPEN)
    if status not in QuarantinedRow.Status.values:
        status = QuarantinedRow.Status.OPEN
    rows = selectors.quarantine_for(request.user).filter(status=status)
    page = page_of(rows, request.GET.get("page"), per_page=50)
    return render(
        request,
        "intake/quarantine.html",
        {"page": page, "status": status, "statuses": QuarantinedRow.Status.choices},
    )


@require(Permission.MANAGE_IMPORTS)
@require_http_methods(["GET", "POST"])
def quarantined_row(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a quarantined row and accept it, or discard it with a reason."""
    row = selectors.quarantined_row_for(request.user, pk)
    if row is None:
        raise Http404("No quarantined row with that number that you can see")
    raw = {header_key(k): str(v) for k, v in row.raw.items()}
    action = request.POST.get("action") if request.method == "POST" else None
    # Bound either way, so the boxes at fault are marked beside their values.
    form = correction_form(raw, request.POST if action == "accept" else raw)
    discard = DiscardForm(request.POST if action == "discard" else None)
    row_problems: list[str] = []
    if row.status == QuarantinedRow.Status.OPEN and action == "accept" and form.is_valid():
        result, report = services.accept_quarantined(
            row=row, values=form.cleaned_data, actor=request.user
        )
        if report is not None:
            messages.success(request, f"Row accepted as report {report.reference}")
            return redirect("intake:quarantine")
        form.mark(result.field_messages)
        row_problems = [] if result.field_messages else result.quarantine_reasons
    if row.status == QuarantinedRow.Status.OPEN and action == "discard" and discard.is_valid():
        services.discard_quarantined(
            row=row, reason=discard.cleaned_data["reason"], actor=request.user
        )
        messages.success(request, f"Row {row.row_number} of {row.filename} discarded")
        return redirect("intake:quarantine")
    if row.status == QuarantinedRow.Status.OPEN and action is None:
        form.is_valid()
        now = selectors.read_quarantined(row)
        form.mark({**now.field_messages, **row.field_reasons})
        placed = {m for messages_ in row.field_reasons.values() for m in messages_}
        row_problems = [
            r for r in row.reasons if r not in now.quarantine_reasons and r not in placed
        ] or ([] if now.field_messages else now.quarantine_reasons)
    summary = (
        [{"href": "#row-problems", "text": p} for p in row_problems]
        + (form.summary() if action != "discard" else [])
        + [{"href": f"#{discard[n].auto_id}", "text": e[0]} for n, e in discard.errors.items()]
    )
    return render(
        request,
        "intake/quarantined_row.html",
        {
            "row": row,
            "form": form,
            "discard": discard,
            "row_problems": row_problems,
            "summary": summary if row.status == QuarantinedRow.Status.OPEN else [],
            "form_has_errors": bool(summary) and row.status == QuarantinedRow.Status.OPEN,
        },
    )
