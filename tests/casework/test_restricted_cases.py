"""A case whose victim asked to restrict processing is shown as restricted in the queue
and on its pages, as its report is, and cannot be worked: no edit, letter or referral
until the restriction is lifted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.casework import services
from fraudhub.casework.models import Case, MessageTemplate
from fraudhub.casework.services import triage_reports
from fraudhub.governance import rights
from fraudhub.governance.models import Organisation, Restriction

from ..factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(hub_org: Organisation, manager: User) -> Case:
    created = make_report()
    case = triage_reports(report_ids=[created.report.pk])[0]
    rights.place(Restriction, actor=manager, obj=case.victim, reason="Asked to restrict")
    return case


def test_the_queue_shows_the_case_as_restricted_without_the_victims_details(
    manager_client: Client, case: Case
) -> None:
    page = manager_client.get("/staff/cases/").content.decode()
    assert f"/staff/cases/{case.pk}/" in page
    assert "Processing restricted" in page
    assert "Margaret" not in page


def test_the_case_page_says_it_is_restricted_and_nothing_more(
    manager_client: Client, case: Case
) -> None:
    response = manager_client.get(f"/staff/cases/{case.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Processing of this case is restricted" in page
    assert "Margaret" not in page and "margaret@example.com" not in page


def test_no_action_page_works_a_restricted_case(
    manager_client: Client, case: Case, mailoutbox: list[object]
) -> None:
    template = MessageTemplate.objects.get(slug="email-offer-support")
    partner = Organisation.objects.create(slug="age-uk", name="Age UK")
    for action, data in (
        ("letter", {"template": template.pk, "with_whom": "victim"}),
        ("refer", {"organisation": partner.pk, "reason": "Befriending"}),
        ("assign", {"assignee": ""}),
    ):
        asked = manager_client.get(f"/staff/cases/{case.pk}/{action}/")
        assert "Processing of this case is restricted" in asked.content.decode()
        posted = manager_client.post(
            f"/staff/cases/{case.pk}/{action}/", {"version": case.version, **data}
        )
        assert "Processing of this case is restricted" in posted.content.decode()
    assert mailoutbox == []
    assert not case.contacts.exists() and not case.referrals.exists()


def test_the_services_refuse_to_change_a_restricted_case(case: Case, manager: User) -> None:
    partner = Organisation.objects.create(slug="age-uk", name="Age UK")
    edit = services.Edit(case=case, version=case.version, actor=manager)
    with pytest.raises(services.CaseRuleBroken, match="restricted"):
        services.refer(edit=edit, organisation=partner, reason="Befriending")
    assert not case.referrals.exists()


def test_once_lifted_the_case_is_worked_again(
    manager_client: Client, case: Case, manager: User
) -> None:
    rights.lift(Restriction, actor=manager, obj=case.victim, reason="Restriction ended")
    page = manager_client.get(f"/staff/cases/{case.pk}/").content.decode()
    assert "Margaret" in page and "Processing of this case is restricted" not in page
