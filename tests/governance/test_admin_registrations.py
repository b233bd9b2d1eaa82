"""Administrators see agreements, legal holds, restrictions, corrections, the retention
schedule and runs, and analysts' decisions in the admin, read-only: each changes only on
its own page, which writes the change to the audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from fraudhub.governance import rights
from fraudhub.governance.categories import Category
from fraudhub.governance.models import (
    LegalHold,
    Rectification,
    Restriction,
    RetentionRule,
    RetentionRun,
    SharingAgreement,
)
from fraudhub.linking.models import CampaignBridge, CampaignDecision, PersonDecision
from tests.factories import agreement, hub, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db

READ_ONLY: list[type[Model]] = [
    SharingAgreement,
    LegalHold,
    Restriction,
    Rectification,
    RetentionRule,
    RetentionRun,
    CampaignDecision,
    CampaignBridge,
    PersonDecision,
]


@pytest.fixture
def admin_client(client: Client, hub_org: object, partner_org: object) -> Client:
    administrator = staff_user("admin", role="Administrator")
    administrator.is_staff = True
    administrator.save()
    sign_in(client, administrator)
    return client


def _url(model: type[Model], suffix: str = "") -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_each_list_loads_and_offers_no_add(admin_client: Client, model: type[Model]) -> None:
    response = admin_client.get(_url(model))
    assert response.status_code == 200
    assert _url(model, "add/") not in response.content.decode()
    assert admin_client.get(_url(model, "add/")).status_code == 403


def test_a_record_is_shown_and_cannot_be_changed_here(
    admin_client: Client, partner_org: object, manager: User
) -> None:
    made = agreement(hub(), partner_org, categories=(Category.SCAM_DETAILS,), title="Fraud data")
    report = make_report().report
    held = rights.place(LegalHold, actor=manager, obj=report, reason="Court case")
    RetentionRule.objects.create(kind="target_lists", keep_days=60)
    RetentionRun.objects.create(started_at=timezone.now(), run_by="schedule")
    for model, pk in ((SharingAgreement, made.pk), (LegalHold, held.pk)):
        page = admin_client.get(_url(model, f"{pk}/change/"))
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        admin_client.post(_url(model, f"{pk}/change/"), {"title": "Changed"})
    made.refresh_from_db()
    assert made.title == "Fraud data"
    assert admin_client.get(_url(RetentionRule)).status_code == 200
    assert "Court case" in admin_client.get(_url(LegalHold, f"{held.pk}/change/")).content.decode()
    assert (
        admin_client.post(_url(LegalHold, f"{held.pk}/delete/"), {"post": "yes"}).status_code == 403
    )
    assert LegalHold.objects.filter(pk=held.pk).exists()
