"""Staff pages for scam alerts: the list by status, the draft form, and an alert's page
with its history and the steps its status allows (send for approval, approve, send back,
withdraw). Each step is one service call; a refused step is said on the alert's page."""

from __future__ import annotations

from datetime import UTC, datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fraudhub.governance.access import allowed, require, signed_in
from fraudhub.governance.roles import Permission
from fraudhub.prevention import alert_rules
from fraudhub.prevention.alert_rules import Step
from fraudhub.prevention.forms.alerts import AlertForm, ReasonForm
from fraudhub.prevention.models import Alert, Audience
from fraudhub.prevention.selectors.alerts import alert_for_staff, alert_history, alerts_by_status
from fraudhub.prevention.services.alerts import (
    AlertRefused,
    approve_alert,
    change_alert,
    draft_alert,
    send_back_alert,
    submit_alert,
    withdraw_alert,
)

DRAFT = Permission.DRAFT_ALERTS
APPROVE = Permission.APPROVE_ALERTS


def _alert(alert_id: int) -> Alert:
    found = alert_for_staff(alert_id)
    if found is None:
        raise Http404("No alert with that number")
    return found


def _may(request: HttpRequest, alert: Alert, step: Step) -> bool:
    """Whether the page should offer `step` (the service checks again)."""
    login = signed_in(request.user)
    needed = APPROVE if step in (Step.APPROVE, Step.SEND_BACK, Step.WITHDRAW) else DRAFT
    return allowed(request.user, needed) and not alert_rules.refusal(
        step=step,
        status=alert.status,
        actor_id=login.pk if login else None,
        drafter_id=alert.drafted_by_id,
    )


@require(DRAFT)
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    grouped = alerts_by_status()
    sections = [(status, label, grouped[status]) for status, label in Alert.Status.choices]
    return render(request, "prevention/alert_list.html", {"sections": sections})


@require(DRAFT)
@require_GET
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(alert_id)
    own_waiting = (
        alert.status == Alert.Status.AWAITING_APPROVAL
        and allowed(request.user, APPROVE)
        and alert.drafted_by_id == request.user.pk
    )
    history = alert_history(alert)
    last = history[-1] if history else None
    return render(
        request,
        "prevention/alert_detail.html",
        {
            "alert": alert,
            "history": history,
            "sent_back": last if last and last.step_key == Step.SEND_BACK else None,
            "identifiers": list(alert.identifiers.all()),
            "audience_labels": [Audience(a).label for a in alert.audiences],
            "offer": {step.name.lower(): _may(request, alert, step) for step in alert_rules.MOVES},
            "own_waiting": own_waiting,
            "own_alert_message": alert_rules.OWN_ALERT,
        },
    )


def _form_page(request: HttpRequest, form: AlertForm, alert: Alert | None) -> HttpResponse:
    return render(
        request,
        "prevention/alert_form.html",
        {"form": form, "alert": alert, "form_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@require(DRAFT)
@require_http_methods(["GET", "POST"])
def alert_new(request: HttpRequest) -> HttpResponse:
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            alert = draft_alert(values=form.values(), actor=request.user)
        except AlertRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Draft saved: {alert.title}")
            return redirect("prevention_staff:alert_detail", alert_id=alert.pk)
    return _form_page(request, form, None)


@require(DRAFT)
@require_http_methods(["GET", "POST"])
def alert_edit(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(alert_id)
    if not _may(request, alert, Step.CHANGE):
        messages.warning(
            request,
            alert_rules.refusal(
                step=Step.CHANGE,
                status=alert.status,
                actor_id=request.user.pk,
                drafter_id=alert.drafted_by_id,
            )
            or "You cannot change this alert",
        )
        return redirect("prevention_staff:alert_detail", alert_id=alert.pk)
    form = AlertForm(request.POST or None, alert=alert)
    if request.method == "POST" and form.is_valid():
        try:
            change_alert(alert=alert, values=form.values(), actor=request.user)
        except AlertRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Draft changed")
            return redirect("prevention_staff:alert_detail", alert_id=alert.pk)
    return _form_page(request, form, alert)


NEVER_SEEN = datetime.min.replace(tzinfo=UTC)


def _seen(request: HttpRequest) -> datetime:
    """When the alert had last changed as the page showed it (its form's `seen`); a post
    without it matches no alert, so nobody approves words they were not shown."""
    try:
        return datetime.fromisoformat(request.POST.get("seen", ""))
    except ValueError:
        return NEVER_SEEN


def _step(request: HttpRequest, alert: Alert, step: Step, reason: str = "") -> HttpResponse:
    done = {
        Step.SUBMIT: "Sent for approval: someone else must now approve it",
        Step.APPROVE: "Alert approved and published",
        Step.SEND_BACK: "Alert sent back to its drafter",
        Step.WITHDRAW: "Alert withdrawn: the public no longer see it",
    }
    try:
        if step == Step.SUBMIT:
            submit_alert(alert=alert, actor=request.user)
        elif step == Step.APPROVE:
            approve_alert(alert=alert, actor=request.user, seen=_seen(request))
        elif step == Step.SEND_BACK:
            send_back_alert(alert=alert, reason=reason, actor=request.user)
        else:
            withdraw_alert(alert=alert, reason=reason, actor=request.user)
    except AlertRefused as refusal:
        messages.warning(request, str(refusal))
    else:
        messages.success(request, done[step])
    return redirect("prevention_staff:alert_detail", alert_id=alert.pk)


@require(DRAFT)
@require_POST
def alert_submit(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _step(request, _alert(alert_id), Step.SUBMIT)


@require(APPROVE)
@require_POST
def alert_approve(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _step(request, _alert(alert_id), Step.APPROVE)


REASONS = {
    Step.SEND_BACK: (
        "Send the alert back",
        "Why are you sending it back?",
        "Say what the drafter should change. They see this on the alert's page",
        "Enter what the drafter should change",
        "Send it back",
    ),
    Step.WITHDRAW: (
        "Withdraw the alert",
        "Why are you withdrawing it?",
        "Kept in its history. The public see only that it was withdrawn",
        "Enter why the alert is being withdrawn",
        "Withdraw the alert",
    ),
}


def _with_reason(request: HttpRequest, alert_id: int, step: Step) -> HttpResponse:
    alert = _alert(alert_id)
    heading, label, hint, missing, button = REASONS[step]
    form = ReasonForm(request.POST or None, label=label, hint=hint, missing=missing)
    if request.method == "POST" and form.is_valid():
        return _step(request, alert, step, form.cleaned_data["reason"])
    if request.method == "GET" and not _may(request, alert, step):
        messages.warning(request, alert_rules.WRONG_STATUS[step])
        return redirect("prevention_staff:alert_detail", alert_id=alert.pk)
    return render(
        request,
        "prevention/alert_reason.html",
        {
            "alert": alert,
            "form": form,
            "heading": heading,
            "button": button,
            "warning": step == Step.WITHDRAW,
            "form_has_errors": bool(form.errors),
        },
        status=400 if form.errors else 200,
    )


@require(APPROVE)
@require_http_methods(["GET", "POST"])
def alert_send_back(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _with_reason(request, alert_id, Step.SEND_BACK)


@require(APPROVE)
@require_http_methods(["GET", "POST"])
def alert_withdraw(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _with_reason(request, alert_id, Step.WITHDRAW)
