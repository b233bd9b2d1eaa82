"""`fraudhub api-token USERNAME` gives an administrator a partner's API token to pass on,
once, and refuses logins the API would turn away; tokens can be listed and revoked."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from fraudhub.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def api_token(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def works(client: Client, token: str) -> bool:
    response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {token}")
    return response.status_code == 200


def test_the_token_is_printed_once_and_only_its_digest_is_kept(partner: User) -> None:
    token = api_token("partner")
    stored = ApiToken.objects.get(user=partner)
    assert token.startswith("fh_") and len(token) > 40
    assert token not in {stored.digest, stored.prefix, stored.name}
    assert stored.prefix == token[:10]
    with pytest.raises(CommandError, match="already has a working token called 'API'"):
        api_token("partner")


def test_the_token_works_on_the_api(partner: User, client: Client) -> None:
    assert works(client, api_token("partner"))


def test_replace_issues_a_new_token_and_the_old_one_stops_working(
    partner: User, client: Client
) -> None:
    old = api_token("partner")
    new = api_token("partner", "--replace")
    assert new != old
    assert works(client, new)
    assert not works(client, old)


def test_tokens_are_named_expire_and_are_revoked_by_name(partner: User, client: Client) -> None:
    case_system = api_token("partner", "--name", "Case system", "--days", "30")
    other = api_token("partner", "--name", "Spreadsheet upload")
    token = ApiToken.objects.get(name="Case system")
    assert (token.expires_at - token.created_at).days == 30
    api_token("partner", "--name", "Case system", "--revoke")
    assert not works(client, case_system)
    assert works(client, other)
    listed = api_token("partner", "--list")
    assert "Case system" in listed and "revoked" in listed
    assert "Spreadsheet upload" in listed and "active" in listed
    assert case_system not in listed and other not in listed


def test_refuses_a_login_with_no_organisation(db: None) -> None:
    User.objects.create_user("loner")
    with pytest.raises(CommandError, match="loner has no organisation"):
        api_token("loner")
    assert not ApiToken.objects.exists()


def test_refuses_an_unknown_or_switched_off_login(partner: User) -> None:
    with pytest.raises(CommandError, match="No user 'nobody'"):
        api_token("nobody")
    partner.is_active = False
    partner.save()
    with pytest.raises(CommandError, match="switched off"):
        api_token("partner")
