"""Log lines as operators read them: JSON with a request id and the user's id, and never a
name, email address, phone number, postcode or the words of a report, whichever way the
report came in (the public journey, the partner API) and at whatever log level."""

from __future__ import annotations

import io
import json
import logging
import os
import runpy
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from fraudhub.log_redaction import RedactPersonalData
from fraudhub.operations.logs import JsonLines, RequestContext
from fraudhub.reports.models import Report
from tests.factories import api_token

pytestmark = pytest.mark.django_db

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"
FIRST, LAST = "Winifred", "Oakenshield"
EMAIL = "winifred.oak@example.com"
PHONE = "07700 900461"
POSTCODE = "SG13 7QX"
STORY = "the man with the gold tooth took my pension"
KNOWN = [FIRST, LAST, EMAIL, PHONE, "07700900461", "+447700900461", POSTCODE, "SG137QX", STORY]


@pytest.fixture
def lines() -> Iterator[io.StringIO]:
    """Every log line of every logger at DEBUG, formatted as in production."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactPersonalData())
    handler.addFilter(RequestContext())
    handler.setFormatter(JsonLines())
    loggers = [logging.getLogger(), logging.getLogger("django"), logging.getLogger("django.server")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield out
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def parsed(out: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def assert_no_personal_data(out: io.StringIO) -> None:
    text = out.getvalue()
    assert text, "nothing was logged"
    found = [value for value in KNOWN if value.lower() in text.lower()]
    assert not found, f"personal data in the log: {found}"


JOURNEY = [
    ("who", {"reporting_for": "myself"}),
    ("scam-type", {"scam_type": "bank_impersonation"}),
    ("contact-method", {"contact_method": "phone_call"}),
    ("what-happened", {"narrative": STORY}),
    ("when", {"incident_date_day": "5", "incident_date_month": "3", "incident_date_year": "2026"}),
    ("still-in-contact", {"still_in_contact": "no"}),
    ("scammer-details", {"phones": "020 7946 0123"}),
    ("money", {"lost_money": "no"}),
    ("about", {"first_name": FIRST, "last_name": LAST, "age": "81", "postcode": POSTCODE}),
    ("support-needs", {"indicators": ["lives_alone"]}),
    ("contact-details", {"phone": PHONE, "email": EMAIL}),
    ("consent", {"consent_to_contact": "yes", "consent_to_share": "yes"}),
]


def test_a_report_through_the_public_journey_leaves_no_personal_data_in_the_logs(
    lines: io.StringIO,
) -> None:
    client = Client()
    for slug, data in JOURNEY:
        assert client.post(f"/report/{slug}/", data).status_code == 302, slug
    client.post("/report/check-answers/")
    report = Report.objects.get()
    assert report.victim is not None and report.victim.first_name == FIRST
    # a mistyped answer (kept and shown back) and a search for it are logged too
    client.post("/report/about/", {"first_name": FIRST, "last_name": LAST, "age": "old"})
    client.get(f"/track/{report.reference}/", {"q": EMAIL})
    client.get(f"/report/{EMAIL}/")  # no such page
    assert_no_personal_data(lines)
    assert report.reference not in lines.getvalue()
    requests = [r for r in parsed(lines) if r["logger"] == "fraudhub.requests"]
    assert {r["view"] for r in requests} >= {"intake:step", "intake:check", "intake:track_session"}
    assert all(len(str(r["request_id"])) == 32 and r["user_id"] is None for r in requests)
    assert all(isinstance(r["duration_ms"], float) and r["status"] for r in requests)


def test_a_referral_through_the_api_leaves_no_personal_data_and_names_the_user_by_id(
    lines: io.StringIO, partner: User
) -> None:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    referral = {
        "partner_reference": "TS-2026-0042",
        "received_date": "2026-03-06",
        "scam_type": "Bank impersonation",
        "description": STORY,
        "victim_first_name": FIRST,
        "victim_last_name": LAST,
        "victim_postcode": POSTCODE,
        "victim_phone": PHONE,
        "victim_email": EMAIL,
    }
    assert api.post("/api/v1/reports/", referral, format="json").status_code == 201
    # refused: a value the API cannot read, quoted back to the partner but not logged
    api.post("/api/v1/reports/", {**referral, "received_date": EMAIL}, format="json")
    assert_no_personal_data(lines)
    requests = [r for r in parsed(lines) if r["logger"] == "fraudhub.requests"]
    assert [r["user_id"] for r in requests] == [partner.pk, partner.pk]
    assert partner.username not in lines.getvalue()


def test_the_response_echoes_the_request_id_a_trusted_proxy_sent(settings, lines) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_TRUSTED_PROXIES = 1
    response = Client().get("/privacy/", HTTP_X_REQUEST_ID="4f1c2b9a0e7d4c3b8a6f5e4d3c2b1a09")
    assert response["X-Request-ID"] == "4f1c2b9a0e7d4c3b8a6f5e4d3c2b1a09"
    assert parsed(lines)[-1]["request_id"] == "4f1c2b9a0e7d4c3b8a6f5e4d3c2b1a09"


def test_a_clients_own_request_id_is_replaced_without_a_trusted_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_TRUSTED_PROXIES = 0
    response = Client().get("/privacy/", HTTP_X_REQUEST_ID=EMAIL)
    assert response["X-Request-ID"] != EMAIL and len(response["X-Request-ID"]) == 32
    settings.FRAUDHUB_TRUSTED_PROXIES = 1
    response = Client().get("/privacy/", HTTP_X_REQUEST_ID=EMAIL)  # not an id's form
    assert response["X-Request-ID"] != EMAIL


def test_gunicorn_logs_no_paths_and_its_workers_lines_are_masked(lines: io.StringIO) -> None:
    conf = runpy.run_path(str(GUNICORN_CONF))
    assert conf["accesslog"] is None  # the application's line per request replaces it
    logger = logging.getLogger("gunicorn.error")
    saved = (list(logger.handlers), logger.propagate)
    conf["post_worker_init"](None)
    try:
        logger.error(f"Error handling request /track/FH-2026-000123/abc?email={EMAIL}")
        logger.error("Worker failed for %s on %s", EMAIL, PHONE)
    finally:
        logger.handlers, logger.propagate = saved
    assert [r["logger"] for r in parsed(lines)] == ["gunicorn.error"] * 2
    assert_no_personal_data(lines)


def test_gunicorns_master_imports_nothing_of_the_application() -> None:
    """Whatever the master imports its workers inherit: a reload after an upgrade would
    start them on the old code."""
    probe = (
        "import runpy, sys; runpy.run_path(sys.argv[1]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'fraudhub', 'prometheus_client', 'pythonjsonlogger')))"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp()}
    found = subprocess.run(
        [sys.executable, "-c", probe, str(GUNICORN_CONF)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "[]"


def test_djangos_line_about_a_refused_request_carries_its_request_id(lines) -> None:  # type: ignore[no-untyped-def]
    response = Client().get("/no-such-page/")
    refused = [r for r in parsed(lines) if r["logger"] == "django.request"]
    assert response.status_code == 404
    assert refused and refused[-1]["request_id"] == response["X-Request-ID"]
