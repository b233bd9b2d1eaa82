"""Case managers' pages: the queue, a case, one page per thing done to a case, and the
team dashboard. Views parse input, call one service or selector, and render."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fraudhub.governance.access import require
from fraudhub.governance.models import Organisation
from fraudhub.governance.roles import Permission
from fraudhub.linking.known import same_person_reports
from fraudhub.linking.selectors import clusters_of_reports
from fraudhub.reports.consent import consent_of, may_share_contact
from fraudhub.reports.models import Person
from fraudhub.reports.selectors import additions_for

from . import dashboard as team_dashboard
from . import forms, selectors, services, target_lists
from .lifecycle import ALLOWED, ENDED, LABELS, MoveRefused, State
from .models import (
    Case,
    FollowUp,
    Intervention,
    MessageTemplate,
    PartnerReferral,
    PlanItem,
    ProactiveCall,
)
from .triage import INDICATOR_LABELS, contact_rule_words, suggest_indicators


def _team_or_404(request: HttpRequest) -> Organisation:
    team = selectors.team_of(request.user)
    if team is None:
        raise Http404("Casework is for the fraud hub team")
    return team


def _members(team: Organisation) -> list[User]:
    return list(
        User.objects.filter(staff_profile__organisation=team, is_active=True).order_by(
            "first_name", "last_name", "username"
        )
    )


def _paged(request: HttpRequest, items: Any) -> dict[str, Any]:
    """A page of 50, and the filters' query string for the links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return {"page": page, "query_string": query.urlencode()}


QUEUE_LOOKED_AT = "queue_looked_at"


def _level_1_waiting(request: HttpRequest) -> selectors.Level1Waiting:
    """Unassigned level 1 cases, and how many are new since this person last saw the
    queue (kept in their session)."""
    looked = request.session.get(QUEUE_LOOKED_AT)
    since = datetime.fromisoformat(looked) if looked else None
    request.session[QUEUE_LOOKED_AT] = timezone.now().isoformat()
    return selectors.level_1_waiting(request.user, since=since)


@require(Permission.VIEW_CASES)
def queue(request: HttpRequest) -> HttpResponse:
    team = _team_or_404(request)
    form = forms.QueueFilterForm(request.GET or None, team_members=_members(team))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.QueueFilters(
        district=data.get("district", "").strip(),
        scam_type=data.get("scam_type", ""),
        age_band=data.get("age_band", ""),
        assignee=data.get("assignee", ""),
        overdue_only=data.get("overdue_only") == "yes",
    )
    paged = _paged(request, selectors.queue(request.user, filters))
    selectors.record_listed(request.user, list(paged["page"].object_list), page="case queue")
    rules = selectors.contact_rules_by_case(c.pk for c in paged["page"].object_list)
    for case in paged["page"].object_list:
        case.contact_words = contact_rule_words(rules.get(case.pk, ()))
    return render(
        request,
        "casework/queue.html",
        {
            "form": form,
            **paged,
            "level_1": _level_1_waiting(request),
            "today": timezone.localdate(),
            "follow_ups": selectors.follow_ups_due(request.user)[:20],
            "calls_to_make": selectors.proactive_calls(request.user).count(),
        },
    )


class Restricted(Exception):
    """The case's processing is restricted: its pages say so, and nothing more."""


