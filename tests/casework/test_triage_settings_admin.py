"""An administrator changes the triage figures; open cases are triaged again with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.casework.models import TriageSettings
from fraudhub.casework.services import triage_reports

from ..factories import make_report, sign_in

pytestmark = pytest.mark.django_db


def test_lowering_the_age_figure_retriages_open_cases(client: Client, hub_org) -> None:
    case = triage_reports(report_ids=[make_report(amount_lost="", lost_money=False).report.pk])[0]
    assert case.age == 78 and case.level == 2
    admin = User.objects.create_superuser("admin", password="pw")
    sign_in(client, admin)
    current = TriageSettings.current()
    form = {
        "loss_threshold": "10000",
        "older_age": "80",
        "repeat_window_months": "12",
        "days_level_1": "1",
        "days_level_2": "3",
        "days_level_3": "5",
        "attempts_before_unable": "3",
    }
    response = client.post(f"/admin/casework/triagesettings/{current.pk}/change/", form)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.level == 3
    assert "Aged 78" not in " ".join(case.triage_reasons)
