"""Withdrawal: with a reason, by someone who may approve; the alert leaves the public
list, the feed and its poster at once, and its page says only that it was withdrawn."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.alerts import AlertRefused, withdraw_alert
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


def test_an_analyst_withdraws_with_a_reason_kept_in_the_history(
    client: Client, published: Alert, drafter: User
) -> None:
    sign_in(client, drafter)
    response = client.post(f"/staff/prevention/alerts/{published.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400
    assert "Enter why the alert is being withdrawn" in response.content.decode()
    response = client.post(
        f"/staff/prevention/alerts/{published.pk}/withdraw/",
        {"reason": "The company named was not involved"},
        follow=True,
    )
    page = response.content.decode()
    assert "Alert withdrawn: the public no longer see it" in page
    assert "The company named was not involved" in page
    published.refresh_from_db()
    assert published.status == Alert.Status.WITHDRAWN
    assert (published.withdrawn_by, published.withdrawal_reason) == (
        drafter,
        "The company named was not involved",
    )
    steps = list(
        AuditEvent.objects.filter(object_type="prevention.alert")
        .order_by("id")
        .values_list("detail__step", flat=True)
    )
    assert steps == ["drafted", "submitted", "approved", "withdrawn"]


def test_the_public_are_told_it_was_withdrawn_and_never_what_it_said(
    client: Client, published: Alert, approver: User
) -> None:
    withdraw_alert(alert=published, reason="Wrong company named", actor=approver)
    for path in (f"/alerts/{published.public_id}/", f"/alerts/{published.public_id}/poster/"):
        response = client.get(path)
        page = response.content.decode()
        assert response.status_code == 410
        assert "This alert has been withdrawn" in page
        assert published.title not in page
        assert published.looks_like not in page
        assert "Wrong company named" not in page
    assert published.title not in client.get("/alerts/").content.decode()
    assert published.title not in client.get("/alerts/feed/").content.decode()


def test_only_a_published_alert_can_be_withdrawn_and_a_reason_is_needed(
    awaiting: Alert, published: Alert, approver: User
) -> None:
    with pytest.raises(AlertRefused, match="Only a published alert"):
        withdraw_alert(alert=awaiting, reason="Not needed", actor=approver)
    with pytest.raises(AlertRefused, match="Enter a reason"):
        withdraw_alert(alert=published, reason="", actor=approver)
