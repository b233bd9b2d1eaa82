"""The case queue, a case's page and the team dashboard."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.linking.known import same_person_reports
from fraudhub.linking.selectors import clusters_of_reports
from fraudhub.paging import OrderedByIds, paged
from fraudhub.reports.consent import consent_of
from fraudhub.reports.selectors import additions_for

from .. import dashboard as team_dashboard
from .. import forms, selectors, services
from ..recovery import near_days
from ..triage import INDICATOR_LABELS, contact_rule_words, suggest_indicators
from .lookups import Restricted, case_or_404, members, moves, restricted, rule_labels, team_or_404

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
    team = team_or_404(request)
    form = forms.QueueFilterForm(request.GET or None, team_members=members(team))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = selectors.QueueFilters(
        district=data.get("district", "").strip(),
        scam_type=data.get("scam_type", ""),
        age_band=data.get("age_band", ""),
        assignee=data.get("assignee", ""),
        overdue_only=data.get("overdue_only") == "yes",
    )
    listed = paged(request, OrderedByIds(selectors.queue(request.user, filters)), per_page=50)
    selectors.record_listed(request.user, list(listed["page"].object_list), page="case queue")
    rules = selectors.contact_rules_by_case(c.pk for c in listed["page"].object_list)
    for case in listed["page"].object_list:
        case.contact_words = contact_rule_words(rules.get(case.pk, ()))
    return render(
        request,
        "casework/queue.html",
        {
            "form": form,
            **listed,
            "level_1": _level_1_waiting(request),
            "today": timezone.localdate(),
            "follow_ups": selectors.follow_ups_due(request.user)[:20],
            "calls_to_make": selectors.proactive_calls(request.user).count(),
            "claims_to_chase": selectors.claims_to_chase(request.user).count(),
            "near_days": near_days(),
        },
    )


@require(Permission.VIEW_CASES)
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    try:
        case = case_or_404(request, case_id)
    except Restricted:
        return restricted(request, case_id)
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
            "contact_rules": rule_labels(case),
            "victim_consent": consent_of(
                victim,
                reported_by_someone_else=victim.report.reported_by_someone_else,
            ),
            "moves": moves(case),
            "today": timezone.localdate(),
            "additions": additions_for(reports),
            "new_information": new_information,
            "money": {
                "shown": case.level == 1 or any(r.lost_money for r in reports),
                "payments": case.payments.count(),
                "claims": case.claims.count(),
            },
        },
    )


@require(Permission.VIEW_CASES)
def dashboard(request: HttpRequest) -> HttpResponse:
    team = team_or_404(request)
    figures = team_dashboard.figures(team, today=timezone.localdate())
    return render(request, "casework/dashboard.html", {"figures": figures, "team": team})
