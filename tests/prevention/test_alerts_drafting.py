"""Drafting an alert: the form saves a draft with its audit entry, asks again for what is
missing while keeping what was typed, and a draft is changed only by its drafter."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.alert_rules import NOT_DRAFTER, WELSH_ALL_OR_NONE
from fraudhub.prevention.models import Alert, PublishedIdentifier
from fraudhub.prevention.services.alerts import AlertRefused, change_alert
from fraudhub.reports.models import ScamType
from tests.factories import sign_in, staff_user

from .conftest import alert_values

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Fake parcel texts",
    "looks_like": "A text asks for a redelivery fee",
    "how_to_spot": "The link is not the courier's",
    "what_to_do": "Forward it to 7726",
    "area": "councils",
    "councils": ["Watford", "Dacorum"],
    "audiences": ["older_residents", "carers"],
}


def _identifier(value: str, *, withdrawn: bool = False) -> PublishedIdentifier:
    return PublishedIdentifier.objects.create(
        kind="phone",
        value=value,
        display=value,
        reason="Reported many times",
        approved_by_label="analyst",
        approved_at=timezone.now(),
        withdrawn_at=timezone.now() if withdrawn else None,
    )


def _post(client: Client, data: dict[str, Any], path: str = "/staff/prevention/alerts/new/") -> Any:
    return client.post(path, data)


def test_a_case_manager_drafts_an_alert_for_two_councils_with_an_identifier(
    client: Client,
) -> None:
    manager = staff_user("manager", role="Case manager")
    sign_in(client, manager)
    number = _identifier("+441632960123")
    scam_type = ScamType.objects.get(slug="parcel_delivery")
    response = _post(
        client, {**FORM, "scam_type": str(scam_type.pk), "identifiers": [str(number.pk)]}
    )
    alert = Alert.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/staff/prevention/alerts/{alert.pk}/"
    assert alert.status == Alert.Status.DRAFT
    assert (alert.whole_county, alert.councils) == (False, ["Dacorum", "Watford"])
    assert alert.audiences == ["older_residents", "carers"]
    assert alert.scam_type == scam_type
    assert list(alert.identifiers.all()) == [number]
    assert (alert.drafted_by, alert.drafted_by_label) == (manager, "manager")
    entry = AuditEvent.objects.get(object_type="prevention.alert", object_id=str(alert.pk))
    assert (entry.action, entry.detail["step"], entry.actor) == ("create", "drafted", manager)
    page = client.get(response["Location"]).content.decode()
    assert "Draft saved: Fake parcel texts" in page
    assert "Dacorum, Watford" in page


def test_a_missing_answer_is_asked_for_again_and_what_was_typed_is_kept(
    client: Client, drafter: User
) -> None:
    sign_in(client, drafter)
    response = _post(client, {**FORM, "what_to_do": "", "area": "councils", "councils": []})
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: Draft a scam alert" in page
    assert "Enter what to do" in page
    assert "Select the district councils the alert is for" in page
    assert "A text asks for a redelivery fee</textarea>" in page
    assert not Alert.objects.exists()


def test_half_a_welsh_version_is_refused_saying_all_four_parts_or_none(
    client: Client, drafter: User
) -> None:
    sign_in(client, drafter)
    response = _post(client, {**FORM, "title_cy": "Negeseuon parsel ffug"})
    page = response.content.decode()
    assert response.status_code == 400
    assert WELSH_ALL_OR_NONE.replace("'", "&#x27;") in page
    assert 'href="#id_looks_like_cy"' in page
    assert 'value="Negeseuon parsel ffug"' in page
    assert not Alert.objects.exists()


def test_a_whole_county_alert_keeps_no_councils_and_bad_input_never_errors(
    client: Client, drafter: User
) -> None:
    sign_in(client, drafter)
    response = _post(client, {**FORM, "area": "county", "cluster": "not a number"})
    assert response.status_code == 400
    assert "Enter the cluster&#x27;s number" in response.content.decode()
    response = _post(client, {**FORM, "area": "county", "cluster": "99999"})
    assert "There is no cluster 99999" in response.content.decode()
    response = _post(client, {**FORM, "area": "county", "audiences": ["aliens"]})
    assert response.status_code == 400
    response = _post(client, {**FORM, "area": "county"})
    assert response.status_code == 302
    assert (Alert.objects.get().whole_county, Alert.objects.get().councils) == (True, [])


def test_an_identifier_withdrawn_from_publication_cannot_be_named(
    client: Client, drafter: User
) -> None:
    withdrawn = _identifier("+441632960999", withdrawn=True)
    sign_in(client, drafter)
    page = client.get("/staff/prevention/alerts/new/").content.decode()
    assert "+441632960999" not in page
    response = _post(client, {**FORM, "identifiers": [str(withdrawn.pk)]})
    assert response.status_code == 400
    with pytest.raises(AlertRefused, match="withdrawn from publication"):
        from fraudhub.prevention.services.alerts import draft_alert

        draft_alert(values=alert_values(identifiers=[withdrawn]), actor=drafter)


def test_the_drafter_changes_their_draft_and_someone_else_cannot(
    client: Client, draft: Alert, drafter: User, approver: User
) -> None:
    sign_in(client, drafter)
    response = _post(
        client,
        {**FORM, "area": "county", "title": "Fake parcel texts and emails"},
        path=f"/staff/prevention/alerts/{draft.pk}/edit/",
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Fake parcel texts and emails"
    steps = AuditEvent.objects.filter(object_type="prevention.alert").values_list(
        "detail__step", flat=True
    )
    assert sorted(steps) == ["changed", "drafted"]

    other = sign_in(Client(), approver)
    response = other.post(
        f"/staff/prevention/alerts/{draft.pk}/edit/", {**FORM, "title": "Mine now"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Fake parcel texts and emails"
    with pytest.raises(AlertRefused, match=NOT_DRAFTER):
        change_alert(alert=draft, values=alert_values(), actor=approver)


def test_an_alert_waiting_for_approval_cannot_be_changed(awaiting: Alert, drafter: User) -> None:
    with pytest.raises(AlertRefused, match="Only a draft can be changed"):
        change_alert(alert=awaiting, values=alert_values(), actor=drafter)
