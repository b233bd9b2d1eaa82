"""Every email goes through fraudhub.emails: it is queued, tried again when the email
backend fails, and each attempt is recorded, so administrators see the emails that never
arrived (on the admin's "Messages sent" page), with the address masked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from smtplib import SMTPServerDisconnected
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import reverse

import fraudhub
from fraudhub import emails
from fraudhub.governance.models import SentEmail
from tests.factories import sign_in, staff_user

SOURCE = Path(fraudhub.__file__).parent
TEMPLATES = SOURCE / "templates" / "emails"


class FailingBackend(EmailBackend):
    """An email backend whose server drops the connection the first `failures` times."""

    failures = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FailingBackend.failures:
            FailingBackend.failures -= 1
            addresses = ", ".join(a for m in email_messages for a in m.to)
            raise SMTPServerDisconnected(f"Connection unexpectedly closed sending to {addresses}")
        return super().send_messages(email_messages)


@pytest.fixture
def failing(settings: Any) -> type[FailingBackend]:
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    FailingBackend.failures = 0
    return FailingBackend


def _send_update() -> str:
    return emails.send(
        "report-update",
        "ann.smith@example.com",
        {"reference": "FH-2026-000042", "text": "We have referred your case to the police."},
        reference="FH-2026-000042",
        link="/staff/reports/FH-2026-000042/",
    )


@pytest.mark.django_db
def test_a_message_is_sent_with_its_text_and_html_and_recorded_as_sent() -> None:
    key = _send_update()
    [email] = mail.outbox
    assert email.to == ["ann.smith@example.com"]
    assert email.subject == "An update on your scam report FH-2026-000042"
    assert "We have referred your case to the police." in email.body
    [(html, kind)] = email.alternatives  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert "We have referred your case to the police." in html
    record = SentEmail.objects.get(key=key)
    assert (record.status, record.attempts, record.last_error) == (SentEmail.Status.SENT, 1, "")
    assert record.recipients == "a•••@example.com"
    assert (record.name, record.reference) == ("report-update", "FH-2026-000042")


@pytest.mark.django_db
def test_a_failure_is_recorded_and_the_message_is_delivered_on_the_next_attempt(
    failing: type[FailingBackend],
) -> None:
    failing.failures = 1
    key = _send_update()
    assert [m.to for m in mail.outbox] == [["ann.smith@example.com"]]
    record = SentEmail.objects.get(key=key)
    assert (record.status, record.attempts) == (SentEmail.Status.SENT, 2)
    # the first attempt's failure is kept, without the address
    assert record.last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed sending to a•••@example.com"
    )


@pytest.mark.django_db
def test_a_message_that_always_fails_is_recorded_as_failed_after_the_last_attempt(
    failing: type[FailingBackend],
) -> None:
    failing.failures = 99
    key = _send_update()
    assert mail.outbox == []
    record = SentEmail.objects.get(key=key)
    assert (record.status, record.attempts) == (SentEmail.Status.FAILED, emails.MAX_ATTEMPTS)
    assert failing.failures == 99 - emails.MAX_ATTEMPTS  # and no attempt after the last
    assert "ann.smith" not in record.last_error


@pytest.mark.django_db
def test_administrators_see_failed_messages_with_the_address_masked(
    client: Client, failing: type[FailingBackend]
) -> None:
    failing.failures = 99
    _send_update()
    failing.failures = 0
    emails.send("report-update", "bob@example.org", {"reference": "FH-2026-000043", "text": "Hi"})
    admin = staff_user("admin", role="Administrator")
    admin.is_staff = True
    admin.save()
    sign_in(client, admin)
    url = reverse("admin:governance_sentemail_changelist")
    page = client.get(url, {"status__exact": "failed"}).content.decode()
    assert "Messages sent" in page
    assert "a•••@example.com" in page and "ann.smith" not in page
    assert "report-update" in page
    assert "Failed on every attempt" in page
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page
    assert '<a href="/staff/reports/FH-2026-000042/">FH-2026-000042</a>' in page
    assert "FH-2026-000043" not in page  # sent: not among the failures


@pytest.mark.django_db
def test_staff_who_do_not_administer_cannot_see_messages_sent(client: Client) -> None:
    sign_in(client, staff_user("manager", role="Case manager"))
    response = client.get(reverse("admin:governance_sentemail_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_address_is_masked_to_its_first_letter_and_domain() -> None:
    assert emails.mask("ann.smith@example.com") == "a•••@example.com"
    assert emails.mask(" Bob@Mail.Example.org ") == "B•••@Mail.Example.org"
    assert emails.mask("not an address") == "•••"


def _names() -> list[str]:
    return sorted(p.name.removesuffix("-subject.txt") for p in TEMPLATES.glob("*-subject.txt"))


@pytest.mark.parametrize("name", _names())
def test_each_message_has_its_text_and_plain_html_templates(name: str) -> None:
    assert (TEMPLATES / f"{name}-body.txt").is_file()
    html = (TEMPLATES / f"{name}-body.html").read_text(encoding="utf-8")
    assert '{% extends "emails/base.html" %}' in html
    assert not re.search(r"<(img|script|style|iframe|form)\b", html, re.IGNORECASE)


def test_every_message_names_templates_that_exist() -> None:
    """Each name given to emails.send in the code has its templates."""
    named = {
        match
        for path in SOURCE.rglob("*.py")
        for match in re.findall(r"emails\.send\(\s*\"([\w-]+)\"", path.read_text(encoding="utf-8"))
    }
    assert named and named <= set(_names()), sorted(named - set(_names()))


def test_no_email_is_sent_around_the_mail_module_or_silently() -> None:
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "fail_silently" in line
        or (
            path.name != "emails.py"
            and re.search(r"send_mail|mail_admins|EmailMessage|EmailMultiAlternatives", line)
        )
    ]
    assert not found, "Send email with fraudhub.emails.send:\n" + "\n".join(found)
