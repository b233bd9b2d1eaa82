"""The analyst's page on a report that links two campaigns: join them, or keep them
apart."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission

from . import campaign_selectors, selectors, services
from .forms import BridgeDecisionForm, ConfirmCampaignForm
from .models import ClusterMember
from .persons import selectors as person_selectors


@require(Permission.SEE_INTELLIGENCE, Permission.DECIDE_PERSON_LINKS)
def bridge(request: HttpRequest, cluster_id: int, bridge_id: int) -> HttpResponse:
    found = campaign_selectors.bridge_for_analyst(request.user, cluster_id, bridge_id)
    if found is None or not person_selectors.may_decide(request.user):
        raise Http404("No link between campaigns with that number that you can see")
    stored, view = found
    form = BridgeDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        join = form.cleaned_data["join"] == "yes"
        try:
            services.decide_bridge(
                actor=request.user, bridge=stored, join=join, reason=form.cleaned_data["reason"]
            )
        except services.BridgeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request, "Saved: the clusters are joined" if join else "Saved: kept apart"
            )
            now_in = ClusterMember.objects.filter(report_id=stored.report_id).first()
            return redirect(
                "linking:cluster_detail", cluster_id=now_in.cluster_id if now_in else cluster_id
            )
    return render(
        request,
        "linking/bridge.html",
        {
            "cluster_id": cluster_id,
            "bridge": view,
            "form": form,
            "form_has_errors": bool(form.errors),
        },
    )


@require(Permission.SEE_INTELLIGENCE, Permission.DECIDE_PERSON_LINKS)
def confirm(request: HttpRequest, cluster_id: int) -> HttpResponse:
    """An analyst confirms a cluster as one campaign, naming it and saying why."""
    if not selectors.cluster_visible(request.user, cluster_id) or not person_selectors.may_decide(
        request.user
    ):
        raise Http404("No cluster with that number that you can see")
    confirmed = campaign_selectors.confirmation_of(cluster_id)
    form = ConfirmCampaignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and confirmed is None and form.is_valid():
        assert isinstance(request.user, User)
        try:
            services.confirm_campaign(
                actor=request.user,
                cluster_id=cluster_id,
                name=form.cleaned_data["name"],
                reason=form.cleaned_data["reason"],
            )
        except services.CampaignRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Confirmed: case managers may now warn its victims")
            return redirect("linking:cluster_detail", cluster_id=cluster_id)
    return render(
        request,
        "linking/confirm_campaign.html",
        {
            "cluster_id": cluster_id,
            "confirmed": confirmed,
            "form": form,
            "form_has_errors": bool(form.errors),
        },
    )
