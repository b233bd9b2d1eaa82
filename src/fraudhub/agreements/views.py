"""Staff pages for data-sharing agreements. Staff read the agreements their organisation is
a party to; those who may manage agreements read, record, change and end any."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from fraudhub.governance import audit, policy
from fraudhub.governance.access import allowed, check, require
from fraudhub.governance.models import AuditEvent, SharingAgreement
from fraudhub.governance.roles import Permission
from fraudhub.governance.selectors import agreement_for, agreements_for
from fraudhub.governance.services import AlreadyEnded, end_agreement, save_agreement
from fraudhub.uploads import limit_upload, upload_stopped

from .forms import TOO_LARGE, AgreementForm, EndForm

MAX_UPLOAD = 10 * 1024 * 1024


def _agreement(request: HttpRequest, agreement_id: int) -> SharingAgreement:
    found = agreement_for(request.user, agreement_id)
    if found is None:
        raise Http404("No agreement with that number that you can see")
    return found


@require(Permission.VIEW_REPORTS)
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    today = policy.today()
    agreements = list(agreements_for(request.user))
    return render(
        request,
        "agreements/list.html",
        {
            "rows": [(a, a.status_on(today), a.review_overdue_on(today)) for a in agreements],
            "may_manage": allowed(request.user, Permission.MANAGE_AGREEMENTS),
        },
    )


@require(Permission.VIEW_REPORTS)
@require_GET
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    today = policy.today()
    audit.record(actor=request.user, action=AuditEvent.Action.VIEW, obj=agreement)
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "status": agreement.status_on(today),
            "review_overdue": agreement.review_overdue_on(today),
            "parties": sorted(agreement.parties.all(), key=lambda p: p.name),
            "may_manage": allowed(request.user, Permission.MANAGE_AGREEMENTS),
        },
    )


def _too_large(request: HttpRequest, agreement_id: int | None = None) -> HttpResponse:
    agreement = _agreement(request, agreement_id) if agreement_id is not None else None
    form = AgreementForm(request.POST, agreement=agreement, refused=TOO_LARGE)
    return _form_page(request, form, agreement, status=413)


def _form_page(
    request: HttpRequest, form: AgreementForm, agreement: SharingAgreement | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "agreements/form.html",
        {"form": form, "agreement": agreement, "form_has_errors": bool(form.errors)},
        status=status,
    )


def _save(request: HttpRequest, agreement: SharingAgreement | None) -> HttpResponse:
    posted = request.method == "POST"
    form = AgreementForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        agreement=agreement,
        refused=TOO_LARGE if posted and upload_stopped(request) else "",
    )
    if not (posted and form.is_valid()):
        return _form_page(request, form, agreement, status=400 if posted else 200)
    saved = save_agreement(
        values=form.values(),
        actor=request.user,
        agreement=agreement,
        document=form.cleaned_data.get("document"),
    )
    messages.success(request, f"Agreement {'changed' if agreement else 'recorded'}: {saved.title}")
    return redirect("agreements:detail", agreement_id=saved.pk)


@require(Permission.MANAGE_AGREEMENTS)
@limit_upload(lambda: MAX_UPLOAD, _too_large)
@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest) -> HttpResponse:
    return _save(request, None)


@require(Permission.MANAGE_AGREEMENTS)
@limit_upload(lambda: MAX_UPLOAD, _too_large)
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    if agreement.ended_at is not None:
        messages.warning(request, "An agreement that has ended cannot be changed")
        return redirect("agreements:detail", agreement_id=agreement.pk)
    return _save(request, agreement)


@require(Permission.MANAGE_AGREEMENTS)
@require_http_methods(["GET", "POST"])
def agreement_end(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(request, agreement_id)
    if agreement.ended_at is not None:
        messages.warning(request, "This agreement has already ended")
        return redirect("agreements:detail", agreement_id=agreement.pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            end_agreement(
                agreement=agreement, reason=form.cleaned_data["reason"], actor=request.user
            )
        except AlreadyEnded as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(
                request, f"Agreement ended: {agreement.title}. Sharing under it has stopped"
            )
        return redirect("agreements:detail", agreement_id=agreement.pk)
    return render(
        request,
        "agreements/end.html",
        {"form": form, "agreement": agreement, "form_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def agreement_document(request: HttpRequest, agreement_id: int) -> FileResponse:
    """Download the signed agreement (a file response, so the permission is checked here)."""
    check(request.user, Permission.VIEW_REPORTS)
    agreement = _agreement(request, agreement_id)
    if not agreement.document:
        raise Http404("This agreement has no signed document")
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=agreement,
        detail={"downloaded_document": agreement.document_name},
    )
    response = FileResponse(
        agreement.document.open("rb"),
        as_attachment=True,
        filename=agreement.document_name or "agreement.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
