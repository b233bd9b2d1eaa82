"""Roles decide what staff may do: the grants as the table says them, kept as Django groups,
and the cases that were open before roles held (issue 14) now refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fraudhub.casework.models import Case
from fraudhub.governance.access import allowed
from fraudhub.governance.permissions import sync_roles
from fraudhub.governance.roles import GRANTS, HUB_ONLY, Permission, Role
from fraudhub.linking.models import PersonDecision
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Report
from tests.intake.test_phone_entry import CALL
from tests.linking.test_people_links import victim_record

from ..factories import api_token, make_case, sign_in, staff_user, unattached_user

pytestmark = pytest.mark.django_db

CONTACT = {"method": "phone", "with_whom": "victim", "outcome": "no_answer"}
CLOSE = {"closure_reason": "support_given"}


def test_the_table_grants_what_each_role_is_for() -> None:
    assert GRANTS[Role.CALL_HANDLER] == {
        Permission.VIEW_REPORTS,
        Permission.TAKE_REPORT,
        Permission.VIEW_CASES,
    }
    assert Permission.WORK_CASES in GRANTS[Role.CASE_MANAGER]
    assert Permission.EXPORT not in GRANTS[Role.CASE_MANAGER]
    assert {Permission.SEE_INTELLIGENCE, Permission.DECIDE_PERSON_LINKS, Permission.EXPORT} <= (
        GRANTS[Role.ANALYST]
    )
    assert Permission.WORK_CASES not in GRANTS[Role.ANALYST]
    assert GRANTS[Role.PARTNER_USER] == {
        Permission.VIEW_REPORTS,
        Permission.SEND_REFERRALS,
        Permission.MANAGE_IMPORTS,
    }
    assert not GRANTS[Role.PARTNER_USER] & HUB_ONLY
    assert GRANTS[Role.ADMINISTRATOR] == set(Permission)


def test_each_role_group_holds_exactly_its_grants_and_an_edit_is_put_right() -> None:
    for role, granted in GRANTS.items():
        group = Group.objects.get(name=role.value)
        ours = set(
            group.permissions.filter(content_type__model="access").values_list(
                "codename", flat=True
            )
        )
        assert ours == {p.value for p in granted}, role
    handler = Group.objects.get(name=Role.CALL_HANDLER.value)
    handler.permissions.add(
        *Group.objects.get(name=Role.ADMINISTRATOR.value).permissions.filter(codename="work_cases")
    )
    sync_roles()
    assert not handler.permissions.filter(codename="work_cases").exists()


def test_a_login_with_no_role_may_do_nothing(db: None) -> None:
    user = User.objects.create_user("nobody")
    assert not any(allowed(user, p) for p in Permission)


def _act(client: Client, case: Case, action: str, data: dict[str, str]) -> int:
    case.refresh_from_db()
    url = reverse("casework:action", args=[case.pk, action])
    return client.post(url, {"version": case.version, **data}).status_code


@pytest.mark.parametrize("role", ["Call handler", "Analyst"])
def test_a_call_handler_or_analyst_cannot_record_contacts_or_close_cases(
    client: Client, role: str
) -> None:
    case = make_case()
    sign_in(client, staff_user("someone", role=role))
    assert _act(client, case, "contact", CONTACT) == 403
    assert _act(client, case, "close", CLOSE) == 403
    case.refresh_from_db()
    assert not case.contacts.exists() and case.closed_on is None
    page = client.get(reverse("casework:case", args=[case.pk]))
    if role == "Call handler":  # reads the case, without the buttons that would change it
        assert page.status_code == 200
        assert "Record a contact" not in page.content.decode()
    else:
        assert page.status_code == 403


def test_a_case_manager_records_contacts_and_closes_cases(client: Client) -> None:
    case = make_case()
    sign_in(client, staff_user("manager", role="Case manager"))
    assert (
        "Record a contact" in client.get(reverse("casework:case", args=[case.pk])).content.decode()
    )
    assert _act(client, case, "contact", CONTACT) == 302
    assert case.contacts.count() == 1


def _pair() -> tuple[int, int]:
    first = victim_record("Margaret", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", date_of_birth="07/03/1948", phone="01727 123456")
    link_people()
    return first.pk, second.pk


@pytest.mark.parametrize(
    ("role", "status"), [("Call handler", 403), ("Analyst", 302), ("Case manager", 302)]
)
def test_only_analysts_and_case_managers_confirm_or_split_person_links(
    client: Client, role: str, status: int
) -> None:
    url = reverse("linking:person_link", args=_pair())
    sign_in(client, staff_user("someone", role=role))
    response = client.post(url, {"same": "no", "reason": "Sisters, checked by phone"})
    assert response.status_code == status
    assert PersonDecision.objects.exists() == (status == 302)


def test_partner_staff_and_logins_without_an_organisation_cannot_take_phone_reports(
    client: Client, partner: User
) -> None:
    url = reverse("intake:phone_entry")
    for user in (partner, unattached_user("loner", role="Call handler")):
        sign_in(client, user)
        assert client.get(url).status_code == 403
        assert client.post(url, CALL).status_code == 403
    assert not Report.objects.exists()
    assert "Take a report by phone" not in client.get(reverse("staff:report_list")).content.decode()


def test_the_refusal_names_the_role_and_who_to_ask(client: Client, partner: User) -> None:
    sign_in(client, partner)
    page = client.post(reverse("intake:phone_entry"), CALL)
    text = page.content.decode()
    assert page.status_code == 403
    assert "You cannot do this" in text
    assert "You cannot take reports by phone. Your role is Partner user" in text
    assert "Ask a Fraud Hub administrator" in text


def test_a_partner_given_a_hub_permission_by_mistake_still_cannot_use_it(
    client: Client, partner: User
) -> None:
    partner.groups.add(Group.objects.get(name=Role.CALL_HANDLER.value))
    sign_in(client, partner)
    page = client.post(reverse("intake:phone_entry"), CALL)
    assert page.status_code == 403
    assert "only the fraud hub&#x27;s staff can, and you work for Trading Standards" in (
        page.content.decode()
    )


def test_the_api_refuses_a_referral_from_a_role_that_does_not_send_them() -> None:
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token(staff_user('handler', role='Call handler'))}"
    )
    response = api.post("/api/v1/reports/", {"partner_reference": "X-1"}, format="json")
    assert response.status_code == 403
    assert "Your role is Call handler" in response.json()["message"]
    assert api.get("/api/v1/reports/").status_code == 200


def test_no_token_for_a_login_whose_role_cannot_use_the_api(db: None) -> None:
    staff_user("nobody-much", role="No such role")
    with pytest.raises(CommandError, match="role \\(No such role\\) allows neither"):
        call_command("api_token", "nobody-much")
