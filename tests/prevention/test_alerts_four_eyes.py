"""Four eyes: the person who drafted an alert can never approve it, whatever their role;
someone else approves it or sends it back with a reason for its drafter."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.prevention.alert_rules import OWN_ALERT
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.alerts import AlertRefused, approve_alert, send_back_alert
from tests.factories import sign_in, staff_user

pytestmark = pytest.mark.django_db


def test_the_drafter_cannot_approve_their_own_alert_and_is_told_why(
    client: Client, awaiting: Alert, drafter: User
) -> None:
    with pytest.raises(AlertRefused, match="You drafted this alert, so you cannot approve it"):
        approve_alert(alert=awaiting, actor=drafter)
    sign_in(client, drafter)
    page = client.get(f"/staff/prevention/alerts/{awaiting.pk}/").content.decode()
    assert "Approve and publish" not in page
    assert OWN_ALERT in page
    response = client.post(f"/staff/prevention/alerts/{awaiting.pk}/approve/", follow=True)
    assert OWN_ALERT in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL
    assert awaiting.published_at is None


def test_an_administrator_who_drafted_cannot_approve_either(db: None) -> None:
    admin = staff_user("admin", role="Administrator")
    from fraudhub.prevention.services.alerts import draft_alert, submit_alert

    from .conftest import alert_values

    alert = submit_alert(alert=draft_alert(values=alert_values(), actor=admin), actor=admin)
    with pytest.raises(AlertRefused, match="cannot approve"):
        approve_alert(alert=alert, actor=admin)


def test_a_second_analyst_approves_and_the_alert_is_published(
    client: Client, awaiting: Alert, approver: User
) -> None:
    sign_in(client, approver)
    page = client.get(f"/staff/prevention/alerts/{awaiting.pk}/").content.decode()
    assert "Approve and publish" in page
    assert "Alert approved and published" in _approve_as_shown(client, awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.PUBLISHED
    assert (awaiting.approved_by, awaiting.approved_by_label) == (approver, "approver")
    assert awaiting.published_at is not None


def test_a_case_manager_may_draft_but_not_approve(client: Client, awaiting: Alert) -> None:
    manager = staff_user("manager", role="Case manager")
    sign_in(client, manager)
    assert client.get("/staff/prevention/alerts/new/").status_code == 200
    response = client.post(f"/staff/prevention/alerts/{awaiting.pk}/approve/")
    assert response.status_code == 403
    assert "You cannot approve, send back or withdraw scam alerts" in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL


def test_sent_back_with_a_reason_the_drafter_sees_it_and_can_change_and_resubmit(
    client: Client, awaiting: Alert, drafter: User, approver: User
) -> None:
    other = sign_in(Client(), approver)
    response = other.post(f"/staff/prevention/alerts/{awaiting.pk}/send-back/", {"reason": ""})
    assert response.status_code == 400
    assert "Enter what the drafter should change" in response.content.decode()
    other.post(
        f"/staff/prevention/alerts/{awaiting.pk}/send-back/",
        {"reason": "Add the number to forward texts to"},
    )
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.DRAFT

    sign_in(client, drafter)
    page = client.get(f"/staff/prevention/alerts/{awaiting.pk}/").content.decode()
    assert "Sent back by approver" in page
    assert "Add the number to forward texts to" in page
    assert "Change the draft" in page and "Send for approval" in page
    client.post(f"/staff/prevention/alerts/{awaiting.pk}/submit/")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL


def test_a_send_back_needs_a_reason_in_the_service_too(awaiting: Alert, approver: User) -> None:
    with pytest.raises(AlertRefused, match="Enter a reason"):
        send_back_alert(alert=awaiting, reason="  ", actor=approver)


def _approve_as_shown(client: Client, alert: Alert) -> str:
    """Press "Approve and publish" on the alert's page as it was shown."""
    page = client.get(f"/staff/prevention/alerts/{alert.pk}/").content.decode()
    seen = page.split('name="seen" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        f"/staff/prevention/alerts/{alert.pk}/approve/", {"seen": seen}, follow=True
    )
    return response.content.decode()


def test_an_approval_publishes_only_the_words_the_approver_was_shown(
    client: Client, awaiting: Alert, drafter: User, approver: User
) -> None:
    from fraudhub.prevention.services.alerts import CHANGED_SINCE_READ, change_alert, submit_alert

    from .conftest import ENGLISH, alert_values

    sign_in(client, approver)
    page = client.get(f"/staff/prevention/alerts/{awaiting.pk}/").content.decode()
    seen = page.split('name="seen" value="', 1)[1].split('"', 1)[0]
    # Meanwhile the drafter takes it back, changes the words and sends it again.
    send_back_alert(alert=awaiting, reason="Taking it back", actor=drafter)
    changed = ENGLISH.__class__("Pay the fee to this account", *ENGLISH.parts[1:])
    change_alert(alert=awaiting, values=alert_values(english=changed), actor=drafter)
    submit_alert(alert=awaiting, actor=drafter)

    response = client.post(
        f"/staff/prevention/alerts/{awaiting.pk}/approve/", {"seen": seen}, follow=True
    )
    assert CHANGED_SINCE_READ in response.content.decode()
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL
    assert "Alert approved and published" in _approve_as_shown(client, awaiting)
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.PUBLISHED
    assert awaiting.title == "Pay the fee to this account"


def test_an_approval_posted_without_the_page_is_refused(
    client: Client, awaiting: Alert, approver: User
) -> None:
    sign_in(client, approver)
    client.post(f"/staff/prevention/alerts/{awaiting.pk}/approve/")
    awaiting.refresh_from_db()
    assert awaiting.status == Alert.Status.AWAITING_APPROVAL
