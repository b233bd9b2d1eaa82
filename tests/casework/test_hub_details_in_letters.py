"""Letters and emails a case manager sends end with the hub's details as the settings say,
and a template may use them by name."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from fraudhub.casework.models import MessageTemplate
from fraudhub.casework.services import Edit, send_message, triage_reports

from ..factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def ours(settings: Any) -> None:
    settings.FRAUDHUB_HUB_NAME = "Dacorum Scams Team"
    settings.FRAUDHUB_HUB_PHONE = "01442 228 000"
    settings.FRAUDHUB_HUB_HOURS = "Monday to Thursday, 8am to 6pm"
    settings.FRAUDHUB_HUB_ADDRESS = "Civic Centre, Marlowes, Hemel Hempstead, HP1 1DN"
    settings.FRAUDHUB_HUB_EMAIL = "scams@dacorum.example"


SIGNATURE = (
    "Dacorum Scams Team\n"
    "Phone: 01442 228 000 (Monday to Thursday, 8am to 6pm)\n"
    "Email: scams@dacorum.example\n"
    "Civic Centre\nMarlowes\nHemel Hempstead\nHP1 1DN"
)


def send(template: MessageTemplate, manager: User) -> str:
    case = triage_reports(report_ids=[make_report().report.pk])[0]
    contact = send_message(
        edit=Edit(case=case, version=case.version, actor=manager), template=template
    )
    return contact.body


def test_a_letter_ends_with_the_hubs_details(hub_org: object, manager: User) -> None:
    letter = MessageTemplate.objects.filter(channel="letter").first()
    assert letter is not None
    assert send(letter, manager).endswith(SIGNATURE)


def test_an_email_ends_with_the_hubs_details_as_sent(
    hub_org: object,
    manager: User,
    mailoutbox: list,
    django_capture_on_commit_callbacks: Any,  # type: ignore[type-arg]
) -> None:
    email = MessageTemplate.objects.get(slug="email-offer-support")
    with django_capture_on_commit_callbacks(execute=True):
        kept = send(email, manager)
    assert kept.endswith(SIGNATURE)
    assert mailoutbox[0].body.endswith(SIGNATURE)


def test_a_template_may_name_the_hubs_details(hub_org: object, manager: User) -> None:
    template = MessageTemplate.objects.create(
        slug="call-us",
        name="Call us",
        channel="letter",
        body="Call {{ hub_name }} on {{ hub_phone }}, {{ hub_hours }}, or write to {{ hub_address }}.",
    )
    assert send(template, manager).startswith(
        "Call Dacorum Scams Team on 01442 228 000, Monday to Thursday, 8am to 6pm, "
        "or write to Civic Centre, Marlowes, Hemel Hempstead, HP1 1DN."
    )
