"""Ten wrong passwords or codes lock an account, and lock an address, for 15 minutes;
behind a trusted proxy the client's own address counts, and a forged X-Forwarded-For
fools nothing when no proxy is trusted."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import PASSWORD, code_for, staff_user

pytestmark = pytest.mark.django_db

SIGN_IN = "/staff/sign-in/"
LIMIT = 10


def attempt(username: str, typed: str, address: str = "192.0.2.10", **headers: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=address, **headers).post(
        SIGN_IN, {"username": username, "password": typed}
    )


def signs_in(user: User, address: str = "192.0.2.10", **headers: str) -> bool:
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(SIGN_IN, {"username": user.username, "password": PASSWORD})
    if response.status_code != 302:
        return False
    client.post("/staff/sign-in/code/", {"code": code_for(user)})
    return client.get("/staff/reports/").status_code == 200


def test_ten_wrong_passwords_lock_the_account_wherever_they_come_from(manager: User) -> None:
    for n in range(LIMIT):
        attempt("manager", "wrong password here", address=f"198.51.100.{n}")
    response = attempt("manager", PASSWORD, address="203.0.113.5")
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert "Wait 15 minutes" in response.content.decode()
    assert not signs_in(manager, address="203.0.113.6")


def test_nine_wrong_passwords_do_not(manager: User) -> None:
    for n in range(LIMIT - 1):
        attempt("manager", "wrong password here", address=f"198.51.100.{n}")
    assert signs_in(manager, address="203.0.113.5")


def test_ten_wrong_passwords_from_one_address_lock_that_address(db: None) -> None:
    someone = staff_user("someone", role="Case manager")
    for n in range(LIMIT):
        attempt(f"guess{n}", "wrong password here", address="192.0.2.99")
    assert attempt("someone", PASSWORD, address="192.0.2.99").status_code == 429
    assert signs_in(someone, address="192.0.2.100")


def test_wrong_codes_count_towards_the_lockout(manager: User) -> None:
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.post(SIGN_IN, {"username": "manager", "password": PASSWORD})
    for _ in range(LIMIT):
        response = client.post("/staff/sign-in/code/", {"code": "000000"})
    assert response.status_code == 429
    assert not signs_in(manager, address="203.0.113.7")


def test_a_forged_forwarded_for_does_not_escape_the_address_lockout(db: None) -> None:
    someone = staff_user("someone", role="Case manager")
    for n in range(LIMIT):
        attempt(f"guess{n}", "wrong", address="192.0.2.99", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert not signs_in(someone, address="192.0.2.99", HTTP_X_FORWARDED_FOR="10.9.9.9")


def test_behind_a_trusted_proxy_each_client_counts_on_its_own(settings, db: None) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_TRUSTED_PROXIES = 1
    someone = staff_user("someone", role="Case manager")
    proxy = "10.0.0.1"  # every request reaches the site from the proxy
    for n in range(LIMIT):
        attempt(f"guess{n}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert (
        attempt(
            "someone", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.66"
        ).status_code
        == 429
    )
    # Another client behind the same proxy is not locked out; forging the header's left
    # part does not make the attacker someone else.
    assert signs_in(someone, address=proxy, HTTP_X_FORWARDED_FOR="198.51.100.77")
    forged = "203.0.113.1, 198.51.100.66"
    assert (
        attempt("someone", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    )
