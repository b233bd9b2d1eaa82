"""The hub's own details (name, phone, opening hours, address, email) come from settings and
are on every page a resident may need them: the start, confirmation and tracking pages, the
beta banner and the accessibility statement, and in the emails residents get."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from fraudhub.hub import hub_details

from ..factories import make_report
from .test_reporting_pages import VICTIM_PAGES, walk

pytestmark = pytest.mark.django_db

OURS = {
    "FRAUDHUB_HUB_NAME": "Dacorum Scams Team",
    "FRAUDHUB_HUB_PHONE": "01442 228 000",
    "FRAUDHUB_HUB_HOURS": "Monday to Thursday, 8am to 6pm",
    "FRAUDHUB_HUB_ADDRESS": "Civic Centre, Marlowes, Hemel Hempstead, HP1 1DN",
    "FRAUDHUB_HUB_EMAIL": "scams@dacorum.example",
}


@pytest.fixture
def ours(settings: Any) -> None:
    for name, value in OURS.items():
        setattr(settings, name, value)


def shows_the_hub(page: str) -> None:
    assert "Dacorum Scams Team" in page
    assert '<a class="govuk-link" href="tel:+441442228000">01442 228 000</a>' in page
    assert "Monday to Thursday, 8am to 6pm" in page
    assert 'href="mailto:scams@dacorum.example"' in page


def test_the_demo_details_are_safe_to_show_and_a_real_hub_sets_its_own(settings: Any) -> None:
    demo = hub_details()
    assert demo.phone == "01632 960 001"  # kept by Ofcom for drama: it rings nobody
    assert demo.email.endswith(".example")
    settings.FRAUDHUB_HUB_PHONE = OURS["FRAUDHUB_HUB_PHONE"]
    assert hub_details().phone_link == "tel:+441442228000"


def test_a_phone_that_cannot_be_dialled_is_shown_without_a_link(settings: Any) -> None:
    settings.FRAUDHUB_HUB_PHONE = "ask at reception"
    assert hub_details().phone_link == ""


def test_the_address_is_split_into_lines_at_commas_or_new_lines(settings: Any) -> None:
    settings.FRAUDHUB_HUB_ADDRESS = "Civic Centre\nMarlowes, Hemel Hempstead,  HP1 1DN"
    assert hub_details().address_lines == ["Civic Centre", "Marlowes", "Hemel Hempstead", "HP1 1DN"]


def test_the_start_page_shows_the_hub(client: Client) -> None:
    page = client.get(reverse("intake:start")).content.decode()
    assert hub_details().name in page and hub_details().phone in page


def test_the_start_page_follows_the_settings(client: Client, ours: None) -> None:
    shows_the_hub(client.get(reverse("intake:start")).content.decode())


def test_the_banner_says_whom_to_call_on_every_page(client: Client, ours: None) -> None:
    for url in (reverse("intake:start"), reverse("intake:track"), reverse("privacy")):
        page = client.get(url).content.decode()
        assert (
            "If you need help, call Dacorum Scams Team on "
            '<a class="govuk-link" href="tel:+441442228000">01442 228 000</a>.'
        ) in page


def test_the_confirmation_page_shows_the_hub(client: Client, ours: None) -> None:
    walk(client, VICTIM_PAGES)
    page = client.post(reverse("intake:check"), follow=True).content.decode()
    assert "Report sent" in page
    shows_the_hub(page)


def test_the_tracking_pages_show_the_hub(client: Client, ours: None) -> None:
    created = make_report()
    shows_the_hub(client.get(created.tracking_path).content.decode())
    shows_the_hub(client.get(reverse("intake:track")).content.decode())
    wrong = created.tracking_path.rstrip("/").rsplit("/", 1)[0] + "/not-the-secret/"
    shows_the_hub(client.get(wrong).content.decode())


def test_the_accessibility_statement_shows_every_detail(client: Client, ours: None) -> None:
    page = client.get(reverse("accessibility")).content.decode()
    shows_the_hub(page)
    assert "Civic Centre<br>Marlowes<br>Hemel Hempstead<br>HP1 1DN" in page


def test_the_reporters_email_ends_with_the_hubs_details(
    ours: None,
    mailoutbox: list,  # type: ignore[type-arg]
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_report(notify=True)
    [email] = mailoutbox
    assert email.body.endswith(
        "Dacorum Scams Team\n"
        "Phone: 01442 228 000 (Monday to Thursday, 8am to 6pm)\n"
        "Email: scams@dacorum.example\n"
        "Civic Centre\nMarlowes\nHemel Hempstead\nHP1 1DN"
    )


def test_the_failure_page_which_has_no_settings_to_hand_still_reads_well() -> None:
    page = render_to_string("500.html")
    assert "If you need help, call your local fraud hub." in page
