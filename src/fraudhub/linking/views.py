"""Analysts' pages: the list of clusters, one cluster's network, identifier search."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.paging import paged

from . import campaign_selectors, reason_prompt, search_selectors, selectors
from .forms import ClusterFilterForm, IdentifierSearchForm
from .persons import selectors as person_selectors

NODE_KINDS = [
    {"kind": kind, "label": label, "shape": shape, "colour": colour, "points": points}
    for kind, label, shape, colour, points in (
        ("report", "Report", "rectangle", "#1d70b8", "2,2 18,2 18,18 2,18"),
        ("victim", "Victim", "ellipse", "#d4351c", ""),
        ("phone", "Phone number", "diamond", "#00703c", "10,1 19,10 10,19 1,10"),
        ("email", "Email address", "triangle", "#a34700", "10,1 19,18 1,18"),
        ("website", "Website", "hexagon", "#4c2c92", "5,2 15,2 19,10 15,18 5,18 1,10"),
        ("bank_account", "Bank account", "rhomboid", "#912b88", "5,3 19,3 15,17 1,17"),
        ("vehicle", "Vehicle registration", "pentagon", "#00625e", "10,1 19,8 15,18 5,18 1,8"),
        (
            "company",
            "Company name",
            "octagon",
            "#505a5f",
            "6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6",
        ),
        (
            "crypto_wallet",
            "Cryptocurrency wallet",
            "star",
            "#7a5400",
            "10,1 12.5,7.5 19,7.5 14,11.5 16,18 10,14 4,18 6,11.5 1,7.5 7.5,7.5",
        ),
    )
]


@require(Permission.SEE_INTELLIGENCE)
def cluster_list(request: HttpRequest) -> HttpResponse:
    form = ClusterFilterForm(request.GET or None)
    clusters = selectors.clusters_for_analyst(request.user, form.filters())
    paging = paged(request, clusters, per_page=25)
    return render(
        request,
        "linking/cluster_list.html",
        {
            "form": form,
            **paging,
            "rows": selectors.cluster_rows(request.user, list(paging["page"].object_list)),
            "form_has_errors": bool(form.errors),
            "may_decide": person_selectors.may_decide(request.user),
        },
    )


@require(Permission.SEE_INTELLIGENCE)
def cluster_detail(request: HttpRequest, cluster_id: int) -> HttpResponse:
    reason = reason_prompt.given(request, "cluster", cluster_id)
    if reason is None and selectors.cluster_needing_reason(request.user, cluster_id):
        return reason_prompt.ask(request, "linking:cluster_reason", cluster_id)
    cluster = selectors.cluster_for_analyst(request.user, cluster_id, reason=reason)
    if cluster is None:
        raise Http404("No cluster with that number that you can see")
    kinds_here = {node["kind"] for node in cluster.network["nodes"]}
    return render(
        request,
        "linking/cluster_detail.html",
        {
            "cluster": cluster,
            "node_kinds": [k for k in NODE_KINDS if k["kind"] in kinds_here],
            "bridges": campaign_selectors.cluster_bridges(request.user, cluster_id),
            "confirmed": campaign_selectors.confirmation_of(cluster_id),
            "may_decide": person_selectors.may_decide(request.user),
        },
    )


@require(Permission.SEE_INTELLIGENCE)
def cluster_reason(request: HttpRequest, cluster_id: int) -> HttpResponse:
    """Ask why someone opens a cluster showing reports (victims among them) that are not
    their own organisation's; the answer goes into the audit entries of every look at it
    for the rest of the sign-in."""
    back = reverse("linking:cluster_detail", args=[cluster_id])
    if not selectors.cluster_needing_reason(request.user, cluster_id):
        if selectors.cluster_visible(request.user, cluster_id):
            return redirect(back)
        raise Http404("No cluster with that number that you can see")
    return reason_prompt.reason_page(
        request,
        kind="cluster",
        pk=cluster_id,
        opening="this cluster",
        caption=f"Cluster {cluster_id}",
        back=back,
    )


@require(Permission.SEE_INTELLIGENCE)
def search(request: HttpRequest) -> HttpResponse:
    form = IdentifierSearchForm(request.GET if "value" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = search_selectors.search_identifiers(
            request.user, form.cleaned_data["value"], form.cleaned_data["kind"]
        )
    return render(
        request,
        "linking/search.html",
        {"form": form, "result": result, "form_has_errors": bool(form.errors)},
    )
