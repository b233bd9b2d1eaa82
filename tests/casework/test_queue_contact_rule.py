"""The case queue shows how each victim may be contacted (the safe-contact rule), so nobody
phones a victim the scammer may still be in touch with."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from fraudhub.casework.services import triage_reports
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report

pytestmark = pytest.mark.django_db


def victim(first_name: str, **changes: str) -> PersonInput:
    return PersonInput(
        first_name=first_name, last_name="Hughes", age="78", postcode="AL1 3EJ", **changes
    )


def rule_beside(page: str, name: str) -> str:
    """The "How to contact" cell of the victim's row, as text."""
    row = re.search(
        rf"<tr class=\"govuk-table__row\">(?:(?!</tr>).)*>{name} Hughes<.*?</tr>", page, re.S
    )
    assert row is not None, name
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    return re.sub(r"<br>", " / ", re.sub(r"</?strong>", "", cells[2])).strip()


def test_each_case_in_the_queue_shows_its_contact_rule(
    manager_client: Client, hub_org: object
) -> None:
    reports = [
        make_report(victim=victim("Ann"), still_in_contact=True),
        make_report(victim=victim("Bob"), still_in_contact_not_sure=True),
        make_report(victim=victim("Cy", contact_rule="via_carer")),
        make_report(victim=victim("Di"), still_in_contact=False),
        make_report(victim=victim("Ed", contact_rule="via_reporter"), still_in_contact=True),
    ]
    triage_reports(report_ids=[r.report.pk for r in reports])
    page = manager_client.get("/staff/cases/").content.decode()
    assert "How to contact" in page
    assert rule_beside(page, "Ann") == "Do not call: scammer may be in touch – write or visit"
    assert rule_beside(page, "Bob") == "Do not call: scammer may be in touch – write or visit"
    assert rule_beside(page, "Cy") == "Only through their carer or attorney"
    assert rule_beside(page, "Di") == "Contact directly"
    assert rule_beside(page, "Ed") == (
        "Only through the person who reported it / "
        "Do not call: scammer may be in touch – write or visit"
    )
