"""A signed-in session ends 30 minutes after its last request and 12 hours after sign-in,
and the page then says why; asking how long is left does not keep it alive."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from fraudhub.accounts import sessions
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

MINUTE = 60


def shift(client: Client, *, signed_in: float = 0, last_seen: float = 0) -> None:
    """Move the session's clocks back by so many seconds."""
    session = client.session
    session[sessions.SIGNED_IN_AT] -= signed_in
    session[sessions.LAST_SEEN] -= last_seen
    session.save()


def test_thirty_minutes_without_a_request_sign_out(client: Client, manager: User) -> None:
    sign_in(client, manager)
    shift(client, signed_in=31 * MINUTE, last_seen=31 * MINUTE)
    response = client.get("/staff/cases/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/signed-out/?after=idle&next=%2Fstaff%2Fcases%2F"
    page = client.get(response["Location"]).content.decode()
    assert "You have been signed out" in page
    assert "you had not used Fraud Hub for 30 minutes" in page
    assert 'href="/staff/sign-in/?next=%2Fstaff%2Fcases%2F"' in page
    assert client.get("/staff/cases/")["Location"].startswith("/staff/sign-in/")


def test_a_request_within_thirty_minutes_keeps_the_session(client: Client, manager: User) -> None:
    sign_in(client, manager)
    shift(client, signed_in=29 * MINUTE, last_seen=29 * MINUTE)
    assert client.get("/staff/cases/").status_code == 200
    shift(client, signed_in=20 * MINUTE, last_seen=20 * MINUTE)  # 49 minutes since sign-in
    assert client.get("/staff/cases/").status_code == 200


def test_twelve_hours_after_sign_in_the_session_ends_however_busy(
    client: Client, manager: User
) -> None:
    sign_in(client, manager)
    shift(client, signed_in=12 * 60 * MINUTE + 1)
    response = client.get("/staff/cases/")
    assert response["Location"].startswith("/staff/signed-out/?after=absolute")
    assert "12 hours after you sign in" in client.get(response["Location"]).content.decode()


def test_the_session_expires_in_the_store_after_twelve_hours(client: Client, manager: User) -> None:
    sign_in(client, manager)
    assert client.session.get_expiry_age() == 12 * 60 * MINUTE


def test_asking_how_long_is_left_does_not_keep_the_session_alive(
    client: Client, manager: User
) -> None:
    sign_in(client, manager)
    shift(client, last_seen=25 * MINUTE)
    answer = client.get("/staff/session/", HTTP_ACCEPT="application/json").json()
    assert answer["signed_in"] and answer["renewable"]
    assert 4 * MINUTE < answer["seconds_left"] <= 5 * MINUTE
    shift(client, last_seen=6 * MINUTE)
    assert client.get("/staff/session/").json() == {"signed_in": False}
    assert client.get("/staff/cases/").status_code == 302


def test_stay_signed_in_starts_the_idle_time_again(client: Client, manager: User) -> None:
    sign_in(client, manager)
    shift(client, last_seen=28 * MINUTE)
    answer = client.post("/staff/session/", HTTP_ACCEPT="application/json").json()
    assert answer["seconds_left"] > 29 * MINUTE
    shift(client, last_seen=0)
    response = client.post("/staff/session/", {"next": "/staff/reports/"})
    assert response["Location"] == "/staff/reports/"


def test_near_the_twelve_hours_staying_is_not_offered(client: Client, manager: User) -> None:
    sign_in(client, manager)
    shift(client, signed_in=12 * 60 * MINUTE - 60)
    answer = client.get("/staff/session/").json()
    assert answer["seconds_left"] <= 60 and not answer["renewable"]


def test_staff_pages_carry_the_timeout_warning(client: Client, manager: User) -> None:
    sign_in(client, manager)
    page = client.get("/staff/cases/").content.decode()
    assert 'id="timeout-warning"' in page
    left = int(page.split('data-seconds-left="')[1].split('"')[0])
    assert 1790 <= left <= 1800
    assert "You’re about to be signed out" in page
    assert "Stay signed in" in page


def test_switching_a_login_off_ends_its_sessions(client: Client, manager: User) -> None:
    sign_in(client, manager)
    manager.is_active = False
    manager.save()
    assert client.get("/staff/cases/")["Location"].startswith("/staff/sign-in/")


def test_resetting_the_second_factor_ends_every_session(client: Client, manager: User) -> None:
    sign_in(client, manager)
    TOTPDevice.objects.filter(user=manager).delete()  # what an administrator does in the admin
    assert client.get("/staff/cases/")["Location"].startswith("/staff/sign-in/")
