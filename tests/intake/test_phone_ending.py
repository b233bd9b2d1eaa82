"""After saving a report taken by phone, the call handler reads back the reference, gives
the advice for the scam, says what happens next and sends the caller their tracking link
by email, by text or in a printed letter; each sending is on the report's timeline and
audited, and the link itself is in neither, nor in the log."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse

from fraudhub.casework.models import Case
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.models import Report, ReportUpdate
from fraudhub.sms import TextMessage
from tests.factories import sign_in, staff_user

from .test_phone_entry import CALL
from .test_phone_entry import URL as PHONE_URL

pytestmark = pytest.mark.django_db
_commits: Any = None
LINK = re.compile(r"https?://\S+/track/FH-\d{4}-\d{6}/[\w-]+/")


@pytest.fixture(autouse=True)
def _after_commit(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """What waits for the transaction to commit (triage, email, text) runs at each request,
    as it does outside a test's transaction."""
    global _commits
    _commits = django_capture_on_commit_callbacks


def take_call(client: Client, **changes: str) -> Report:
    with _commits(execute=True):
        response = client.post(PHONE_URL, {**CALL, **changes})
    assert response.status_code == 302, response.content.decode()
    report = Report.objects.get()
    assert response["Location"] == reverse("intake:phone_ending", args=[report.reference])
    return report


def ending(client: Client, report: Report) -> str:
    return client.get(reverse("intake:phone_ending", args=[report.reference])).content.decode()


def send(client: Client, report: Report, channel: str, **data: str) -> object:
    url = reverse("intake:phone_send_link", args=[report.reference, channel])
    with _commits(execute=True):
        return client.post(url, data)


def link_sendings(report: Report) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(object_id=str(report.pk)).order_by("id")
        if "tracking_link_sent" in e.detail
    ]


def test_the_ending_page_gives_the_reference_in_groups_to_read_back(
    manager_client: Client,
) -> None:
    report = take_call(manager_client)
    page = ending(manager_client, report)
    assert "Report saved" in page
    year, number = report.reference.split("-")[1:]
    groups = re.search(r'<strong class="fh-reference" id="reference">(.*?)</strong>', page)
    assert groups is not None
    assert re.findall(r'class="fh-reference__group[^"]*">(\w+)<', groups[1]) == [
        "FH",
        year,
        number[:3],
        number[3:],
    ]
    assert f"Read it out in groups: “FH”, then “{year}”, then “{number[:3]}”" in page


def test_the_ending_page_gives_the_advice_for_this_kind_of_scam(manager_client: Client) -> None:
    page = ending(manager_client, take_call(manager_client))  # a rogue trader at the door
    assert "Advice to give the caller" in page
    assert "Do not agree to work on the doorstep" in page
    assert "Call your bank now" in page  # they lost money
    assert "Forward scam texts to 7726" not in page


def test_the_ending_page_says_when_first_contact_is_due_as_triage_set_it(
    manager_client: Client,
) -> None:
    report = take_call(manager_client)
    case = Case.objects.get(reports=report)
    page = ending(manager_client, report)
    due = f"{case.due_date:%A} {case.due_date.day} {case.due_date:%B %Y}"
    assert f"Triage set this as level {case.level}: the fraud hub will first make contact" in page
    assert f"working day{'s' if case.level > 1 else ''}, by {due}." in page
    assert "How to contact the victim: Only through the person who reported it" in page


def test_the_callers_email_and_mobile_from_the_call_are_ready_to_send_to(
    manager_client: Client,
) -> None:
    report = take_call(
        manager_client, reporter_phone="07400 900982", reporter_email="sam@example.com"
    )
    page = ending(manager_client, report)
    assert 'value="sam@example.com"' in page
    assert 'value="07400 900982"' in page


def test_a_likely_email_typo_from_the_call_is_questioned_before_sending(
    manager_client: Client,
) -> None:
    report = take_call(manager_client, reporter_email="sam@hotmial.co.uk")
    page = ending(manager_client, report)
    assert 'value="sam@hotmial.co.uk"' in page
    assert "Did you mean sam@hotmail.co.uk? Check with the caller before sending." in page


