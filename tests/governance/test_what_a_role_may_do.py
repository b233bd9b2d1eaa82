"""What a person may do (governance.access), asked of the module itself: a permission comes
from the roles a login holds, the hub's own work needs a login of the hub, nobody and a
switched-off login may do nothing, and a refusal says why in plain words."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.views import APIView

from fraudhub.governance.access import (
    Refused,
    allowed,
    api_permission,
    check,
    permissions_of,
    reason,
    require,
    role_names,
)
from fraudhub.governance.roles import GRANTS, HUB_ONLY, Permission, Role

from ..factories import staff_user, unattached_user

pytestmark = pytest.mark.django_db


def test_a_role_allows_what_it_grants_and_nothing_else(manager: User) -> None:
    granted = GRANTS[Role.CASE_MANAGER]
    assert {p for p in Permission if allowed(manager, p)} == granted


def test_nobody_and_the_public_may_do_nothing() -> None:
    assert not any(allowed(None, p) for p in Permission)
    assert not any(allowed(AnonymousUser(), p) for p in Permission)


def test_a_switched_off_login_may_do_nothing_whatever_its_role(manager: User) -> None:
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    assert not any(allowed(manager, p) for p in Permission)


def test_the_hubs_own_work_is_refused_to_staff_of_other_organisations_and_of_none(
    partner: User,
) -> None:
    partner.groups.add(Group.objects.get(name=Role.ADMINISTRATOR.value))
    loner = unattached_user(role=Role.ADMINISTRATOR.value)
    for permission in HUB_ONLY:
        assert not allowed(partner, permission)
        assert not allowed(loner, permission)
    assert allowed(partner, Permission.MANAGE_AGREEMENTS)


def test_every_permission_is_named_for_templates(manager: User) -> None:
    may = permissions_of(manager)
    assert set(may) == {p.value for p in Permission}
    assert may["work_cases"] and not may["administer"]
    assert not any(permissions_of(AnonymousUser()).values())


def test_roles_are_named_in_the_order_of_the_roles_then_others_by_name(db: None) -> None:
    user = staff_user("both", role=Role.ANALYST.value)
    user.groups.add(
        Group.objects.create(name="Night shift"),
        Group.objects.create(name="Auditors"),
        Group.objects.get(name=Role.CALL_HANDLER.value),
    )
    assert role_names(user) == ["Call handler", "Analyst", "Auditors", "Night shift"]


def test_nobody_has_a_role() -> None:
    assert role_names(None) == []
    assert role_names(AnonymousUser()) == []


def test_a_refusal_names_the_role_and_who_to_ask(manager: User) -> None:
    assert reason(manager, Permission.EXPORT) == (
        "You cannot export reports or intelligence. Your role is Case manager, which does "
        "not allow it. Ask a Fraud Hub administrator if you need to."
    )


def test_a_refusal_to_a_login_with_no_role_says_so(db: None) -> None:
    assert reason(User.objects.create_user("nobody"), Permission.VIEW_REPORTS).startswith(
        "You cannot read reports. Your login has no role, which does not allow it."
    )


def test_a_refusal_of_the_hubs_own_work_says_where_the_person_works(partner: User) -> None:
    partner.groups.add(Group.objects.get(name=Role.CALL_HANDLER.value))
    assert reason(partner, Permission.TAKE_REPORT) == (
        "You cannot take reports by phone: only the fraud hub's staff can, and you work for "
        "Trading Standards. Ask a Fraud Hub administrator if this is wrong."
    )
    loner = unattached_user(role=Role.CALL_HANDLER.value)
    assert "your login is not linked to an organisation" in reason(loner, Permission.TAKE_REPORT)


def test_check_refuses_with_the_reason_and_lets_through_who_may(manager: User) -> None:
    check(manager, Permission.WORK_CASES)
    with pytest.raises(Refused) as refusal:
        check(manager, Permission.EXPORT)
    assert refusal.value.permission is Permission.EXPORT
    assert str(refusal.value) == reason(manager, Permission.EXPORT)


def _page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("the page")


def _asked_by(user: Any) -> HttpRequest:
    request = RequestFactory().get("/staff/page/")
    request.user = user
    return request


def test_a_required_permission_sends_the_signed_out_to_sign_in(db: None) -> None:
    response = require(Permission.VIEW_REPORTS)(_page)(_asked_by(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


def test_a_required_permission_refuses_a_role_without_it_and_serves_one_with_it(
    manager: User,
) -> None:
    view = require(Permission.VIEW_REPORTS, Permission.EXPORT)(_page)
    with pytest.raises(Refused):
        view(_asked_by(manager))
    assert require(Permission.WORK_CASES)(_page)(_asked_by(manager)).content == b"the page"


def test_an_api_view_needs_the_permission_of_its_method_and_else_reading_reports(
    manager: User, partner: User
) -> None:
    needs = api_permission(POST=Permission.SEND_REFERRALS)()
    view = APIView()
    asked = Request(_asked_by(manager))
    asked.user = manager
    assert needs.has_permission(asked, view)  # GET needs reading reports
    posted = Request(RequestFactory().post("/api/"))
    posted.user = manager
    assert not needs.has_permission(posted, view)
    assert needs.message == reason(manager, Permission.SEND_REFERRALS)
    posted.user = partner
    assert needs.has_permission(posted, view)
