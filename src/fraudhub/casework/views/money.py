"""Getting a victim's money back: a case's payments page (each payment's routes, deadlines
and what can be claimed), recording a payment, starting and moving a claim, writing its
letters and downloading them, and the team's claims to chase."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import require
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.roles import Permission

from .. import selectors
from ..claim_states import ClaimMoveRefused, ClaimState, in_sentence
from ..models import Bank, Case, Claim, RecoveryLetter
from ..payment_forms import ClaimForm, ClaimMoveForm, LetterForm, PaymentForm, pounds, typed_date
from ..recovery import is_vulnerable, near_days, routes_of
from ..services import payments as money
from ..services.edits import CaseRuleBroken
from .actions import REFUSED, _edit, _page
from .lookups import Restricted, case_or_404, restricted, team_or_404


def _bank(chosen: str) -> Bank | None:
    return Bank.objects.filter(pk=int(chosen)).first() if chosen.isdigit() else None


def _to_money_page(request: HttpRequest, case: Case, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("casework:money", case_id=case.pk)


def _case(request: HttpRequest, case_id: int) -> Case | HttpResponse:
    try:
        return case_or_404(request, case_id)
    except Restricted:
        return restricted(request, case_id)


@require(Permission.VIEW_CASES)
def money_page(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    today = timezone.localdate()
    payments = list(case.payments.select_related("bank"))
    claims = list(
        case.claims.select_related("bank").prefetch_related("payments", "letters").order_by("id")
    )
    return render(
        request,
        "casework/money.html",
        {
            "case": case,
            "shown": routes_of(payments, today=today, vulnerable=is_vulnerable(case)),
            "claims": claims,
            "vulnerable": is_vulnerable(case),
            "near_days": near_days(),
            "today": today,
        },
    )


def _money_form_page(request: HttpRequest, case: Case, form: Any, **extra: Any) -> HttpResponse:
    return _page(request, case, form, back="casework:money", **extra)


@require(Permission.WORK_CASES)
def add_payment(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    if request.method != "POST":
        form = PaymentForm(initial={"payee_uk": True, "purchase": False}, case=case)
    else:
        form = PaymentForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment = money.record_payment(
                    edit=_edit(request, case, form),
                    paid_on=typed_date(data["paid_on"]),
                    amount=pounds(data["amount"]),
                    method=data["method"],
                    authorised=data["authorised"],
                    payee_uk=data["payee_uk"],
                    purchase=data["purchase"],
                    bank=_bank(data["bank"]),
                    payee_sort_code=data["payee_sort_code"],
                    payee_account=data["payee_account"],
                    card_merchant=data["card_merchant"],
                    wallet=data["wallet"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _to_money_page(request, case, f"Payment of {payment} recorded")
    return _money_form_page(request, case, form, action="payment", title="Record a payment")


@require(Permission.WORK_CASES)
def add_claim(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    payments = list(case.payments.all())
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if "route" in request.GET:
            initial["route"] = request.GET["route"]
        form = ClaimForm(initial=initial, case=case, payments=payments)
    else:
        form = ClaimForm(request.POST, case=case, payments=payments)
        if form.is_valid():
            data = form.cleaned_data
            bank = _bank(data["bank"])
            chosen = [p for p in payments if str(p.pk) in data["payments"]]
            try:
                if bank is None:
                    raise CaseRuleBroken("Select the bank the claim goes to")
                claim = money.open_claim(
                    edit=_edit(request, case, form),
                    route=data["route"],
                    bank=bank,
                    payments=chosen,
                    amount_claimed=pounds(data["amount_claimed"]),
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _to_money_page(request, case, f"Claim started: {claim}")
    return _money_form_page(request, case, form, action="claim", title="Start a claim")


@require(Permission.WORK_CASES)
def claim_detail(request: HttpRequest, case_id: int, claim_id: int) -> HttpResponse:
    """Record what has happened to a claim: its next step on the lifecycle."""
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    claim = get_object_or_404(Claim.objects.select_related("bank"), case=case, pk=claim_id)
    if request.method != "POST":
        form = ClaimMoveForm(case=case, claim=claim)
    else:
        form = ClaimMoveForm(request.POST, case=case, claim=claim)
        if form.is_valid():
            data = form.cleaned_data
            try:
                moved = money.move_claim(
                    edit=_edit(request, case, form),
                    claim=claim,
                    target=data["target"],
                    on=typed_date(data["on"]),
                    reimbursed=pounds(data["reimbursed"]) if data["reimbursed"] else None,
                    refusal_reason=data["refusal_reason"],
                    notes=data["notes"],
                )
            except (*REFUSED, ClaimMoveRefused) as exc:
                form.add_error(None, str(exc))
            else:
                done = f"{moved}: {in_sentence(ClaimState(moved.state))}"
                return _to_money_page(request, case, done)
    return _money_form_page(
        request, case, form, action="claim-move", title="Update the claim", item=claim
    )


@require(Permission.WORK_CASES)
def write_letter(request: HttpRequest, case_id: int, claim_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    claim = get_object_or_404(Claim.objects.select_related("bank"), case=case, pk=claim_id)
    if request.method != "POST":
        form = LetterForm(initial={"format": RecoveryLetter.Format.DOCX}, case=case)
    else:
        form = LetterForm(request.POST, case=case)
        if form.is_valid():
            try:
                letter = money.write_letter(
                    edit=_edit(request, case, form),
                    claim=claim,
                    kind=form.cleaned_data["kind"],
                    format=form.cleaned_data["format"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = f"{letter.get_kind_display()} written and kept on the case"
                return _to_money_page(request, case, done)
    return _money_form_page(
        request, case, form, action="claim-letter", title="Write a letter", item=claim
    )


@require(Permission.VIEW_CASES)
def download_letter(request: HttpRequest, case_id: int, letter_id: int) -> HttpResponse:
    """A letter kept on the case, for staff who may see the case; the download is audited."""
    if request.method != "GET":
        return HttpResponse(status=405, headers={"Allow": "GET"})
    case = _case(request, case_id)
    if isinstance(case, HttpResponse):
        return case
    letter = RecoveryLetter.objects.filter(claim__case=case, pk=letter_id).first()
    if letter is None or not letter.file:
        raise Http404("No such letter on this case")
    audit.record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        obj=case,
        detail={"downloaded_letter": letter.pk},
    )
    content_type = {
        RecoveryLetter.Format.DOCX: (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ),
        RecoveryLetter.Format.PDF: "application/pdf",
    }[RecoveryLetter.Format(letter.format)]
    with letter.file.open("rb") as stored:  # a letter is a few kilobytes
        response = HttpResponse(stored.read(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{letter.file_name}"'
    return response


@require(Permission.VIEW_CASES)
def claims_to_chase(request: HttpRequest) -> HttpResponse:
    team_or_404(request)
    today = timezone.localdate()
    claims = list(selectors.claims_to_chase(request.user, today=today)[:200])
    selectors.record_listed(request.user, [c.case for c in claims], page="claims to chase")
    rows = [
        {"claim": c, "days_left": max(left, 0), "days_ago": max(-left, 0)}
        for c in claims
        for left in [(c.due_on - today).days if c.due_on else 0]
    ]
    return render(
        request,
        "casework/claims_to_chase.html",
        {"rows": rows, "today": today, "near_days": near_days()},
    )
