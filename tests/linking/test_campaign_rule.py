"""Campaigns do not chain: one report naming two campaigns' identifiers keeps them apart
(and is shown as a bridge), two independent bridges or an analyst join them, and linking
on arrival and the nightly rebuild give the same clusters by the same rule."""

from __future__ import annotations

import pytest

from fraudhub.governance.models import AuditEvent
from fraudhub.linking.campaigns import Campaigns, Seen
from fraudhub.linking.models import CampaignBridge, ClusterMember
from fraudhub.linking.services import (
    BridgeRefused,
    decide_bridge,
    rebuild_clusters,
)
from fraudhub.reports.models import Report

from ..factories import linked_report, staff_user

PHONE_A = "07700 900111"
PHONE_B = "07700 900222"
SITE_B = "refund-desk-b.co.uk"


def _clusters() -> set[frozenset[int]]:
    by_cluster: dict[int, set[int]] = {}
    for report_id, cluster_id in ClusterMember.objects.values_list("report_id", "cluster_id"):
        by_cluster.setdefault(cluster_id, set()).add(report_id)
    return {frozenset(m) for m in by_cluster.values()}


def _cluster_of(report: Report) -> int:
    return ClusterMember.objects.get(report=report).cluster_id


def _two_campaigns(size: int = 5) -> tuple[list[Report], list[Report]]:
    first = [linked_report(("phone", PHONE_A)) for _ in range(size)]
    second = [linked_report(("phone", PHONE_B)) for _ in range(size - 1)]
    second.append(linked_report(("phone", PHONE_B), ("website", SITE_B)))
    return first, second


# --- the rule itself, on plain data ---------------------------------------------------------


def _replay(reports: list[set[tuple[str, str]]], campaigns: Campaigns) -> list[list[int]]:
    first: dict[tuple[str, str], int] = {}
    held: dict[tuple[str, str], int] = {}
    for number, keys in enumerate(reports, start=1):
        campaigns.place(number, {k: Seen(first[k], held[k]) if k in first else None for k in keys})
        for key in keys:
            first.setdefault(key, number)
            held[key] = held.get(key, 0) + 1
    return campaigns.clusters()


A, B, C = ("phone", "a"), ("phone", "b"), ("website", "c")


def test_one_report_bridging_two_established_campaigns_keeps_them_apart() -> None:
    campaigns = Campaigns()
    clusters = _replay([{A}] * 5 + [{B}] * 5 + [{A, B}], campaigns)
    assert sorted(clusters) == [[1, 2, 3, 4, 5, 11], [6, 7, 8, 9, 10]]
    assert [(b.report, b.kind, b.value, b.anchor) for b in campaigns.bridges] == [
        (11, "phone", "b", 6)
    ]


def test_two_bridging_reports_join_the_campaigns() -> None:
    clusters = _replay([{A}] * 5 + [{B}] * 5 + [{A, B}, {B, A}], Campaigns())
    assert clusters == [list(range(1, 13))]


def test_a_report_sharing_two_identifiers_with_each_campaign_joins_them() -> None:
    D = ("email", "d@example.com")
    reports = [{A, C}] * 5 + [{B, D}] * 5 + [{A, C, B, D}]
    assert _replay(reports, Campaigns()) == [list(range(1, 12))]


def test_a_campaign_still_forming_joins_freely() -> None:
    reports = [{A}] * 5 + [{B}] * 3 + [{A, B}]
    assert _replay(reports, Campaigns()) == [list(range(1, 10))]


def test_an_analysts_decisions_on_a_bridge_override_the_rule() -> None:
    reports = [{A}] * 5 + [{B}] * 5 + [{A, B}, {A, B}]
    joined = _replay(reports[:11], Campaigns(said={(11, B): True}))
    assert joined == [list(range(1, 12))]
    apart = _replay(reports, Campaigns(said={(11, B): False}))
    assert len(apart) == 2  # the second bridge does not join what an analyst kept apart