def _case_or_404(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_for_staff(request.user, case_id)
    if case is None:
        if selectors.case_restricted_for_staff(request.user, case_id):
            raise Restricted
        raise Http404("No case with that number that you can see")
    return case


def _restricted(request: HttpRequest, case_id: int) -> HttpResponse:
    return render(request, "casework/case_restricted.html", {"case_id": case_id})


@require(Permission.VIEW_CASES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = _case_or_404(request, case_id)
    except Restricted:
        return _restricted(request, case_id)
    victim = case.victim
    suggested = [
        INDICATOR_LABELS[s]
        for s in suggest_indicators(victim.vulnerability_notes)
        if s not in (victim.vulnerability_indicators or [])
    ]
    reports = list(
        case.reports.select_related("scam_type", "duplicate_of")
        .prefetch_related("identifiers")
        .order_by("-received_date")
    )
    new_information = case.new_information_at
    services.information_seen(case=case)
    return render(
        request,
        "casework/case.html",
        {
            "case": case,
            "victim": victim,
            "reports": reports,
            "clusters": clusters_of_reports(request.user, reports),
            "reported_before": same_person_reports(
                request.user,
                [r.victim.pk for r in reports if r.victim is not None],
                besides={r.pk for r in reports},
            ),
            "reporter": next(
                (r.reporter for r in case.reports.prefetch_related("persons") if r.reporter), None
            ),
            "contacts": case.contacts.select_related("by"),
            "assessment": getattr(case, "assessment", None),
            "plan_items": case.plan_items.select_related("intervention"),
            "referrals": case.referrals.select_related("organisation"),
            "follow_ups": case.follow_ups.all(),
            "events": case.events.select_related("by")[:30],
            "indicators": [
                INDICATOR_LABELS.get(i, i) for i in victim.vulnerability_indicators or []
            ],
            "suggested": suggested,
            "contact_rules": _rule_labels(case),
            "victim_consent": consent_of(
                victim,
                reported_by_someone_else=victim.report.reported_by_someone_else,
            ),
            "moves": _moves(case),
            "today": timezone.localdate(),
            "additions": additions_for(reports),
            "new_information": new_information,
        },
    )


def _rule_labels(case: Case) -> list[str]:
    """The victim's contact rules from intake, other than "contact them directly"."""
    labels = dict(Person.ContactRule.choices)
    return [
        labels[r] for r in sorted(services.contact_rules(case)) if r != Person.ContactRule.DIRECT
    ]


def _moves(case: Case) -> list[tuple[str, str]]:
    """Moves offered on the move page (closing to closed has its own outcome page)."""
    current = State(case.state)
    return [
        (s.value, LABELS[s])
        for s in State
        if s in ALLOWED[current] and s != State.CLOSED and current not in ENDED
    ]


@dataclass(frozen=True)
class Action:
    """A page that changes a case: its form, its title, and the service call it makes."""

    title: str
    form: type[forms.CaseForm]
    run: Callable[[services.Edit, Any, HttpRequest, Any], str]
    form_kwargs: Callable[[Case, HttpRequest, Any], dict[str, Any]] = lambda case, request, item: {}
    item: Callable[[Case, int], Any] | None = None


def _assign(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    chosen = form.cleaned_data["assignee"]
    user = User.objects.filter(pk=int(chosen)).first() if chosen else None
    services.assign_case(edit=edit, to=user)
    return f"Assigned to {user.get_full_name() or user}" if user else "Case unassigned"


def _contact(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    data = form.cleaned_data
    services.record_contact(
        edit=edit,
        method=data["method"],
        with_whom=data["with_whom"],
        outcome=data["outcome"],
        notes=data["notes"],
        impact=int(data["impact"]) if data["impact"] else None,
    )
    return "Contact recorded"


def _assessment(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    data = form.cleaned_data
    levels = {
        area: data[area]
        for area in ("practical", "emotional", "financial", "safeguarding", "digital")
    }
    services.save_assessment(edit=edit, levels=levels, notes=data["notes"])
    return "Needs assessment saved"


def _indicators(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    services.confirm_indicators(edit=edit, indicators=form.cleaned_data["indicators"])
    return "Vulnerability indicators saved and the case triaged again"


def _consent(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    data = form.cleaned_data
    services.record_victim_consent(
        edit=edit,
        consent_to_contact=data["consent_to_contact"],
        consent_to_share=data["consent_to_share"],
        answered_by=data["answered_by"],
        answered_on=form.answered(),
        attorney_name=data.get("attorney_name", ""),
    )
    return "The victim's answers on contact and sharing are recorded"


def _plan_item(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    data = form.cleaned_data
    intervention = get_object_or_404(Intervention, pk=int(data["intervention"]))
    services.add_plan_item(
        edit=edit,
        intervention=intervention,
        owner=data["owner"],
        due_date=form.due(),
        consent_given={"yes": True, "no": False}.get(data["consent_given"]),
        notes=data["notes"],
    )
    return f"{intervention.name} added to the support plan"


def _plan_status(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    services.update_plan_item(edit=edit, item=item, status=form.cleaned_data["status"])
    return f"{item.intervention.name}: {item.get_status_display().lower()}"


def _refer(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    organisation = get_object_or_404(Organisation, pk=int(form.cleaned_data["organisation"]))
    services.refer(edit=edit, organisation=organisation, reason=form.cleaned_data["reason"])
    return f"Referral to {organisation.name} recorded"


def _referral_status(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    services.update_referral(edit=edit, referral=item, status=form.cleaned_data["status"])
    return f"Referral to {item.organisation.name}: {item.get_status_display().lower()}"


def _move(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    case = services.move_case(
        edit=edit, target=form.cleaned_data["target"], reason=form.cleaned_data["reason"]
    )
    return f"Case moved to {case.state_label.lower()}"


def _close(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    data = form.cleaned_data
    services.close_case(
        edit=edit,
        closure_reason=data["closure_reason"],
        impact_at_closure=int(data["impact_at_closure"]) if data["impact_at_closure"] else None,
        able_to_spot_scams={"yes": True, "no": False}.get(data["able_to_spot_scams"]),
        money_recovered=data["money_recovered"],
        satisfaction=int(data["satisfaction"]) if data["satisfaction"] else None,
    )
    return "Case closed. Follow-up checks are booked for 1, 3 and 6 months"


def _reopen(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    services.reopen_case(edit=edit, reason=form.cleaned_data["reason"])
    return "Case reopened"


def _message(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    template = get_object_or_404(MessageTemplate, pk=int(form.cleaned_data["template"]))
    contact = services.send_message(
        edit=edit, template=template, with_whom=form.cleaned_data["with_whom"]
    )
    if contact.method == contact.Method.EMAIL:
        return f"Email '{template.name}' sent and kept on the case"
    return f"Letter '{template.name}' written and kept on the case: print it from the case page"


def _follow_up(edit: services.Edit, form: Any, request: HttpRequest, item: Any) -> str:
    services.record_follow_up(
        edit=edit,
        follow_up=item,
        new_approach=form.cleaned_data["new_approach"] == "yes",
        notes=form.cleaned_data["notes"],
    )
    return f"{item.months}-month follow-up recorded"


ACTIONS: dict[str, Action] = {
    "assign": Action(
        "Assign the case",
        forms.AssignForm,
        _assign,
        form_kwargs=lambda case, request, item: {"team_members": _members(case.team)},
    ),
    "contact": Action("Record a contact", forms.ContactForm, _contact),
    "assessment": Action("Needs assessment", forms.AssessmentForm, _assessment),
    "indicators": Action("Vulnerability indicators", forms.IndicatorsForm, _indicators),
    "consent": Action("Record the victim's consent", forms.VictimConsentForm, _consent),
    "plan": Action("Add to the support plan", forms.PlanItemForm, _plan_item),
    "plan-status": Action(
        "Update a support plan action",
        forms.PlanItemStatusForm,
        _plan_status,
        item=lambda case, pk: get_object_or_404(PlanItem, case=case, pk=pk),
    ),
    "refer": Action(
        "Refer to a partner",
        forms.ReferralForm,
        _refer,
        form_kwargs=lambda case, request, item: {"team": case.team},
    ),
    "referral-status": Action(
        "Update a referral",
        forms.ReferralStatusForm,
        _referral_status,
        item=lambda case, pk: get_object_or_404(PartnerReferral, case=case, pk=pk),
    ),
    "move": Action(
        "Move the case",
        forms.MoveForm,
        _move,
        form_kwargs=lambda case, request, item: {"targets": _moves(case)},
    ),
    "close": Action("Close the case", forms.CloseForm, _close),
    "reopen": Action("Reopen the case", forms.ReopenForm, _reopen),
    "letter": Action("Write a letter or email", forms.MessageForm, _message),
    "follow-up": Action(
        "Record a follow-up check",
        forms.FollowUpForm,
        _follow_up,
        item=lambda case, pk: get_object_or_404(FollowUp, case=case, pk=pk),
    ),
}


def _initial(name: str, case: Case, item: Any) -> dict[str, Any]:
    if name == "assign":
        return {"assignee": str(case.assigned_to_id or "")}
    if name == "indicators":
        return {"indicators": case.victim.vulnerability_indicators}
    if name == "assessment" and hasattr(case, "assessment"):
        a = case.assessment
        return {area: getattr(a, area) for area in a.AREAS} | {"notes": a.notes}
    if name in ("plan-status", "referral-status") and item is not None:
        return {"status": item.status}
    if name == "plan":
        return {"owner": "Fraud hub"}
    return {}


@require(Permission.WORK_CASES)
def case_action(
    request: HttpRequest, case_id: int, action: str, item_id: int | None = None
) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None or (spec.item is None) != (item_id is None):
        raise Http404("No such page")
    try:
        case = _case_or_404(request, case_id)
    except Restricted:
        return _restricted(request, case_id)
    item = spec.item(case, item_id) if spec.item is not None and item_id is not None else None
    extra = spec.form_kwargs(case, request, item)
    if request.method == "POST":
        form = spec.form(request.POST, case=case, **extra)
        if form.is_valid():
            edit = services.Edit(
                case=case, version=form.cleaned_data["version"], actor=request.user
            )
            try:
                done = spec.run(edit, form, request, item)
            except services.StaleCase as exc:
                form.add_error(None, str(exc))
            except (MoveRefused, services.CaseRuleBroken) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, done)
                return redirect("casework:case", case_id=case.pk)
    else:
        form = spec.form(initial=_initial(action, case, item), case=case, **extra)
    return render(
        request,
        "casework/action.html",
        {
            "case": case,
            "form": form,
            "title": spec.title,
            "action": action,
            "item": item,
            "suggested": suggest_indicators(case.victim.vulnerability_notes)
            if action == "indicators"
            else [],
            "contact_rules": _rule_labels(case) if action in ("contact", "letter") else [],
            "sharing": may_share_contact(case.victim.report) if action == "refer" else None,
            "stale": any(services.StaleCase.message in e for e in form.non_field_errors()),
        },
    )


@require(Permission.VIEW_CASES)
def dashboard(request: HttpRequest) -> HttpResponse:
    team = _team_or_404(request)
    figures = team_dashboard.figures(team, today=timezone.localdate())
    return render(request, "casework/dashboard.html", {"figures": figures, "team": team})


# --- proactive calls from seized target lists ------------------------------------------


@require(Permission.VIEW_CASES)
def calls(request: HttpRequest) -> HttpResponse:
    team = _team_or_404(request)
    form = forms.CallFilterForm(request.GET or None, team_members=_members(team))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    found = selectors.proactive_calls(
        request.user, show=data.get("show", ""), assignee=data.get("assignee", "")
    )
    paged = _paged(request, found)
    selectors.record_listed(request.user, list(paged["page"].object_list), page="proactive calls")
    return render(
        request,
        "casework/outreach_list.html",
        {"form": form, **paged, "show": data.get("show")},
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
    team = _team_or_404(request)
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
                team_members=_members(team),
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
    team = _team_or_404(request)
    form = forms.CallAssignForm(request.POST, call=call, team_members=_members(team))
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
