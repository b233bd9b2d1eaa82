"""Before saving a report taken by phone, the call handler checks what the hub already
knows: how many reports share the scammer's number (and their campaign), and whether the
caller may have reported before. Only reports the call handler may see are counted or
named; nothing is saved by checking, and nothing typed is lost."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report
from tests.factories import make_report

from ..linking.test_link_on_arrival import KNOWN as MARGARET
from .test_phone_entry import CALL

pytestmark = pytest.mark.django_db

SCAMMER = "020 7946 0123"
# She calls again and gives her name as Peggy: the people model knows the nickname.
PEGGY_CALLS = {
    **CALL,
    "caller": "victim",
    "first_name": "Peggy",
    "last_name": "Hughes",
    "postcode": "AL1 3EJ",
    "phone": "01727 123456",
    "scammer_phones": SCAMMER,
    "narrative": "",  # not asked yet: checking must not refuse anything
    "check": "yes",
}


def stored_with_scammer(count: int, **overrides: Any) -> list[Report]:
    reports = [
        make_report(
            identifiers=[IdentifierInput(kind="phone", value=SCAMMER)],
            victim=PersonInput(first_name=f"Person{i}", last_name="Other", postcode="SG1 1AA"),
            **overrides,
        ).report
        for i in range(count)
    ]
    link_reports(report_ids=[r.pk for r in reports])
    return reports


def test_the_call_handler_sees_the_number_and_a_possible_earlier_report_before_saving(
    manager_client: Client, hub_org: Organisation
) -> None:
    earlier = make_report(victim=MARGARET).report
    others = stored_with_scammer(13)
    link_reports(report_ids=[earlier.pk, *(r.pk for r in others)])
    cluster = earlier.cluster_member.cluster_id
    page = manager_client.post(reverse("intake:phone_entry"), PEGGY_CALLS)
    assert page.status_code == 200
    text = page.content.decode()
    assert Report.objects.count() == 14  # nothing saved
    assert (
        f"This number (020 7946 0123) is in 14 reports (cluster {cluster}, bank or building society impersonation)"
        in text
    )
    assert "This caller may have reported before" in text
    assert str(earlier.reference) in text
    assert 'value="Peggy"' in text  # what was typed comes back
    assert "Enter" not in text.split('id="known-before"')[0]  # no error summary
    assert AuditEvent.objects.filter(
        object_id=str(earlier.pk), action=AuditEvent.Action.VIEW
    ).exists()


def test_nothing_known_says_so(manager_client: Client, hub_org: Organisation) -> None:
    page = manager_client.post(reverse("intake:phone_entry"), PEGGY_CALLS).content.decode()
    assert "Nothing you have typed so far is in the reports you can see" in page
    assert Report.objects.count() == 0


def test_a_report_whose_processing_is_restricted_is_neither_counted_nor_named(
    manager_client: Client, manager: object, hub_org: Organisation
) -> None:
    from fraudhub.governance import rights
    from fraudhub.governance.models import Restriction

    earlier = make_report(
        victim=MARGARET, identifiers=[IdentifierInput(kind="phone", value=SCAMMER)]
    ).report
    stored_with_scammer(2)
    assert earlier.victim is not None
    rights.place(Restriction, actor=manager, obj=earlier.victim, reason="Asked to restrict")
    response = manager_client.post(reverse("intake:phone_entry"), PEGGY_CALLS)
    banner = response.content.decode().split('id="known-before"')[1].split("<h1")[0]
    assert "This number (020 7946 0123) is in 2 reports" in banner
    assert str(earlier.reference) not in banner
    assert "may have reported before" not in banner
