"""One page per thing done to a case: each shows its form on GET and makes one service call
on POST. Every one is reached at /staff/cases/<case>/<action>/ (or .../<action>/<item>/ for
a plan action, a referral or a follow-up check), named `casework:action` and
`casework:item_action`; `case_action` and `item_action` find the case and pass it on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fraudhub.governance.access import require
from fraudhub.governance.models import Organisation
from fraudhub.governance.roles import Permission
from fraudhub.reports.consent import may_share_contact

from .. import forms, services
from ..lifecycle import MoveRefused
from ..models import Case, FollowUp, Intervention, MessageTemplate, PartnerReferral, PlanItem
from ..triage import suggest_indicators
from .lookups import Restricted, case_or_404, members, moves, restricted, rule_labels

# A change refused in plain words: shown at the top of the form, nothing saved.
REFUSED = (services.StaleCase, MoveRefused, services.CaseRuleBroken)


def _edit(request: HttpRequest, case: Case, form: forms.CaseForm) -> services.Edit:
    """This person's change to the case, at the version their form was drawn from."""
    return services.Edit(case=case, version=form.cleaned_data["version"], actor=request.user)


def _saved(request: HttpRequest, case: Case, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("casework:case", case_id=case.pk)


def _page(
    request: HttpRequest,
    case: Case,
    form: forms.CaseForm,
    *,
    action: str,
    title: str,
    item: Any = None,
    back: str = "casework:case",
    **extra: Any,
) -> HttpResponse:
    """The action's page (casework/action.html), with the form as it stands; its back
    link and Cancel go to `back` (the case page, or the case's payments page)."""
    return render(
        request,
        "casework/action.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "action": action,
            "item": item,
            "back": back,
            "suggested": [],
            "contact_rules": [],
            "sharing": None,
            **extra,
            "stale": any(services.StaleCase.message in e for e in form.non_field_errors()),
        },
    )


def assign(request: HttpRequest, case: Case) -> HttpResponse:
    team_members = members(case.team)
    if request.method != "POST":
        initial = {"assignee": str(case.assigned_to_id or "")}
        form = forms.AssignForm(initial=initial, case=case, team_members=team_members)
    else:
        form = forms.AssignForm(request.POST, case=case, team_members=team_members)
        if form.is_valid():
            chosen = form.cleaned_data["assignee"]
            user = User.objects.filter(pk=int(chosen)).first() if chosen else None
            try:
                services.assign_case(edit=_edit(request, case, form), to=user)
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = f"Assigned to {user.get_full_name() or user}" if user else "Case unassigned"
                return _saved(request, case, done)
    return _page(request, case, form, action="assign", title="Assign the case")


