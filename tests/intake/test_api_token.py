"""`fraudhub api-token USERNAME` gives an administrator a partner's API token to pass on,
and refuses logins the API would turn away."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_prints_the_same_token_each_time(partner: User) -> None:
    key = api_token("partner")
    assert key == Token.objects.get(user=partner).key
    assert api_token("partner") == key


def test_replace_issues_a_new_token_and_the_old_one_stops_working(partner: User) -> None:
    old = api_token("partner")
    new = api_token("partner", "--replace")
    assert new != old
    assert list(Token.objects.values_list("key", flat=True)) == [new]


def test_the_token_works_on_the_api(partner: User, client: Client) -> None:
    response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {api_token('partner')}")
    assert response.status_code == 200


def test_refuses_a_login_with_no_organisation(db: None) -> None:
    User.objects.create_user("loner")
    with pytest.raises(CommandError, match="loner has no organisation"):
        api_token("loner")
    assert not Token.objects.exists()


def test_refuses_an_unknown_or_switched_off_login(partner: User) -> None:
    with pytest.raises(CommandError, match="No user 'nobody'"):
        api_token("nobody")
    partner.is_active = False
    partner.save()
    with pytest.raises(CommandError, match="switched off"):
        api_token("partner")
