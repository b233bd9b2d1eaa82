"""No personal data in the application's log lines: references, tracking links, query
strings, email addresses and phone numbers are masked, in Django's request lines too."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.log_redaction import RedactPersonalData, redact

REFERENCES = st.from_regex(r"FH-20[0-9]{2}-[0-9]{6}", fullmatch=True)
EMAILS = st.emails()
PHONES = st.from_regex(r"0[1-9][0-9]{3} ?[0-9]{6}", fullmatch=True)


@given(reference=REFERENCES, email=EMAILS, phone=PHONES, words=st.text(max_size=30))
def test_personal_data_never_survives(reference: str, email: str, phone: str, words: str) -> None:
    line = f"{words} {reference} wrote from {email} on {phone} {words}"
    masked = redact(line)
    assert reference not in masked
    assert email not in masked
    assert phone not in masked


def logged(message: str, *args: object) -> str:
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, message, args, None)
    RedactPersonalData().filter(record)
    return record.getMessage()


def test_request_lines_keep_what_helps_and_lose_what_identifies() -> None:
    line = logged('"%s" %s %s', "GET /track/FH-2026-000123/kX9fQ2mZ/ HTTP/1.1", "200", "1834")
    assert line == '"GET /track/[tracking link]/ HTTP/1.1" 200 1834'
    line = '"GET /staff/links/search/?q=07700+900123&kind=phone HTTP/1.1" 200'
    assert redact(line) == '"GET /staff/links/search/?[query] HTTP/1.1" 200'
    assert redact("Import 12 could not be read") == "Import 12 could not be read"


@pytest.mark.django_db
def test_djangos_not_found_lines_are_masked(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/staff/reports/FH-2026-000123/?name=Margaret+Hughes")
        client.get("/track/FH-2026-000456/a-secret-link/")
    handler = logging.getLogger("django").handlers[0]
    lines = []
    for record in caplog.records:
        handler.filter(record)
        lines.append(handler.format(record))
    assert lines
    text = "\n".join(lines)
    for personal in ("FH-2026-000123", "FH-2026-000456", "a-secret-link", "Margaret"):
        assert personal not in text
