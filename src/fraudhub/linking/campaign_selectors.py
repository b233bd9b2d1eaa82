"""Reads for analysts on why clusters were joined or kept apart: the bridges between
them (reports holding identifiers of two campaigns) and analysts' decisions on them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from fraudhub.governance.access import Actor
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.selectors import visible_reports
from fraudhub.templatetags.govuk import phone_display

from .models import CampaignBridge, CampaignDecision, ClusterMember, ConfirmedCampaign

KIND_LABELS = dict(Identifier.Kind.choices)


@dataclass(frozen=True)
class BridgeView:
    """One bridge as an analyst reads it from one cluster's page."""

    id: int
    reference: str  # the report holding identifiers of both
    kind_label: str
    identifier: str  # as people read it
    here: bool  # the bridging report is in this cluster (else the identifier is this one's)
    other_cluster: int
    joined: bool
    decision: CampaignDecision | None

    @property
    def status(self) -> str:
        """A short verdict to start the row ("Joined", "Kept apart by ..."); why reports
        join campaigns is said once, above the list."""
        if self.decision is not None:
            verdict = "Joined" if self.decision.join else "Kept apart"
            return f"{verdict} by {self.decision.decided_by_label}"
        return "Joined" if self.joined else "Kept apart"


def _shown(kind: str, value: str) -> str:
    return phone_display(value) if kind == Identifier.Kind.PHONE else value


def _newest_decisions(
    bridges: list[CampaignBridge],
) -> dict[tuple[int, str, str], CampaignDecision]:
    reports = {b.report_id for b in bridges}
    newest: dict[tuple[int, str, str], CampaignDecision] = {}
    for decision in CampaignDecision.objects.filter(report_id__in=reports).order_by(
        "decided_at", "id"
    ):
        newest[(decision.report_id, decision.kind, decision.value)] = decision
    return newest


def cluster_bridges(user: Actor, cluster_id: int) -> list[BridgeView]:
    """The bridges into or out of a cluster whose bridging report the user may see, kept
    apart first."""
    members = ClusterMember.objects.filter(cluster_id=cluster_id).values("report_id")
    bridges = list(
        CampaignBridge.objects.filter(report__in=visible_reports(user)).filter(
            Q(report_id__in=members) | Q(anchor_id__in=members)
        )
    )
    return _views(bridges, cluster_id)


def _views(bridges: list[CampaignBridge], cluster_id: int) -> list[BridgeView]:
    ends = {b.report_id for b in bridges} | {b.anchor_id for b in bridges}
    cluster_of = dict(
        ClusterMember.objects.filter(report_id__in=ends).values_list("report_id", "cluster_id")
    )
    references = dict(Report.objects.filter(pk__in=ends).values_list("pk", "reference"))
    decisions = _newest_decisions(bridges)
    views = []
    for bridge in bridges:
        ours, theirs = cluster_of.get(bridge.report_id), cluster_of.get(bridge.anchor_id)
        if ours is None or theirs is None:
            continue
        here = ours == cluster_id
        views.append(
            BridgeView(
                id=bridge.pk,
                reference=str(references[bridge.report_id]),
                kind_label=KIND_LABELS.get(bridge.kind, bridge.kind),
                identifier=_shown(bridge.kind, bridge.value),
                here=here,
                other_cluster=theirs if here else ours,
                joined=ours == theirs,
                decision=decisions.get((bridge.report_id, bridge.kind, bridge.value)),
            )
        )
    return sorted(views, key=lambda v: (v.joined, v.other_cluster, v.reference, v.identifier))


def bridge_for_analyst(
    user: Actor, cluster_id: int, bridge_id: int
) -> tuple[CampaignBridge, BridgeView] | None:
    """One bridge into or out of a cluster, as seen from it, if the user may see its
    report; None otherwise."""
    bridge = (
        CampaignBridge.objects.filter(pk=bridge_id, report__in=visible_reports(user))
        .select_related("report")
        .first()
    )
    if bridge is None:
        return None
    ends = ClusterMember.objects.filter(report_id__in=[bridge.report_id, bridge.anchor_id])
    if not ends.filter(cluster_id=cluster_id).exists():
        return None
    views = _views([bridge], cluster_id)
    return (bridge, views[0]) if views else None


def confirmation_of(cluster_id: int) -> ConfirmedCampaign | None:
    """The confirmation of a cluster as a campaign, if an analyst gave one."""
    return ConfirmedCampaign.objects.filter(cluster_id=cluster_id).first()


def confirmed_campaigns(user: Actor) -> list[ConfirmedCampaign]:
    """Confirmed campaigns whose cluster still holds a report the user may see, newest
    first."""
    seen = ClusterMember.objects.filter(report__in=visible_reports(user)).values("cluster_id")
    return list(ConfirmedCampaign.objects.filter(cluster_id__in=seen))


def confirmed_campaign(user: Actor, campaign_id: int) -> ConfirmedCampaign | None:
    """One confirmed campaign, if its cluster holds a report the user may see."""
    seen = ClusterMember.objects.filter(report__in=visible_reports(user)).values("cluster_id")
    return ConfirmedCampaign.objects.filter(pk=campaign_id, cluster_id__in=seen).first()
