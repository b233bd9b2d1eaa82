"""The demo county has confirmed campaigns with a sent batch of warnings, and a year of
awareness sessions, loaded once."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from fraudhub.casework.models import Contact
from fraudhub.linking.models import ConfirmedCampaign
from fraudhub.prevention.models import AwarenessSession, WarningBatch
from fraudhub.prevention.selectors.awareness import awareness_figures

AS_OF = date(2026, 11, 20)


@pytest.mark.django_db
def test_the_demo_has_confirmed_campaigns_sent_warnings_and_awareness_sessions() -> None:
    call_command("demo_data", reports=150, seed=2, as_of=AS_OF, force=True)
    assert ConfirmedCampaign.objects.count() == 2
    batch = WarningBatch.objects.get()
    assert batch.status == WarningBatch.Status.SENT
    assert Contact.objects.filter(notes="Warning about recovery scams").exists()
    assert AwarenessSession.objects.count() == 48
    figures = awareness_figures(date(2025, 11, 20), AS_OF)
    assert figures.sessions == 48 and figures.reached > figures.trained > 0

    call_command("demo_data", reports=150, seed=2, as_of=AS_OF, if_empty=True, force=True)
    assert AwarenessSession.objects.count() == 48
    assert WarningBatch.objects.count() == 1
