"""Staff pages for warnings to people at risk (case managers) and awareness activity."""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.prevention.awareness_rows import COLUMNS, EXAMPLE
from fraudhub.prevention.forms.outreach import AwarenessForm, AwarenessUploadForm, WarningForm
from fraudhub.prevention.models import WarningBatch, WarningChannel, WarningRecipient
from fraudhub.prevention.selectors import awareness as awareness_selectors
from fraudhub.prevention.selectors import warnings as warning_selectors
from fraudhub.prevention.services import awareness as awareness_services
from fraudhub.prevention.services import warnings as warning_services
from fraudhub.uploads import limit_upload, upload_stopped

MAX_AWARENESS_FILE = 5 * 1024 * 1024

# --- warnings to people at risk ---------------------------------------------------------


@require(Permission.WORK_CASES)
def warnings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevention/warnings.html",
        {
            "campaigns": warning_selectors.campaigns(request.user),
            "batches": warning_selectors.batches(request.user)[:50],
        },
    )


@require(Permission.WORK_CASES)
@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = warning_selectors.campaign(request.user, campaign_id)
    if campaign is None:
        raise Http404("No confirmed campaign with that number that you can see")
    form = WarningForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = warning_services.prepare_batch(
                actor=request.user,
                campaign=campaign,
                channel=form.cleaned_data["channel"],
                next_move=form.cleaned_data["next_move"],
            )
        except warning_services.WarningRefused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("prevention_staff:warning_batch", batch_id=batch.pk)
    return render(
        request,
        "prevention/warning_prepare.html",
        {"campaign": campaign, "form": form, "form_has_errors": bool(form.errors)},
    )


def _batch(request: HttpRequest, batch_id: int) -> tuple[WarningBatch, list[WarningRecipient]]:
    """The team's batch and the recipients its reader may see, or not found."""
    found = warning_selectors.batch(request.user, batch_id)
    if found is None:
        raise Http404("No warning batch with that number that you can see")
    return found, found.shown_recipients  # type: ignore[attr-defined]


@require(Permission.WORK_CASES)
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    found, recipients = _batch(request, batch_id)
    sample = next((r for r in recipients if r.method), None)
    return render(
        request,
        "prevention/warning_batch.html",
        {
            "batch": found,
            "recipients": recipients,
            "to_send": sum(1 for r in recipients if r.method),
            "letters": sum(1 for r in recipients if r.method == WarningChannel.LETTER),
            "preview": warning_services.preview(sample.case, found) if sample else None,
        },
    )


@require(Permission.WORK_CASES)
@require_POST
def approve(request: HttpRequest, batch_id: int) -> HttpResponse:
    found, _ = _batch(request, batch_id)
    try:
        done = warning_services.approve_batch(actor=request.user, batch=found)
    except warning_services.WarningRefused as refused:
        messages.error(request, str(refused))
    else:
        done.refresh_from_db(fields=["status"])
        sent = done.recipients.exclude(contact=None).count()
        messages.success(
            request,
            f"Approved: {sent} warning{'s' if sent != 1 else ''} sent"
            if done.status == WarningBatch.Status.SENT
            else "Approved: the warnings are being sent. Refresh this page to see each one.",
        )
    return redirect("prevention_staff:warning_batch", batch_id=batch_id)


@require(Permission.WORK_CASES)
def letters(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The batch's letters, one to a printed page."""
    found, recipients = _batch(request, batch_id)
    return render(
        request,
        "prevention/warning_letters.html",
        {
            "batch": found,
            "letters": [
                r for r in recipients if r.method == WarningChannel.LETTER and r.contact_id
            ],
        },
    )


# --- awareness activity -----------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[date, date, str]:
    """The period asked for (?start=YYYY-MM-DD&end=...), else the last 12 months."""
    today = timezone.localdate()
    start, end = today - timedelta(days=365), today
    problem = ""
    try:
        if request.GET.get("start"):
            start = date.fromisoformat(request.GET["start"])
        if request.GET.get("end"):
            end = date.fromisoformat(request.GET["end"])
    except ValueError:
        problem = "Enter dates as year-month-day, like 2026-04-01: showing the last 12 months"
        start, end = today - timedelta(days=365), today
    return start, end, problem


@require(Permission.SEE_INTELLIGENCE)
def awareness(request: HttpRequest) -> HttpResponse:
    start, end, problem = _period(request)
    return render(
        request,
        "prevention/awareness.html",
        {
            "figures": awareness_selectors.awareness_figures(start, end),
            "sessions": awareness_selectors.sessions_between(start, end)[:100],
            "period_problem": problem,
            "start_typed": start.isoformat(),
            "end_typed": end.isoformat(),
        },
    )


@require(Permission.SEE_INTELLIGENCE)
@require_http_methods(["GET", "POST"])
def awareness_new(request: HttpRequest) -> HttpResponse:
    form = AwarenessForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        awareness_services.record_session(actor=request.user, values=form.session_values())
        messages.success(request, "Awareness session recorded")
        return redirect("prevention_staff:awareness")
    return render(
        request,
        "prevention/awareness_new.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


def _file_too_large(request: HttpRequest) -> HttpResponse:
    form = AwarenessUploadForm({}, {})
    form.is_valid()
    form.errors.clear()
    form.add_error("file", "The file must be smaller than 5 MB: split it into smaller files")
    return render(
        request,
        "prevention/awareness_import.html",
        {"form": form, "form_has_errors": True},
        status=413,
    )


@require(Permission.SEE_INTELLIGENCE)
@limit_upload(lambda: MAX_AWARENESS_FILE, _file_too_large)
@require_http_methods(["GET", "POST"])
def awareness_import(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = AwarenessUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and upload_stopped(request):  # known once the body is read, just above
        return _file_too_large(request)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory() as folder:
            stored = Path(folder) / f"sessions{suffix if suffix == '.xlsx' else '.csv'}"
            with stored.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                run = awareness_services.import_sessions(
                    actor=request.user, path=stored, filename=Path(upload.name).name
                )
            except awareness_services.UnreadableAwarenessFile as unreadable:
                form.add_error("file", str(unreadable))
            else:
                return redirect("prevention_staff:awareness_import_result", import_id=run.pk)
    return render(
        request,
        "prevention/awareness_import.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


@require(Permission.SEE_INTELLIGENCE)
def awareness_import_result(request: HttpRequest, import_id: int) -> HttpResponse:
    run = awareness_selectors.awareness_import(import_id)
    if run is None:
        raise Http404("No import with that number")
    return render(
        request, "prevention/awareness_import_result.html", {"run": run, "columns": COLUMNS}
    )


@require(Permission.SEE_INTELLIGENCE)
def awareness_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="awareness-sessions-template.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerow(EXAMPLE)
    return response
