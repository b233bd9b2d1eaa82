"""The reporter follows their report with the private link, or with the reference and the
email address, postcode, date of birth or phone number they gave; nobody else can."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from fraudhub.governance.models import AuditEvent
from fraudhub.reports.services import add_update
from tests.factories import make_report

pytestmark = pytest.mark.django_db
NOT_FOUND = (
    "We could not find a report with that reference and email address, postcode, date of "
    "birth or phone number. Check both and try again."
)


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    cache.clear()


def test_private_link_shows_a_plain_english_timeline(client: Client, manager) -> None:  # type: ignore[no-untyped-def]
    created = make_report()
    add_update(
        report=created.report,
        text="We have passed your report to Trading Standards.",
        actor=manager,
    )
    page = client.get(created.tracking_path).content.decode()
    assert created.report.reference in page
    assert "We received your report" in page
    assert "We have passed your report to Trading Standards." in page
    assert page.index("Trading Standards") < page.index("We received your report"), "newest first"
    assert "Margaret" not in page, "the tracking page shows no personal details"


def test_tracking_is_audited_as_the_reporter(client: Client) -> None:
    created = make_report()
    client.get(created.tracking_path)
    event = AuditEvent.objects.get(action="view")
    assert event.actor is None and event.actor_label == "reporter (tracking page)"


def test_a_wrong_secret_shows_nothing(client: Client) -> None:
    created = make_report()
    response = client.get(reverse("intake:track_report", args=[created.report.reference, "wrong"]))
    assert response.status_code == 404
    assert "We could not find that report" in response.content.decode()


@pytest.mark.parametrize(
    "proof", ["margaret@example.com", "MARGARET@example.com", "al1 3ej", "AL13EJ"]
)
def test_reference_and_email_or_postcode_open_the_timeline(client: Client, proof: str) -> None:
    created = make_report()
    response = client.post(
        reverse("intake:track"),
        {"reference": created.report.reference.lower(), "email_or_postcode": proof},
        follow=True,
    )
    assert "We received your report" in response.content.decode()


def test_wrong_details_say_what_to_check_and_keep_what_was_typed(client: Client) -> None:
    created = make_report()
    response = client.post(
        reverse("intake:track"),
        {"reference": created.report.reference, "email_or_postcode": "SG1 2AB"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_FOUND in page
    assert f'value="{created.report.reference}"' in page


def test_session_timeline_needs_proof_first(client: Client) -> None:
    created = make_report()
    response = client.get(reverse("intake:track_session", args=[created.report.reference]))
    assert response["Location"] == reverse("intake:track")


def test_guessing_is_stopped_after_ten_tries(client: Client) -> None:
    created = make_report()
    for _ in range(10):
        client.post(
            reverse("intake:track"),
            {"reference": created.report.reference, "email_or_postcode": "x@example.com"},
        )
    response = client.post(
        reverse("intake:track"),
        {"reference": created.report.reference, "email_or_postcode": "margaret@example.com"},
    )
    assert "Too many tries" in response.content.decode()
