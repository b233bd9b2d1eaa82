"""Getting a victim's money back: the payments staff record on a case (the payee's details
become identifiers on the report, so they link into clusters), the claims to the victim's
bank and their lifecycle, and the case's next refund deadline that the queue raises."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fraudhub.governance.access import Actor
from fraudhub.reports.additions import add_identifiers
from fraudhub.reports.consent import consent_of
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.normalise import bank_account
from fraudhub.reports.services import add_update

from .. import refund_rules as rules
from ..claim_states import ClaimMove, ClaimState, check_claim_move, in_sentence, tracking_words
from ..models import Bank, Case, Claim, Payment, RecoveryLetter
from ..recovery import figures_for, is_vulnerable, next_deadline, route_deadline, routes_of
from ..recovery_letters import LetterRefused, compose, to_docx, to_pdf
from .edits import CaseRuleBroken, Edit, _claim, _event, _user


def refresh_refund_deadline(case: Case, *, today: date | None = None) -> date | None:
    """Keep the case's next refund deadline, from its payments and claims."""
    day = today or timezone.localdate()
    payments = list(case.payments.all())
    shown = routes_of(payments, today=day, vulnerable=is_vulnerable(case)) if payments else []
    deadline = next_deadline(shown, case.claims.prefetch_related("payments"))
    if deadline != case.refund_deadline:
        case.refund_deadline = deadline
        case.save(update_fields=["refund_deadline"])
    return deadline


def refresh_passed_refund_deadlines(*, today: date | None = None) -> int:
    """Work out again the next refund deadline of every case whose kept deadline has passed,
    so a later deadline on the same case (another payment's route) raises it on the queue
    without waiting for someone to record something; returns how many cases were looked at.
    Run daily by the scheduler."""
    day = today or timezone.localdate()
    count = 0
    stale = Case.objects.filter(refund_deadline__lt=day).order_by("pk")
    for case in stale.prefetch_related("payments").iterator(chunk_size=200):
        with transaction.atomic():
            refresh_refund_deadline(case, today=day)
        count += 1
    return count


def _report_of(case: Case) -> Report:
    """The case's report a payment belongs to: its latest one."""
    report = case.reports.order_by("-received_date", "-id").first()
    if report is None:
        raise CaseRuleBroken("The case has no report to add the payment to")
    return report


def record_payment(
    *,
    edit: Edit,
    paid_on: date,
    amount: Decimal,
    method: str,
    authorised: bool,
    payee_uk: bool = True,
    purchase: bool = False,
    bank: Bank | None = None,
    payee_sort_code: str = "",
    payee_account: str = "",
    card_merchant: str = "",
    wallet: str = "",
) -> Payment:
    """Record a payment the victim made or lost. The payee's account, the card merchant
    or the wallet is added to the report as an identifier, so it links into clusters."""
    if amount <= 0:
        raise CaseRuleBroken("Enter an amount more than £0.00")
    if method not in Payment.Method.values:
        raise CaseRuleBroken("Select how the money was paid")
    if paid_on > timezone.localdate():
        raise CaseRuleBroken("The date of the payment must be today or in the past")
    account = bank_account(payee_sort_code, payee_account) if payee_account.strip() else None
    with transaction.atomic():
        case = _claim(edit)
        report = _report_of(case)
        payment = Payment.objects.create(
            case=case,
            report=report,
            paid_on=paid_on,
            amount=amount,
            method=method,
            authorised=authorised,
            payee_uk=payee_uk,
            purchase=purchase,
            bank=bank,
            payee_sort_code=payee_sort_code.strip()[:20],
            payee_account=payee_account.strip()[:30],
            payee_account_normalised=(account.value or "")[:30] if account else "",
            card_merchant=card_merchant.strip()[:200],
            wallet=wallet.strip()[:200],
            recorded_by=_user(edit.actor),
        )
        identifiers = [
            IdentifierInput(
                kind=Identifier.Kind.BANK_ACCOUNT, value=payee_account, sort_code=payee_sort_code
            ),
            IdentifierInput(kind=Identifier.Kind.COMPANY, value=card_merchant),
            IdentifierInput(kind=Identifier.Kind.CRYPTO_WALLET, value=wallet),
        ]
        add_identifiers(report=report, identifiers=identifiers, actor=edit.actor)
        refresh_refund_deadline(case)
        _event(case, edit.actor, f"Payment recorded: {payment}, {payment.get_method_display()}")
        return payment


