"""The refund rules table: today's figures are loaded, the newest version in effect on a day
is the one used, and an administrator adds the next version without touching the code."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from fraudhub.casework.models import RefundRuleSet
from fraudhub.casework.refund_rules import DEFAULT_FIGURES
from fraudhub.casework.selectors import figures_on

from ..factories import sign_in

pytestmark = pytest.mark.django_db


def next_version(day: date, **figures: object) -> RefundRuleSet:
    return RefundRuleSet.objects.create(effective_from=day, source="A test version", **figures)


def test_the_shipped_figures_are_loaded_with_their_sources() -> None:
    version = RefundRuleSet.objects.get()
    assert version.figures() == DEFAULT_FIGURES
    assert "PS24/7" in version.source and "section 75" in version.source


def test_the_newest_version_in_effect_on_the_day_is_used() -> None:
    next_version(date(2027, 1, 1), app_cap=Decimal("100000.00"))
    next_version(date(2028, 1, 1), app_cap=Decimal("120000.00"))
    assert figures_on(date(2026, 12, 31)).app_cap == Decimal("85000.00")
    assert figures_on(date(2027, 1, 1)).app_cap == Decimal("100000.00")
    assert figures_on(date(2027, 12, 31)).app_cap == Decimal("100000.00")
    assert figures_on(date(2028, 1, 1)).app_cap == Decimal("120000.00")


def test_before_any_version_or_with_none_the_shipped_figures_apply() -> None:
    next_version(date(2027, 1, 1), app_cap=Decimal("100000.00"))
    assert figures_on(date(2020, 1, 1)) == DEFAULT_FIGURES
    RefundRuleSet.objects.all().delete()
    assert figures_on(date(2027, 6, 1)) == DEFAULT_FIGURES


def test_figures_the_rules_could_not_use_are_refused() -> None:
    version = RefundRuleSet(
        effective_from=date(2027, 1, 1),
        source="A test version",
        section_75_min=Decimal("30000.00"),
        section_75_max=Decimal("100.00"),
        app_stopped_clock_business_days=4,
        chargeback_days=0,
    )
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert set(refused.value.message_dict) == {
        "section_75_max",
        "app_stopped_clock_business_days",
        "chargeback_days",
    }


def admin_client(client: Client) -> Client:
    return sign_in(client, User.objects.create_superuser("admin", password="pw"))


def add_version(client: Client, **changes: str) -> HttpResponse:
    """The admin's "add" form sent with today's figures and `changes`."""
    form = {
        field.name: getattr(DEFAULT_FIGURES, field.name)
        for field in RefundRuleSet._meta.fields
        if hasattr(DEFAULT_FIGURES, field.name)
    }
    response: HttpResponse = client.post("/admin/casework/refundruleset/add/", form | changes)
    return response


def test_an_administrator_adds_the_next_version(client: Client) -> None:
    admin_client(client)
    response = add_version(
        client,
        effective_from="2027-04-01",
        app_cap="90000.00",
        source="As published by the regulator on 1 March 2027",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert figures_on(date(2027, 4, 1)).app_cap == Decimal("90000.00")
    assert figures_on(date(2027, 3, 31)).app_cap == Decimal("85000.00")


@pytest.mark.parametrize("days", [0, -1, -400])
def test_a_version_cannot_take_effect_today_or_earlier(client: Client, days: int) -> None:
    """Adding figures from a day already begun would change the routes and deadlines
    worked out under the figures in effect then; the form says so and keeps the rest."""
    admin_client(client)
    response = add_version(
        client,
        effective_from=(timezone.localdate() + timedelta(days=days)).isoformat(),
        app_cap="90000.00",
        source="Typed with last year's date",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "must be after today" in page
    assert 'value="90000.00"' in page  # what was typed is kept
    assert RefundRuleSet.objects.count() == 1


def test_a_version_in_effect_cannot_be_changed_or_removed(client: Client) -> None:
    admin_client(client)
    version = RefundRuleSet.objects.get()
    page = client.get(f"/admin/casework/refundruleset/{version.pk}/change/")
    assert page.status_code == 200
    assert 'name="app_cap"' not in page.content.decode()
    assert client.get(f"/admin/casework/refundruleset/{version.pk}/delete/").status_code == 403


def test_a_version_not_yet_in_effect_can_be_corrected(client: Client) -> None:
    admin_client(client)
    later = next_version(timezone.localdate() + timedelta(days=30))
    page = client.get(f"/admin/casework/refundruleset/{later.pk}/change/")
    assert 'name="app_cap"' in page.content.decode()
    assert client.get(f"/admin/casework/refundruleset/{later.pk}/delete/").status_code == 200


def test_a_negative_amount_or_no_cap_is_refused() -> None:
    version = RefundRuleSet(
        effective_from=date(2027, 1, 1),
        source="A test version",
        app_cap=Decimal("0.00"),
        app_max_excess=Decimal("-100.00"),
        section_75_min=Decimal("-1.00"),
    )
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert set(refused.value.message_dict) == {"app_cap", "app_max_excess", "section_75_min"}
    version.app_cap, version.app_max_excess, version.section_75_min = (
        Decimal("90000.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    version.full_clean()  # no excess at all, and Section 75 from the first penny, are figures
