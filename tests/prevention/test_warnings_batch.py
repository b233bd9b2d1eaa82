"""A case manager prepares warnings to a confirmed campaign's victims, sees each victim's
channel (or why not), approves the batch in one step; each warning is kept on the case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from fraudhub.casework.models import Contact
from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import WarningBatch, WarningRecipient
from fraudhub.prevention.services.warnings import _send, approve_batch, send_batch

from ..factories import sign_in, staff_user
from .outreach_world import Campaign, victim_case

pytestmark = pytest.mark.django_db

NEXT_MOVE = "They may call saying they are from the police and can recover your money for a fee."


def _prepare(client: Client, campaign: Campaign, channel: str = "email") -> WarningBatch:
    response = client.post(
        f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/",
        {"next_move": NEXT_MOVE, "channel": channel},
    )
    assert response.status_code == 302, response.content.decode()
    return WarningBatch.objects.get()


def test_the_batch_shows_each_victim_and_never_one_whose_rules_forbid_it(
    client: Client, campaign: Campaign
) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    batch = _prepare(client, campaign)
    page = client.get(f"/staff/prevention/warnings/{batch.pk}/").content.decode()
    assert "Not sent: their contact rules forbid it" in page
    assert "Nobody can get your money back for a fee." in page
    assert NEXT_MOVE in page
    methods = {r.case_id: r.method for r in WarningRecipient.objects.filter(batch=batch)}
    assert methods == {
        campaign.by_email.pk: "email",
        campaign.through_carer.pk: "",
        campaign.by_letter.pk: "letter",
    }
    assert not Contact.objects.exists()  # nothing is sent before approval
    assert AuditEvent.objects.filter(
        object_type="prevention.warningbatch", action=AuditEvent.Action.CREATE
    ).exists()


def test_approving_sends_the_whole_batch_and_keeps_each_warning_on_the_case(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    batch = _prepare(client, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/prevention/warnings/{batch.pk}/approve/")
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == WarningBatch.Status.SENT and batch.approved_by_label == "manager"

    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "Nobody can get your money back for a fee." in mail.outbox[0].body
    assert NEXT_MOVE in mail.outbox[0].body
    emailed = Contact.objects.get(case=campaign.by_email)
    assert (emailed.method, emailed.outcome) == ("email", "sent")
    assert "the police and your bank never ask you to pay" in emailed.body.lower()
    letter = Contact.objects.get(case=campaign.by_letter)
    assert letter.method == "letter"
    assert not Contact.objects.filter(case=campaign.through_carer).exists()

    case_page = client.get(f"/staff/cases/{campaign.by_letter.pk}/").content.decode()
    assert "Warning about recovery scams" in case_page
    letters = client.get(f"/staff/prevention/warnings/{batch.pk}/letters/").content.decode()
    assert "1 High Street" in letters and "Cyson" in letters and "Okafor" not in letters

    again = client.post(f"/staff/prevention/warnings/{batch.pk}/approve/", follow=True)
    assert "already been approved" in again.content.decode()
    assert Contact.objects.count() == 2


def test_a_rule_added_after_preparing_stops_that_warning(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    batch = _prepare(client, campaign)
    victim = campaign.by_email.victim
    victim.contact_rule = "via_reporter"
    victim.save(update_fields=["contact_rule"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/prevention/warnings/{batch.pk}/approve/")
    assert not Contact.objects.filter(case=campaign.by_email).exists()
    stopped = WarningRecipient.objects.get(batch=batch, case=campaign.by_email)
    assert stopped.not_sent_because == "their contact rules forbid it"


def test_an_analyst_cannot_prepare_or_approve_warnings(client: Client, campaign: Campaign) -> None:
    sign_in(client, staff_user("analyst2", role="Analyst"))
    response = client.post(
        f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/",
        {"next_move": NEXT_MOVE, "channel": "email"},
    )
    assert response.status_code == 403
    assert not WarningBatch.objects.exists()


def test_an_empty_form_says_what_to_fix(client: Client, campaign: Campaign) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    response = client.post(
        f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/", {"next_move": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter what the campaign is likely to do next" in page
    assert "Select letter or email" in page


def test_a_later_batch_leaves_out_victims_already_warned(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    first = _prepare(client, campaign)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/prevention/warnings/{first.pk}/approve/")
    late = victim_case("Dee", email="dee@example.com")

    client.post(
        f"/staff/prevention/warnings/campaigns/{campaign.confirmed.pk}/",
        {"next_move": NEXT_MOVE, "channel": "email"},
    )
    second = WarningBatch.objects.exclude(pk=first.pk).get()
    listed = set(WarningRecipient.objects.filter(batch=second).values_list("case_id", flat=True))
    assert listed == {late.pk, campaign.through_carer.pk}  # never sent: still listed, with why


def test_a_sending_stopped_half_way_and_run_again_warns_nobody_twice(
    client: Client, campaign: Campaign, django_capture_on_commit_callbacks: Any
) -> None:
    manager = staff_user("manager", role="Case manager")
    sign_in(client, manager)
    batch = _prepare(client, campaign)
    approve_batch(actor=manager, batch=batch)  # approved; the worker has not run yet
    assert WarningBatch.objects.get().status == WarningBatch.Status.SENDING
    page = client.get(f"/staff/prevention/warnings/{batch.pk}/").content.decode()
    assert "The warnings are being sent" in page
    letter = WarningRecipient.objects.get(batch=batch, case=campaign.by_letter)
    with django_capture_on_commit_callbacks(execute=True):
        _send(manager, batch, letter, "letter")  # one sent before the worker stopped

    with django_capture_on_commit_callbacks(execute=True):
        assert send_batch(batch_id=batch.pk) == 1  # the email only
    assert send_batch(batch_id=batch.pk) == 0  # and a second run sends nothing
    assert Contact.objects.filter(case=campaign.by_letter).count() == 1
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert WarningBatch.objects.get().status == WarningBatch.Status.SENT