def open_claim(
    *, edit: Edit, route: str, bank: Bank, payments: list[Payment], amount_claimed: Decimal
) -> Claim:
    """Start drafting a claim to the victim's bank on one route for some of the case's
    payments; each must have that route. It is due by the route's earliest deadline."""
    if route not in Claim.Route.values:
        raise CaseRuleBroken("Select the route to claim on")
    if not payments:
        raise CaseRuleBroken("Select the payments the claim is for")
    if amount_claimed <= 0:
        raise CaseRuleBroken("Enter the amount claimed, more than £0.00")
    paid = sum((p.amount for p in payments), Decimal("0"))
    if amount_claimed > paid:
        raise CaseRuleBroken(
            f"Enter an amount claimed of no more than the payments it is for (£{paid:,.2f})"
        )
    with transaction.atomic():
        case = _claim(edit)
        if any(p.case_id != case.pk for p in payments):
            raise CaseRuleBroken("Select payments of this case only")
        if Claim.objects.filter(case=case, route=route, bank=bank).exists():
            raise CaseRuleBroken(
                f"There is already a claim on this route with {bank.name}: update that one"
            )
        today = timezone.localdate()
        shown = routes_of(case.payments.all(), today=today, vulnerable=is_vulnerable(case))
        ids = {p.pk for p in payments}
        without = [
            p.payment
            for p in shown
            if p.payment.pk in ids and route not in {r.route.route for r in p.routes}
        ]
        if without:
            raise CaseRuleBroken(
                f"{Claim.Route(route).label} does not apply to the payment of {without[0]}: "
                "choose the payments that route covers"
            )
        claim = Claim.objects.create(
            case=case,
            route=route,
            bank=bank,
            amount_claimed=amount_claimed,
            due_on=route_deadline(shown, route, ids),
            due_what="Last day to claim",
        )
        claim.payments.set(payments)
        refresh_refund_deadline(case, today=today)
        _event(case, edit.actor, f"Claim started: {claim}, £{amount_claimed:,.2f}")
        return claim


# The date each step is recorded in (none for going back to drafting, which never happens).
DATE_OF: dict[ClaimState, str] = {
    ClaimState.LODGED: "lodged_on",
    ClaimState.MORE_INFORMATION: "information_asked_on",
    ClaimState.REIMBURSED_IN_FULL: "decided_on",
    ClaimState.REIMBURSED_IN_PART: "decided_on",
    ClaimState.REFUSED: "decided_on",
    ClaimState.COMPLAINT_MADE: "complained_on",
    ClaimState.FINAL_RESPONSE: "final_response_on",
    ClaimState.OMBUDSMAN: "referred_on",
    ClaimState.CLOSED: "closed_on",
}


def _next_due(claim: Claim, target: ClaimState, on: date) -> tuple[date | None, str]:
    """What the rules make due next after a step taken on `on`, and its name. Only APP
    reimbursement gives the bank a time to answer (5 business days, or 35 with the clock
    stopped) and only an unauthorised payment a day to refund it (the end of the next
    business day); a card provider has no set time for a chargeback or a Section 75
    claim, so the claim is chased when a complaint's answer would be due (8 weeks)."""
    figures = figures_for(claim, today=on)
    lodged = claim.lodged_on or on
    if target in (ClaimState.LODGED, ClaimState.MORE_INFORMATION):
        if claim.route == "app_reimbursement":
            stopped = target == ClaimState.MORE_INFORMATION
            due = rules.bank_answer_due(lodged, figures, clock_stopped=stopped)
            return due, "Bank's answer due (clock stopped)" if stopped else "Bank's answer due"
        if claim.route == "unauthorised" and target == ClaimState.LODGED:
            return rules.unauthorised_refund_due(on), "Refund due (end of the next business day)"
        return rules.final_response_due(lodged, figures), "Chase for an answer if none by"
    if target == ClaimState.COMPLAINT_MADE:
        return rules.final_response_due(on, figures), "Bank's final response due"
    if target == ClaimState.FINAL_RESPONSE:
        return rules.ombudsman_deadline(on, figures), "Last day to go to the ombudsman"
    return None, ""