def contact(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.ContactForm(case=case)
    else:
        form = forms.ContactForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_contact(
                    edit=_edit(request, case, form),
                    method=data["method"],
                    with_whom=data["with_whom"],
                    outcome=data["outcome"],
                    notes=data["notes"],
                    impact=int(data["impact"]) if data["impact"] else None,
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, "Contact recorded")
    return _page(
        request,
        case,
        form,
        action="contact",
        title="Record a contact",
        contact_rules=rule_labels(case),
    )


def assessment(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if hasattr(case, "assessment"):
            a = case.assessment
            initial = {area: getattr(a, area) for area in a.AREAS} | {"notes": a.notes}
        form = forms.AssessmentForm(initial=initial, case=case)
    else:
        form = forms.AssessmentForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            levels = {
                area: data[area]
                for area in ("practical", "emotional", "financial", "safeguarding", "digital")
            }
            try:
                services.save_assessment(
                    edit=_edit(request, case, form), levels=levels, notes=data["notes"]
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, "Needs assessment saved")
    return _page(request, case, form, action="assessment", title="Needs assessment")


def indicators(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        initial = {"indicators": case.victim.vulnerability_indicators}
        form = forms.IndicatorsForm(initial=initial, case=case)
    else:
        form = forms.IndicatorsForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.confirm_indicators(
                    edit=_edit(request, case, form), indicators=form.cleaned_data["indicators"]
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = "Vulnerability indicators saved and the case triaged again"
                return _saved(request, case, done)
    return _page(
        request,
        case,
        form,
        action="indicators",
        title="Vulnerability indicators",
        suggested=suggest_indicators(case.victim.vulnerability_notes),
    )


def consent(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.VictimConsentForm(case=case)
    else:
        form = forms.VictimConsentForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_victim_consent(
                    edit=_edit(request, case, form),
                    consent_to_contact=data["consent_to_contact"],
                    consent_to_share=data["consent_to_share"],
                    answered_by=data["answered_by"],
                    answered_on=form.answered(),
                    attorney_name=data.get("attorney_name", ""),
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = "The victim's answers on contact and sharing are recorded"
                return _saved(request, case, done)
    return _page(request, case, form, action="consent", title="Record the victim's consent")


def plan(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.PlanItemForm(initial={"owner": "Fraud hub"}, case=case)
    else:
        form = forms.PlanItemForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            intervention = get_object_or_404(Intervention, pk=int(data["intervention"]))
            try:
                services.add_plan_item(
                    edit=_edit(request, case, form),
                    intervention=intervention,
                    owner=data["owner"],
                    due_date=form.due(),
                    consent_given={"yes": True, "no": False}.get(data["consent_given"]),
                    notes=data["notes"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, f"{intervention.name} added to the support plan")
    return _page(request, case, form, action="plan", title="Add to the support plan")


def plan_status(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    item = get_object_or_404(PlanItem, case=case, pk=item_id)
    if request.method != "POST":
        form = forms.PlanItemStatusForm(initial={"status": item.status}, case=case)
    else:
        form = forms.PlanItemStatusForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.update_plan_item(
                    edit=_edit(request, case, form), item=item, status=form.cleaned_data["status"]
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = f"{item.intervention.name}: {item.get_status_display().lower()}"
                return _saved(request, case, done)
    return _page(
        request,
        case,
        form,
        action="plan-status",
        title="Update a support plan action",
        item=item,
    )


def refer(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.ReferralForm(case=case, team=case.team)
    else:
        form = forms.ReferralForm(request.POST, case=case, team=case.team)
        if form.is_valid():
            organisation = get_object_or_404(
                Organisation, pk=int(form.cleaned_data["organisation"])
            )
            try:
                services.refer(
                    edit=_edit(request, case, form),
                    organisation=organisation,
                    reason=form.cleaned_data["reason"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, f"Referral to {organisation.name} recorded")
    return _page(
        request,
        case,
        form,
        action="refer",
        title="Refer to a partner",
        sharing=may_share_contact(case.victim.report),
    )


def referral_status(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    referral = get_object_or_404(PartnerReferral, case=case, pk=item_id)
    if request.method != "POST":
        form = forms.ReferralStatusForm(initial={"status": referral.status}, case=case)
    else:
        form = forms.ReferralStatusForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.update_referral(
                    edit=_edit(request, case, form),
                    referral=referral,
                    status=form.cleaned_data["status"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = (
                    f"Referral to {referral.organisation.name}: "
                    f"{referral.get_status_display().lower()}"
                )
                return _saved(request, case, done)
    return _page(
        request,
        case,
        form,
        action="referral-status",
        title="Update a referral",
        item=referral,
    )


def move(request: HttpRequest, case: Case) -> HttpResponse:
    targets = moves(case)
    if request.method != "POST":
        form = forms.MoveForm(case=case, targets=targets)
    else:
        form = forms.MoveForm(request.POST, case=case, targets=targets)
        if form.is_valid():
            try:
                moved = services.move_case(
                    edit=_edit(request, case, form),
                    target=form.cleaned_data["target"],
                    reason=form.cleaned_data["reason"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, f"Case moved to {moved.state_label.lower()}")
    return _page(request, case, form, action="move", title="Move the case")


def close(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.CloseForm(case=case)
    else:
        form = forms.CloseForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.close_case(
                    edit=_edit(request, case, form),
                    closure_reason=data["closure_reason"],
                    impact_at_closure=(
                        int(data["impact_at_closure"]) if data["impact_at_closure"] else None
                    ),
                    able_to_spot_scams={"yes": True, "no": False}.get(data["able_to_spot_scams"]),
                    money_recovered=data["money_recovered"],
                    satisfaction=int(data["satisfaction"]) if data["satisfaction"] else None,
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                done = "Case closed. Follow-up checks are booked for 1, 3 and 6 months"
                return _saved(request, case, done)
    return _page(request, case, form, action="close", title="Close the case")


def reopen(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.ReopenForm(case=case)
    else:
        form = forms.ReopenForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.reopen_case(
                    edit=_edit(request, case, form), reason=form.cleaned_data["reason"]
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, "Case reopened")
    return _page(request, case, form, action="reopen", title="Reopen the case")


def letter(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method != "POST":
        form = forms.MessageForm(case=case)
    else:
        form = forms.MessageForm(request.POST, case=case)
        if form.is_valid():
            template = get_object_or_404(MessageTemplate, pk=int(form.cleaned_data["template"]))
            try:
                sent = services.send_message(
                    edit=_edit(request, case, form),
                    template=template,
                    with_whom=form.cleaned_data["with_whom"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                if sent.method == sent.Method.EMAIL:
                    done = f"Email '{template.name}' sent and kept on the case"
                else:
                    done = (
                        f"Letter '{template.name}' written and kept on the case: "
                        "print it from the case page"
                    )
                return _saved(request, case, done)
    return _page(
        request,
        case,
        form,
        action="letter",
        title="Write a letter or email",
        contact_rules=rule_labels(case),
    )


def follow_up(request: HttpRequest, case: Case, item_id: int) -> HttpResponse:
    check = get_object_or_404(FollowUp, case=case, pk=item_id)
    if request.method != "POST":
        form = forms.FollowUpForm(case=case)
    else:
        form = forms.FollowUpForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.record_follow_up(
                    edit=_edit(request, case, form),
                    follow_up=check,
                    new_approach=form.cleaned_data["new_approach"] == "yes",
                    notes=form.cleaned_data["notes"],
                )
            except REFUSED as exc:
                form.add_error(None, str(exc))
            else:
                return _saved(request, case, f"{check.months}-month follow-up recorded")
    return _page(
        request, case, form, action="follow-up", title="Record a follow-up check", item=check
    )


CASE_ACTIONS: dict[str, Callable[[HttpRequest, Case], HttpResponse]] = {
    "assign": assign,
    "contact": contact,
    "assessment": assessment,
    "indicators": indicators,
    "consent": consent,
    "plan": plan,
    "refer": refer,
    "move": move,
    "close": close,
    "reopen": reopen,
    "letter": letter,
}
ITEM_ACTIONS: dict[str, Callable[[HttpRequest, Case, int], HttpResponse]] = {
    "plan-status": plan_status,
    "referral-status": referral_status,
    "follow-up": follow_up,
}


@require(Permission.WORK_CASES)
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    page = CASE_ACTIONS.get(action)
    if page is None:
        raise Http404("No such page")
    try:
        case = case_or_404(request, case_id)
    except Restricted:
        return restricted(request, case_id)
    return page(request, case)


@require(Permission.WORK_CASES)
def item_action(request: HttpRequest, case_id: int, action: str, item_id: int) -> HttpResponse:
    page = ITEM_ACTIONS.get(action)
    if page is None:
        raise Http404("No such page")
    try:
        case = case_or_404(request, case_id)
    except Restricted:
        return restricted(request, case_id)
    return page(request, case, item_id)
