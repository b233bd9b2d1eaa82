"""Demo logins get an authenticator whose code `fraudhub demo-code` prints, on a
development site only; real logins never."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from fraudhub.accounts.demo import give_demo_authenticator
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def demo_code(username: str) -> str:
    out = StringIO()
    call_command("demo_code", username, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_printed_code_signs_a_demo_login_in(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    user = User.objects.create_user("manager", password=PASSWORD)
    give_demo_authenticator(user)
    client.post("/staff/sign-in/", {"username": "manager", "password": PASSWORD})
    response = client.post("/staff/sign-in/code/", {"code": demo_code("manager")})
    assert response["Location"] == "/staff/"


def test_refused_with_debug_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    give_demo_authenticator(User.objects.create_user("manager"))
    with pytest.raises(CommandError, match="development sites only"):
        demo_code("manager")


def test_refused_for_a_real_login(settings, manager: User) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    with pytest.raises(CommandError, match="not a demo login"):
        demo_code("manager")
