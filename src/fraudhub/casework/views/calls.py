"""Proactive calls to the people on seized target lists: the list of calls, a call's page,
and its outcome and assignment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.paging import paged

from .. import forms, selectors, target_lists
from ..models import ProactiveCall
from .lookups import members, team_or_404


@require(Permission.VIEW_CASES)
def calls(request: HttpRequest) -> HttpResponse:
    team = team_or_404(request)
    form = forms.CallFilterForm(request.GET or None, team_members=members(team))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = selectors.proactive_calls(
        request.user, show=data.get("show", ""), assignee=data.get("assignee", "")
    )
    listed = paged(request, found, per_page=50)
    selectors.record_listed(request.user, list(listed["page"].object_list), page="proactive calls")
    return render(
        request,
        "casework/outreach_list.html",
        {"form": form, **listed, "show": data.get("show")},
    )


def _call_or_404(request: HttpRequest, call_id: int) -> ProactiveCall:
    call = selectors.call_for_staff(request.user, call_id)
    if call is None:
        raise Http404("No proactive call with that number that you can see")
    return call


def _call_page(
    request: HttpRequest,
    call: ProactiveCall,
    outcome: forms.CallOutcomeForm | None = None,
    assign: forms.CallAssignForm | None = None,
) -> HttpResponse:
    team = team_or_404(request)
    return render(
        request,
        "casework/outreach_call.html",
        {
            "call": call,
            "entries": call.entries.select_related("target_list").order_by("row_number"),
            "outcome_form": outcome or forms.CallOutcomeForm(call=call),
            "assign_form": assign
            or forms.CallAssignForm(
                call=call,
                team_members=members(team),
                initial={"assignee": str(call.assigned_to_id or "")},
            ),
            "stale": any(
                target_lists.StaleCall.message in e
                for f in (outcome, assign)
                if f is not None
                for e in f.non_field_errors()
            ),
        },
        status=400 if (outcome or assign) is not None else 200,
    )


@require(Permission.VIEW_CASES)
def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    return _call_page(request, _call_or_404(request, call_id))


@require(Permission.WORK_CASES)
def call_outcome(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request, call_id)
    if request.method != "POST":
        return redirect("casework:call", call_id=call.pk)
    form = forms.CallOutcomeForm(request.POST, call=call)
    if form.is_valid():
        try:
            saved = target_lists.record_call_outcome(
                call=call,
                version=form.cleaned_data["version"],
                actor=request.user,
                status=form.cleaned_data["status"],
                notes=form.cleaned_data["notes"],
            )
        except target_lists.StaleCall as exc:
            form.add_error(None, str(exc))
        else:
            done = f"Call outcome saved: {saved.get_status_display()}"
            if saved.status == ProactiveCall.Status.VICTIM:
                done += (
                    f". Linked to case {saved.case_id}"
                    if saved.case_id
                    else ". No case found for them yet: once their report is in, save this again"
                )
            messages.success(request, done)
            return redirect("casework:call", call_id=call.pk)
    return _call_page(request, call, outcome=form)


@require(Permission.WORK_CASES)
def call_assign(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request, call_id)
    if request.method != "POST":
        return redirect("casework:call", call_id=call.pk)
    team = team_or_404(request)
    form = forms.CallAssignForm(request.POST, call=call, team_members=members(team))
    if form.is_valid():
        chosen = form.cleaned_data["assignee"]
        user = User.objects.filter(pk=int(chosen)).first() if chosen else None
        try:
            target_lists.assign_call(
                call=call, version=form.cleaned_data["version"], actor=request.user, to=user
            )
        except target_lists.StaleCall as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"Call assigned to {user.get_full_name() or user}" if user else "Call unassigned",
            )
            return redirect("casework:call", call_id=call.pk)
    return _call_page(request, call, assign=form)
