"""With DEBUG off, a missing page, a bad request and a failure of the service answer with
GOV.UK-styled pages that say what to do next, for residents and staff alike, and the
footer offers staff sign-in only to someone not signed in."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client, RequestFactory
from django.views import defaults

pytestmark = pytest.mark.django_db


def test_a_missing_public_page_says_how_to_report_or_track(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<title>Page not found – Report a scam – Hertfordshire Fraud Hub</title>" in page
    assert 'class="govuk-heading-l">Page not found</h1>' in page
    assert 'href="/report/"' in page and 'href="/track/"' in page
    assert "govuk-footer" in page


def test_a_missing_staff_page_says_a_record_you_may_not_see_is_not_found(
    manager_client: Client,
) -> None:
    response = manager_client.get("/staff/reports/FH-2026-999999/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found – Fraud Hub staff" in page
    assert "A report or case you may not see is also not found" in page
    assert "the data-sharing agreement that shared it with your organisation may have ended" in page
    assert "Staff sign in" not in page
    assert ">Sign out</button>" in page


def test_a_bad_request_is_a_styled_400() -> None:
    request = RequestFactory().get("/report/")
    response = defaults.bad_request(request, SuspiciousOperation("bad"))
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()


def test_a_failure_is_a_styled_500_that_needs_nothing_from_the_request() -> None:
    response = defaults.server_error(RequestFactory().get("/report/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert (
        "<title>Sorry, there is a problem with the service – Fraud Hub – Fraud Hub</title>" in page
    )
    assert "govuk-header" in page and "Try again later." in page


def test_the_footer_offers_staff_sign_in_only_when_signed_out(manager_client: Client) -> None:
    assert "Staff sign in" in Client().get("/report/").content.decode()
    assert "Staff sign in" not in manager_client.get("/report/").content.decode()
