"""An analyst confirms a cluster as one campaign, with a name and a reason, audited; the
cluster page says so, and a cluster is confirmed once."""

from __future__ import annotations

import pytest
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import ClusterMember, ConfirmedCampaign
from fraudhub.linking.services import CampaignRefused, confirm_campaign

from ..factories import linked_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _cluster() -> int:
    first = linked_report(("phone", "07700 900111"))
    linked_report(("phone", "07700 900111"))
    return ClusterMember.objects.get(report=first).cluster_id


def test_an_analyst_confirms_a_cluster_as_a_campaign_with_a_reason(client: Client) -> None:
    cluster = _cluster()
    analyst = staff_user("analyst", role="Analyst")
    sign_in(client, analyst)
    url = f"/staff/links/clusters/{cluster}/confirm/"

    refused = client.post(url, {"name": "Refund desk calls", "reason": ""})
    assert refused.status_code == 200
    assert "Enter why these reports are one campaign" in refused.content.decode()
    assert 'value="Refund desk calls"' in refused.content.decode()
    assert not ConfirmedCampaign.objects.exists()

    done = client.post(url, {"name": "Refund desk calls", "reason": "Same script and account"})
    assert done.status_code == 302
    campaign = ConfirmedCampaign.objects.get()
    assert (campaign.cluster_id, campaign.cluster_number) == (cluster, cluster)
    assert campaign.confirmed_by == analyst
    entry = AuditEvent.objects.get(object_type="linking.cluster", object_id=str(cluster))
    assert entry.detail["reason"] == "Same script and account"
    assert entry.actor == analyst

    page = client.get(f"/staff/links/clusters/{cluster}/").content.decode()
    assert "Confirmed campaign" in page and "Refund desk calls" in page


def test_a_cluster_is_confirmed_once() -> None:
    cluster = _cluster()
    analyst = staff_user("analyst", role="Analyst")
    confirm_campaign(actor=analyst, cluster_id=cluster, name="One", reason="Same script")
    with pytest.raises(CampaignRefused, match="already confirmed"):
        confirm_campaign(actor=analyst, cluster_id=cluster, name="Two", reason="Again")
    assert ConfirmedCampaign.objects.count() == 1


def test_a_partner_cannot_confirm_a_campaign(client: Client) -> None:
    cluster = _cluster()
    sign_in(client, staff_user("partner", role="Partner user"))
    response = client.post(
        f"/staff/links/clusters/{cluster}/confirm/", {"name": "X", "reason": "Y"}
    )
    assert response.status_code == 403
    assert not ConfirmedCampaign.objects.exists()