def _dates(claim: Claim, target: ClaimState, on: date) -> list[str]:
    """Set the claim's date for a step taken on `on`, and what is due next; the fields
    changed."""
    claim.due_on, claim.due_what = _next_due(claim, target, on)
    setattr(claim, DATE_OF[target], on)
    return ["due_on", "due_what", DATE_OF[target]]


def move_claim(
    *,
    edit: Edit,
    claim: Claim,
    target: str,
    on: date | None = None,
    reimbursed: Decimal | None = None,
    refusal_reason: str = "",
    notes: str = "",
) -> Claim:
    """Move a claim on its lifecycle (refused in plain words where the table does not
    allow it), set the dates the rules give, and tell the victim on their tracking page
    if they agreed to updates."""
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise CaseRuleBroken("The date must be today or in the past")
    state = ClaimState(target)
    with transaction.atomic():
        case = _claim(edit)
        claim = Claim.objects.select_for_update().select_related("bank").get(pk=claim.pk, case=case)
        last = max((d for d in (getattr(claim, f) for f in DATE_OF.values()) if d), default=None)
        if last is not None and day < last:
            raise CaseRuleBroken(
                f"The date must be on or after {last.day} {last:%B %Y}, when the claim's last "
                "step was recorded"
            )
        if state == ClaimState.REIMBURSED_IN_FULL:
            paid = claim.amount_claimed
        else:
            paid = reimbursed if reimbursed is not None else claim.amount_reimbursed
        if state == ClaimState.REFUSED and reimbursed is None:
            paid = Decimal("0")
        check_claim_move(
            ClaimState(claim.state),
            state,
            ClaimMove(claimed=claim.amount_claimed, reimbursed=paid, refusal_reason=refusal_reason),
        )
        changed = ["state", "amount_reimbursed", "updated_at", *_dates(claim, state, day)]
        claim.state = state
        claim.amount_reimbursed = paid
        if state == ClaimState.REFUSED:
            claim.refusal_reason = refusal_reason
            changed.append("refusal_reason")
        if notes.strip():
            claim.notes = f"{claim.notes}\n{day.day} {day:%B %Y}: {notes.strip()}".strip()
            changed.append("notes")
        claim.save(update_fields=changed)
        refresh_refund_deadline(case)
        _event(case, edit.actor, f"{claim}: {in_sentence(ClaimState(claim.state))}")
        _tell_victim(case, claim, edit.actor)
        return claim


def _tell_victim(case: Case, claim: Claim, actor: Actor) -> None:
    """Post where the claim stands on the tracking page of each of the case's reports,
    only if the victim agreed to updates. The bank's name and the amounts are written
    only where the page's reader is the victim, or the victim agreed to their details
    being shared."""
    victim = case.victim
    consent = consent_of(victim, reported_by_someone_else=victim.report.reported_by_someone_else)
    if not consent.may_contact:
        return
    for report in case.reports.prefetch_related("persons"):
        someone_else = report.reported_by_someone_else
        text = tracking_words(
            ClaimState(claim.state),
            bank=claim.bank.name,
            claimed=claim.amount_claimed,
            reimbursed=claim.amount_reimbursed,
            tell_details=not someone_else or consent.may_share,
        )
        add_update(report=report, text=text, actor=actor)


def write_letter(*, edit: Edit, claim: Claim, kind: str, format: str) -> RecoveryLetter:
    """Write a letter about the claim, with its evidence pack, as Word or PDF, and keep it
    on the case."""
    if kind not in RecoveryLetter.Kind.values:
        raise CaseRuleBroken("Select which letter to write")
    if format not in RecoveryLetter.Format.values:
        raise CaseRuleBroken("Select Word or PDF")
    with transaction.atomic():
        case = _claim(edit)
        claim = Claim.objects.select_related("bank", "case__victim__report").get(
            pk=claim.pk, case=case
        )
        try:
            letter = compose(claim, kind, edit.actor)
        except LetterRefused as exc:
            raise CaseRuleBroken(str(exc)) from exc
        content = to_docx(letter) if format == RecoveryLetter.Format.DOCX else to_pdf(letter)
        kept = RecoveryLetter(
            claim=claim,
            kind=kind,
            format=format,
            file_name=f"{letter.file_stem}.{format}",
            written_by=_user(edit.actor),
        )
        kept.file.save(f"letter.{format}", ContentFile(content), save=False)
        kept.save()
        _event(case, edit.actor, f"{kept.get_kind_display()} written ({kept.get_format_display()})")
        return kept