def test_a_chain_through_a_small_campaign_does_not_join_two_large_ones() -> None:
    small = ("email", "small@example.com")
    reports = [{A}] * 5 + [{B}] * 5 + [{small}, {small, A}, {small, B}]
    clusters = _replay(reports, Campaigns())
    # the small campaign joins the first; the last report goes with the campaign whose
    # identifier more reports hold, and the two large ones stay apart
    assert sorted(clusters) == [[1, 2, 3, 4, 5, 11, 12], [6, 7, 8, 9, 10, 13]]


# --- both paths over the database --------------------------------------------------------


@pytest.mark.django_db
def test_one_bridge_keeps_campaigns_apart_on_arrival_and_in_the_rebuild() -> None:
    first, second = _two_campaigns()
    bridge = linked_report(("phone", PHONE_A), ("website", SITE_B))
    assert _cluster_of(bridge) == _cluster_of(first[0]) != _cluster_of(second[0])
    shown = CampaignBridge.objects.get()
    assert (shown.report_id, shown.value, shown.anchor_id) == (bridge.pk, SITE_B, second[-1].pk)
    on_arrival = _clusters()
    assert rebuild_clusters() == 2
    assert _clusters() == on_arrival
    assert CampaignBridge.objects.count() == 1


@pytest.mark.django_db
def test_a_second_independent_bridge_joins_them_on_both_paths() -> None:
    first, second = _two_campaigns()
    linked_report(("phone", PHONE_A), ("website", SITE_B))
    linked_report(("website", SITE_B), ("phone", PHONE_A))
    assert _clusters() == {frozenset(ClusterMember.objects.values_list("report_id", flat=True))}
    on_arrival = _clusters()
    assert rebuild_clusters() == 1
    assert _clusters() == on_arrival


@pytest.mark.django_db
def test_an_analyst_joins_two_campaigns_and_the_rebuild_keeps_it() -> None:
    first, second = _two_campaigns()
    bridge = linked_report(("phone", PHONE_A), ("website", SITE_B))
    analyst = staff_user("analyst", role="Analyst")
    decide_bridge(
        actor=analyst,
        bridge=CampaignBridge.objects.get(),
        join=True,
        reason="The victim was called twice by one caller",
    )
    assert len(_clusters()) == 1
    assert rebuild_clusters() == 1
    assert _cluster_of(first[0]) == _cluster_of(second[0]) == _cluster_of(bridge)
    decisions = AuditEvent.objects.filter(
        action=AuditEvent.Action.CHANGE, object_id=str(bridge.pk), detail__has_key="campaign_link"
    )
    assert [event.detail["campaign_link"] for event in decisions] == ["join"]


@pytest.mark.django_db
def test_campaigns_kept_apart_by_an_analyst_stay_apart_despite_more_bridges() -> None:
    _two_campaigns()
    linked_report(("phone", PHONE_A), ("website", SITE_B))
    analyst = staff_user("analyst", role="Analyst")
    decide_bridge(
        actor=analyst,
        bridge=CampaignBridge.objects.get(),
        join=False,
        reason="Two different scams; the victim mixed them up",
    )
    linked_report(("website", SITE_B), ("phone", PHONE_A))  # would join them without the decision
    assert len(_clusters()) == 2
    on_arrival = _clusters()
    assert rebuild_clusters() == 2
    assert _clusters() == on_arrival


@pytest.mark.django_db
def test_a_decision_needs_a_reason() -> None:
    _two_campaigns()
    linked_report(("phone", PHONE_A), ("website", SITE_B))
    with pytest.raises(BridgeRefused, match="Enter why"):
        decide_bridge(
            actor=staff_user("analyst", role="Analyst"),
            bridge=CampaignBridge.objects.get(),
            join=True,
            reason="  ",
        )
    assert len(_clusters()) == 2