def test_sending_by_email_sends_the_reference_and_a_working_private_link(
    manager_client: Client, manager: User
) -> None:
    report = take_call(manager_client)
    response = send(manager_client, report, "email", **{"by-email-email": " Sam@Example.com "})
    assert response["Location"] == reverse("intake:phone_ending", args=[report.reference])  # type: ignore[index]
    [message] = mail.outbox
    assert message.to == ["sam@example.com"]
    assert report.reference in message.subject and report.reference in message.body
    assert "Phone: 01632 960 001" in message.body, "the hub's details end the email"
    link = LINK.search(message.body)
    assert link is not None
    caller = Client()
    assert "We received your report" in caller.get(urlsplit(link[0]).path).content.decode()
    update = ReportUpdate.objects.get(report=report, text__contains="emailed you")
    assert update.author == manager and update.emailed_to == "sam@example.com"
    [event] = link_sendings(report)
    assert event.actor == manager and event.detail["tracking_link_sent"] == "email"
    assert link[0] not in str(event.detail) and link[0] not in update.text
    page = manager_client.get(reverse("intake:phone_ending", args=[report.reference]))
    assert "Reference and tracking link sent by email" in page.content.decode()


def test_sending_by_text_sends_the_reference_and_link_and_never_logs_the_link(
    manager_client: Client,
    manager: User,
    sms_outbox: list[TextMessage],
    caplog: pytest.LogCaptureFixture,
) -> None:
    report = take_call(manager_client)
    with caplog.at_level(logging.DEBUG):
        send(manager_client, report, "text", **{"by-text-mobile": "+44 (0)7400-900 982"})
    [message] = sms_outbox
    assert message.to == "+447400900982"
    assert report.reference in message.body
    link = LINK.search(message.body)
    assert link is not None
    assert link[0] not in caplog.text
    secret = link[0].rstrip("/").rsplit("/", 1)[1]
    assert secret not in caplog.text
    update = ReportUpdate.objects.get(report=report, text__contains="text message")
    assert "the number ending 982" in update.text and update.author == manager
    [event] = link_sendings(report)
    assert event.detail["tracking_link_sent"] == "text"
    assert "7400" not in str(event.detail), "the audit log names no one's number"


def test_a_printed_letter_holds_the_reference_the_link_and_how_to_track(
    manager_client: Client, manager: User
) -> None:
    report = take_call(
        manager_client,
        caller="victim",
        phone="01438 123456",
        address_line1="4 Mill Lane",
        town="Stevenage",
    )
    response = send(manager_client, report, "letter")
    assert response["Location"] == reverse("intake:phone_letter", args=[report.reference])  # type: ignore[index]
    page = manager_client.get(response["Location"]).content.decode()  # type: ignore[index]
    letter = page[page.index('<article class="fh-letter"') :]
    assert report.reference in letter
    assert LINK.search(letter) is not None
    assert "/track/</span> and give your reference with the date of birth, phone number" in letter
    assert "Edna Smith<br>4 Mill Lane<br>Stevenage<br>SG1" in letter
    assert "If you cannot go online" in letter
    assert "Call us on 01632 960 001 (Monday to Friday, 9am to 5pm)" in letter
    update = ReportUpdate.objects.get(report=report, text__contains="printed a letter")
    assert update.author == manager
    [event] = link_sendings(report)
    assert event.detail["tracking_link_sent"] == "letter"


def test_each_sending_is_on_the_reports_timeline_for_staff(manager_client: Client) -> None:
    report = take_call(manager_client)
    send(manager_client, report, "email", **{"by-email-email": "sam@example.com"})
    send(manager_client, report, "text", **{"by-text-mobile": "07400 900982"})
    send(manager_client, report, "letter")
    detail = manager_client.get(reverse("staff:report_detail", args=[report.reference]))
    page = detail.content.decode()
    timeline = page[page.index('id="timeline"') :]
    assert "We emailed you your reference and the private link" in timeline
    assert "by text message, to the number ending 982" in timeline
    assert "We printed a letter with your reference" in timeline
    assert len(link_sendings(report)) == 3


