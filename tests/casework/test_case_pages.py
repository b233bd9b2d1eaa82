"""A case manager works a case through its pages: queue, case, each action."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from fraudhub.casework.models import Case, Intervention, MessageTemplate
from fraudhub.reports.models import ReportUpdate

from ..factories import make_case, sign_in

pytestmark = pytest.mark.django_db


def _post(
    client: Client, case: Case, action: str, data: dict[str, object], item: int | None = None
):
    case.refresh_from_db()
    url = f"/staff/cases/{case.pk}/{action}/" + (f"{item}/" if item else "")
    return client.post(url, {"version": case.version, **data})


def test_level_1_case_is_worked_from_queue_to_closure(manager_client: Client, hub_org) -> None:
    case = make_case(amount_lost="£12,500", lost_money=True)
    assert case.level == 1

    queue = manager_client.get("/staff/cases/")
    assert queue.status_code == 200
    assert f"/staff/cases/{case.pk}/" in queue.content.decode()

    page = manager_client.get(f"/staff/cases/{case.pk}/")
    assert "Lost £12,500.00, at least £10,000.00" in page.content.decode()

    response = _post(
        manager_client,
        case,
        "contact",
        {"method": "phone", "with_whom": "victim", "outcome": "spoke", "impact": "8"},
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.state == "in_contact" and case.impact_at_first_contact == 8

    levels = {a: "some" for a in ("practical", "emotional", "financial", "safeguarding", "digital")}
    assert _post(manager_client, case, "assessment", levels).status_code == 302
    blocker = Intervention.objects.get(slug="call-blocker")
    response = _post(
        manager_client,
        case,
        "plan",
        {
            "intervention": blocker.pk,
            "owner": "Fraud hub",
            "due_date_day": "1",
            "due_date_month": "1",
            "due_date_year": "2030",
        },
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.state == "plan_active"
    item = case.plan_items.get()
    assert (
        _post(manager_client, case, "plan-status", {"status": "done"}, item.pk).status_code == 302
    )
    assert (
        _post(
            manager_client,
            case,
            "refer",
            {"organisation": _other_org().pk, "reason": "Consumer advice"},
        ).status_code
        == 302
    )
    assert _post(manager_client, case, "move", {"target": "closing"}).status_code == 302
    response = _post(
        manager_client,
        case,
        "close",
        {
            "closure_reason": "support_complete",
            "impact_at_closure": "3",
            "able_to_spot_scams": "yes",
            "money_recovered": "partly",
            "satisfaction": "5",
        },
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.state == "closed" and case.follow_ups.count() == 3
    texts = list(ReportUpdate.objects.filter(report__cases=case).values_list("text", flat=True))
    assert any("been in touch" in t for t in texts)
    assert any("support plan" in t for t in texts)
    assert any("support has finished" in t for t in texts)


def _other_org():
    from ..factories import OrganisationFactory

    return OrganisationFactory(slug="citizens-advice", name="Citizens Advice")


def test_stale_form_is_refused_with_a_clear_message(manager_client: Client, hub_org) -> None:
    case = make_case()
    old_version = case.version
    _post(
        manager_client,
        case,
        "contact",
        {"method": "phone", "with_whom": "victim", "outcome": "no_answer"},
    )
    response = manager_client.post(
        f"/staff/cases/{case.pk}/contact/",
        {"version": old_version, "method": "phone", "with_whom": "victim", "outcome": "no_answer"},
    )
    assert response.status_code == 200
    assert "Someone else changed this case" in response.content.decode()
    assert case.contacts.count() == 1


def test_every_action_page_renders(manager_client: Client, hub_org) -> None:
    case = make_case()
    for action in (
        "assign",
        "contact",
        "assessment",
        "indicators",
        "plan",
        "refer",
        "move",
        "letter",
    ):
        response = manager_client.get(f"/staff/cases/{case.pk}/{action}/")
        assert response.status_code == 200, action
    assert manager_client.get("/staff/cases/dashboard/").status_code == 200
    assert MessageTemplate.objects.filter(channel="letter").exists()


def test_partner_staff_cannot_see_cases(client: Client, partner, hub_org) -> None:
    case = make_case()
    sign_in(client, partner)
    assert client.get("/staff/cases/").status_code == 403
    assert client.get(f"/staff/cases/{case.pk}/").status_code == 403
    assert Decimal(1)


def test_email_from_a_template_is_sent_and_kept_on_the_case(
    manager_client: Client, hub_org, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    case = make_case()
    template = MessageTemplate.objects.get(slug="email-offer-support")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            manager_client, case, "letter", {"template": template.pk, "with_whom": "victim"}
        )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["margaret@example.com"]]
    assert "FH-" in mailoutbox[0].subject
    contact = case.contacts.get()
    assert contact.method == "email" and contact.outcome == "sent"
    assert "FH-" in contact.body and "Margaret" in contact.body


def test_email_is_refused_when_no_address_is_known(manager_client: Client, hub_org) -> None:
    from fraudhub.reports.inputs import PersonInput

    case = make_case(victim=PersonInput(first_name="Ann", last_name="Lee", postcode="AL1 3EJ"))
    template = MessageTemplate.objects.get(slug="email-offer-support")
    response = _post(
        manager_client, case, "letter", {"template": template.pk, "with_whom": "victim"}
    )
    assert response.status_code == 200
    assert "no email address" in response.content.decode()
    assert not case.contacts.exists()


def test_report_page_links_to_its_case_for_the_hub(manager_client: Client, hub_org) -> None:
    case = make_case()
    reference = case.reports.get().reference
    page = manager_client.get(f"/staff/reports/{reference}/").content.decode()
    assert f"/staff/cases/{case.pk}/" in page
