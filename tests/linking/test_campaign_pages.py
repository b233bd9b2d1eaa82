"""The cluster page says why campaigns were kept apart, and an analyst joins them there."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from fraudhub.linking.models import CampaignBridge, CampaignDecision, ClusterMember
from fraudhub.reports.models import Report

from ..factories import linked_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _cluster_of(report: Report) -> int:
    return ClusterMember.objects.get(report=report).cluster_id


@pytest.fixture
def bridged() -> tuple[Report, Report, Report]:
    first = [linked_report(("phone", "07700 900111")) for _ in range(4)]
    second = [linked_report(("website", "refund-desk-b.co.uk")) for _ in range(4)]
    bridge = linked_report(("phone", "07700 900111"), ("website", "refund-desk-b.co.uk"))
    return first[0], second[0], bridge


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def test_the_cluster_page_says_why_two_campaigns_were_kept_apart(
    client: Client, bridged: tuple[Report, Report, Report]
) -> None:
    first, second, bridge = bridged
    sign_in(client, staff_user("analyst", role="Analyst"))
    page = _text(client.get(f"/staff/links/clusters/{_cluster_of(first)}/").content.decode())
    assert (
        f"Kept apart: only report {bridge.reference} shares website refund-desk-b.co.uk "
        f"with cluster {_cluster_of(second)}." in page
    )
    other = _text(client.get(f"/staff/links/clusters/{_cluster_of(second)}/").content.decode())
    assert (
        f"Kept apart: only report {bridge.reference} in cluster {_cluster_of(first)} "
        "shares this cluster's website refund-desk-b.co.uk." in other
    )


def test_an_analyst_joins_the_campaigns_with_a_reason(
    client: Client, bridged: tuple[Report, Report, Report]
) -> None:
    first, second, bridge = bridged
    sign_in(client, staff_user("analyst", role="Analyst"))
    url = f"/staff/links/clusters/{_cluster_of(first)}/bridges/{CampaignBridge.objects.get().pk}/"

    refused = client.post(url, {"join": "yes", "reason": ""})
    assert refused.status_code == 200
    assert "Enter why you decided this" in refused.content.decode()
    assert _cluster_of(first) != _cluster_of(second)

    joined = client.post(url, {"join": "yes", "reason": "One caller's script in both"})
    assert joined.status_code == 302
    assert _cluster_of(first) == _cluster_of(second) == _cluster_of(bridge)
    decision = CampaignDecision.objects.get()
    assert (decision.join, decision.decided_by_label) == (True, "analyst")
    page = _text(client.get(joined["Location"]).content.decode())
    assert "Joined by analyst:" in page and "One caller's script in both" in page


def test_a_call_handler_cannot_decide(
    client: Client, bridged: tuple[Report, Report, Report]
) -> None:
    first, second, _ = bridged
    sign_in(client, staff_user("handler", role="Call handler"))
    url = f"/staff/links/clusters/{_cluster_of(first)}/bridges/{CampaignBridge.objects.get().pk}/"
    assert client.post(url, {"join": "yes", "reason": "Sure"}).status_code == 403
    assert _cluster_of(first) != _cluster_of(second)


def test_campaigns_joined_by_two_reports_read_as_one_short_verdict_per_row(
    client: Client, bridged: tuple[Report, Report, Report]
) -> None:
    first, _, bridge = bridged
    again = linked_report(("phone", "07700 900111"), ("website", "refund-desk-b.co.uk"))
    sign_in(client, staff_user("analyst", role="Analyst"))
    page = _text(client.get(f"/staff/links/clusters/{_cluster_of(first)}/").content.decode())
    assert "Two such reports, or an analyst, join them." in page
    assert f"Joined: report {bridge.reference} shares" in page or (
        f"Joined: report {again.reference} shares" in page
    )
    assert "links them:" not in page