@pytest.mark.parametrize(
    "typed",
    ["sam@", "sam.example.com", "sam@example", "sam @example.com"],
)
def test_a_bad_email_is_refused_saying_what_to_fix_and_keeps_what_was_typed(
    manager_client: Client, typed: str
) -> None:
    report = take_call(manager_client)
    response = send(manager_client, report, "email", **{"by-email-email": typed})
    page = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert 'href="#id_by-email-email"' in page, "the error summary links to the box"
    assert f'value="{typed}"' in page
    assert "Report saved" in page and report.reference in page, "nothing is lost"
    assert not mail.outbox and not link_sendings(report)
    assert not ReportUpdate.objects.filter(report=report, text__contains="emailed").exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0772 123 45", "Enter a mobile number in full, like 07700 900982"),
        ("call me", "Enter a mobile number in full, like 07700 900982"),
        ("01727 123456", "That is not a mobile number: a text message needs a mobile"),
        ("", "Enter the caller&#x27;s mobile number"),
    ],
)
def test_a_bad_mobile_is_refused_saying_what_to_fix(
    manager_client: Client, sms_outbox: list[TextMessage], typed: str, message: str
) -> None:
    report = take_call(manager_client)
    response = send(manager_client, report, "text", **{"by-text-mobile": typed})
    page = response.content.decode()  # type: ignore[attr-defined]
    assert message in page
    assert f'value="{typed}"' in page or not typed
    assert "Report saved" in page
    assert not sms_outbox and not link_sendings(report)


def test_only_the_browser_that_saved_the_report_can_send_its_link(
    manager_client: Client, sms_outbox: list[TextMessage]
) -> None:
    report = take_call(manager_client)
    colleague = sign_in(Client(), staff_user("colleague", role="Case manager"))
    page = ending(colleague, report)
    assert report.reference in page
    assert "can only be sent from the browser that saved the report" in page
    send(colleague, report, "text", **{"by-text-mobile": "07400 900982"})
    assert not sms_outbox and not link_sendings(report)


def test_a_partner_cannot_open_the_ending_of_a_report_they_cannot_see(
    manager_client: Client, partner: User
) -> None:
    report = take_call(manager_client)
    other = sign_in(Client(), partner)
    for name in ("intake:phone_ending", "intake:phone_letter"):
        response = other.get(reverse(name, args=[report.reference]))
        assert response.status_code in (403, 404), "refused, or not there for them"
        assert "Report saved" not in response.content.decode()


def test_the_ending_pages_need_a_staff_login(client: Client) -> None:
    for url in (
        reverse("intake:phone_ending", args=["FH-2026-000001"]),
        reverse("intake:phone_letter", args=["FH-2026-000001"]),
    ):
        assert client.get(url).status_code == 302


def test_sending_takes_a_post_and_the_pages_a_get(manager_client: Client) -> None:
    report = take_call(manager_client)
    send_url = reverse("intake:phone_send_link", args=[report.reference, "text"])
    assert manager_client.get(send_url).status_code == 405
    for name in ("intake:phone_ending", "intake:phone_letter"):
        assert manager_client.post(reverse(name, args=[report.reference])).status_code == 405
    assert not link_sendings(report)


def test_a_caller_not_sure_the_scammer_has_gone_hears_to_stop_contact_and_not_to_trust_calls(
    manager_client: Client,
) -> None:
    report = take_call(manager_client, still_in_contact="not_sure")
    page = ending(manager_client, report)
    assert "Stop all contact with the scammer" in page
    assert "Triage set this as level 1" in page
    assert "the hub will not phone out of the blue" in page
    assert "hang up and call 01632 960 001 from another phone" in page
