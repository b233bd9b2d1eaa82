"""Victims the case manager's organisation may not see are not listed in a batch."""

from __future__ import annotations

import pytest
from django.test import Client

from fraudhub.prevention.models import WarningRecipient

from ..factories import OrganisationFactory, hub, sign_in, staff_user
from .outreach_world import Campaign, victim_case

pytestmark = pytest.mark.django_db


def test_a_victim_on_a_report_the_hub_may_not_see_is_left_out(
    client: Client, campaign: Campaign
) -> None:
    police = OrganisationFactory(slug="police", name="Police")
    hidden = victim_case("Dot", organisation=police, email="dot@example.com")
    team = hub()
    team.sees_all_reports = False
    team.save(update_fields=["sees_all_reports"])
    sign_in(client, staff_user("manager", role="Case manager"))

    page = client.post(
        f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/",
        {"next_move": "More calls", "channel": "email"},
        follow=True,
    ).content.decode()

    listed = set(WarningRecipient.objects.values_list("case_id", flat=True))
    assert hidden.pk not in listed
    assert campaign.by_email.pk in listed
    assert "Dotson" not in page
