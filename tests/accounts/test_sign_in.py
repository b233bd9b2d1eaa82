"""Signing in takes a password and then a code from the authenticator app (or a recovery
code, once); a session without the second factor is signed out everywhere."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from fraudhub.accounts import services
from fraudhub.accounts.demo import current_code
from fraudhub.accounts.models import RecoveryCode
from fraudhub.accounts.views import PENDING
from tests.factories import PASSWORD, code_for, sign_in, staff_user

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
CODE = "/staff/sign-in/code/"


def password(client: Client, username: str = "manager", typed: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": username, "password": typed, **extra})


def test_password_then_code_signs_in(client: Client, manager: User) -> None:
    response = password(client)
    assert response.status_code == 302 and response["Location"] == CODE
    assert client.get("/staff/cases/").status_code == 302  # not signed in yet
    response = client.post(CODE, {"code": code_for(manager)})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/cases/").status_code == 200


def test_the_password_alone_opens_no_staff_page_admin_or_api(client: Client, db: None) -> None:
    admin = staff_user("admin", role="Administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    password(client, "admin")
    for url in ("/staff/cases/", "/staff/reports/", "/staff/imports/", "/admin/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain, url
        assert response.redirect_chain[-1][0].startswith(SIGN_IN), url
    assert client.get("/api/v1/reports/").status_code in (401, 403)


def test_a_session_signed_in_without_the_second_factor_is_refused(
    client: Client, manager: User
) -> None:
    client.force_login(manager)  # a session that never passed the second factor
    response = client.get("/staff/cases/")
    assert response.status_code == 302 and response["Location"].startswith(SIGN_IN)
    assert client.get("/api/v1/reports/").status_code in (401, 403)
    sign_in(client, manager)
    assert client.get("/staff/cases/").status_code == 200


def test_the_admin_asks_for_the_second_factor_too(client: Client, db: None) -> None:
    admin = staff_user("admin", role="Administrator")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/staff/sign-in/?next=%2Fadmin%2F"
    sign_in(client, admin)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_with_what_to_do(client: Client, manager: User) -> None:
    password(client)
    right = code_for(manager)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(CODE, {"code": wrong})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert client.get("/staff/cases/").status_code == 302
    response = client.post(CODE, {"code": "12345"})
    assert "The code must be 6 numbers" in response.content.decode()
    response = client.post(CODE, {"code": ""})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()


def test_wrong_codes_in_a_row_make_the_next_try_wait(client: Client, manager: User) -> None:
    password(client)
    client.post(CODE, {"code": "000000"})
    client.post(CODE, {"code": "000001"})
    response = client.post(CODE, {"code": code_for(manager)})  # right, but too soon
    assert "You entered a wrong code too many times. Wait" in response.content.decode()
    assert client.get("/staff/cases/").status_code == 302


def test_a_code_works_once(client: Client, manager: User) -> None:
    code = code_for(manager)
    password(client)
    client.post(CODE, {"code": code})
    other = Client()
    password(other)
    response = other.post(CODE, {"code": code})
    assert "The code is not correct" in response.content.decode()


def test_a_new_session_id_at_each_step_of_sign_in(client: Client, manager: User) -> None:
    before = client.session.session_key  # a visitor's session, before signing in
    password(client)
    after_password = client.cookies["sessionid"].value
    client.post(CODE, {"code": code_for(manager)})
    signed_in = client.cookies["sessionid"].value
    assert len({before, after_password, signed_in}) == 3


def test_signing_in_goes_back_to_the_page_asked_for_on_this_site_only(
    client: Client, manager: User
) -> None:
    password(client, next="/staff/reports/")
    response = client.post(CODE, {"code": code_for(manager)})
    assert response["Location"] == "/staff/reports/"
    other = Client()
    password(other, next="https://evil.example/")
    response = other.post(CODE, {"code": code_for(manager)})
    assert response["Location"] == "/staff/"


def test_the_code_must_follow_the_password_within_10_minutes(client: Client, manager: User) -> None:
    password(client)
    session = client.session
    session[PENDING] = {**session[PENDING], "at": time.time() - 11 * 60}
    session.save()
    response = client.post(CODE, {"code": code_for(manager)})
    assert response["Location"] == SIGN_IN
    assert client.get("/staff/cases/").status_code == 302


def test_a_wrong_password_says_so_and_keeps_the_username(client: Client, manager: User) -> None:
    response = password(client, typed="not the password at all")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a correct username and password" in page
    assert 'value="manager"' in page
    assert PENDING not in client.session


def test_first_sign_in_sets_up_the_app_and_shows_recovery_codes_once(client: Client) -> None:
    user = User.objects.create_user("newcomer", password=PASSWORD)
    user.groups.add(Group.objects.get(name="Call handler"))
    response = password(client, "newcomer")
    assert response["Location"] == "/staff/sign-in/set-up/"
    page = client.get("/staff/sign-in/set-up/").content.decode()
    assert 'src="data:image/svg+xml;base64,' in page
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert client.get("/staff/reports/").status_code == 302
    response = client.post("/staff/sign-in/set-up/", {"code": current_code(device)[0]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We will not show these codes again" in page
    codes = response.context["codes"]
    assert len(codes) == 10 and all(code in page for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    stored = list(RecoveryCode.objects.values_list("digest", flat=True))
    assert not any(
        code in digest or code.replace("-", "") in digest for code in codes for digest in stored
    )
    assert client.get("/staff/reports/").status_code == 200


def test_setting_up_again_needs_the_existing_app(client: Client, manager: User) -> None:
    password(client)
    response = client.get("/staff/sign-in/set-up/")
    assert response["Location"] == CODE
    assert TOTPDevice.objects.filter(user=manager).count() == 1


def test_a_recovery_code_signs_in_once(client: Client, manager: User) -> None:
    codes = services.issue_recovery_codes(user=manager)
    password(client)
    response = client.post("/staff/sign-in/recovery-code/", {"code": codes[0].upper()})
    assert response["Location"] == "/staff/"
    assert client.get("/staff/cases/").status_code == 200
    again = Client()
    password(again)
    response = again.post("/staff/sign-in/recovery-code/", {"code": codes[0]})
    assert (
        "That recovery code is not correct, or has been used already" in response.content.decode()
    )
    assert again.get("/staff/cases/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client: Client, manager: User) -> None:
    old = services.issue_recovery_codes(user=manager)
    sign_in(client, manager)
    assert (
        "You have 10 recovery codes left" in client.get("/staff/recovery-codes/").content.decode()
    )
    new = client.post("/staff/recovery-codes/").context["codes"]
    assert set(new).isdisjoint(old)
    other = Client()
    password(other)
    response = other.post("/staff/sign-in/recovery-code/", {"code": old[1]})
    assert "not correct" in response.content.decode()
