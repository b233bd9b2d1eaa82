"""Every page and API answer carries a strict Content-Security-Policy and is never cached;
production redirects to HTTPS and sends HSTS; `fraudhub check --deploy` finds nothing."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import api_token, sign_in

FRAUDHUB = Path(sys.executable).parent / "fraudhub"


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/report/", "/staff/sign-in/", "/staff/cases/", "/staff/insight/trends/"]
)
def test_pages_carry_a_strict_policy_and_are_never_stored(
    url: str, client: Client, manager: User
) -> None:
    sign_in(client, manager)
    response = client.get(url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()  # no inline script


@pytest.mark.django_db
def test_api_answers_are_never_stored(partner: User) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    for response in (api.get("/api/v1/reports/"), APIClient().get("/api/v1/reports/")):
        assert "no-store" in response["Cache-Control"]
        assert "Content-Security-Policy" in response


def production(**extra: str) -> dict[str, str]:
    # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which no deployment sets.
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "fraudhub.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "fraudhub.example,testserver",
        **extra,
    }


def test_check_deploy_with_production_settings_reports_nothing() -> None:
    result = subprocess.run(
        [str(FRAUDHUB), "check", "--deploy", "--fail-level", "WARNING"],
        env=production(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


REQUESTS = """
import django; django.setup()
from django.test import Client
client = Client()
plain = client.get("/report/")
print("plain", plain.status_code, plain.get("Location"))
secure = client.get("/report/", secure=True)
print("secure", secure.status_code, secure.get("Strict-Transport-Security"))
proxied = client.get("/report/", HTTP_X_FORWARDED_PROTO="https")
print("proxied", proxied.status_code)
"""


def run_requests(**extra: str) -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS],
        env=production(**extra),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {line.split()[0]: line.split()[1:] for line in result.stdout.splitlines()}


def test_production_redirects_to_https_and_asks_for_https_for_a_year() -> None:
    answers = run_requests()
    assert answers["plain"] == ["301", "https://testserver/report/"]
    assert answers["secure"] == ["200", "max-age=31536000;", "includeSubDomains;", "preload"]
    # No proxy is trusted: a forged X-Forwarded-Proto does not make plain HTTP look secure.
    assert answers["proxied"] == ["301"]


def test_behind_a_trusted_proxy_its_https_header_counts() -> None:
    assert run_requests(TRUSTED_PROXIES="1")["proxied"] == ["200"]
