"""One search box for staff: a reference typed any way opens its report (never read as a
phone number); a name, a postcode and a scammer's number typed any way each find their
reports, in that order; partners find only their own reports and no identifiers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import Organisation
from fraudhub.reports.inputs import IdentifierInput, PersonInput

from .factories import make_report, sign_in

pytestmark = pytest.mark.django_db


def _report(name: str, postcode: str, phone: str, **fields: object) -> str:
    created = make_report(
        victim=PersonInput(first_name=name, last_name="Hughes", age="78", postcode=postcode),
        identifiers=[IdentifierInput(kind="phone", value=phone)],
        **fields,
    )
    return str(created.report.reference)


def test_a_reference_typed_any_way_opens_the_report(manager_client: Client) -> None:
    reference = _report("Edna", "AL1 3EJ", "020 7946 0123")
    year, number = reference.split("-")[1:]
    response = manager_client.get("/staff/search/", {"q": f"fh {year} {int(number)}"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/reports/{reference}/"


def test_a_reference_that_is_not_there_is_said_so_not_read_as_a_phone(
    manager_client: Client,
) -> None:
    _report("Edna", "AL1 3EJ", "020 2600 0299")
    page = manager_client.get("/staff/search/", {"q": "FH-2026-000299"}).content.decode()
    assert "There is no report FH-2026-000299 that you can see" in page
    assert "Phone number" not in page


def test_names_postcodes_and_identifiers_are_found_in_that_order(manager_client: Client) -> None:
    by_name = _report("Edna", "AL1 3EJ", "020 7946 0123")
    page = manager_client.get("/staff/search/", {"q": "edna"}).content.decode()
    assert by_name in page and "Reports by reference or name" in page
    page = manager_client.get("/staff/search/", {"q": "al13ej"}).content.decode()
    assert "Reports from AL1 3EJ" in page and by_name in page
    page = manager_client.get("/staff/search/", {"q": "+44 (0)20 7946 0123"}).content.decode()
    assert page.index("Reports by reference or name") < page.index('id="by-identifier"')
    assert by_name in page[page.index('id="by-identifier"') :]


def test_an_empty_search_says_what_to_enter(manager_client: Client) -> None:
    page = manager_client.get("/staff/search/", {"q": " "}).content.decode()
    assert "Enter what you are looking for" in page and "<title>Error: " in page


def test_a_partner_finds_only_their_own_reports_and_no_identifiers(
    client: Client, partner: User, partner_org: Organisation
) -> None:
    theirs = _report("Edna", "AL1 3EJ", "020 7946 0123", organisation=partner_org)
    others = _report("Edna", "AL1 3EJ", "020 7946 0123")
    sign_in(client, partner)
    page = client.get("/staff/search/", {"q": "Edna"}).content.decode()
    assert theirs in page and others not in page
    assert 'id="by-identifier"' not in page
    response = client.get("/staff/search/", {"q": others})
    assert response.status_code == 200
    assert f"There is no report {others} that you can see" in response.content.decode()
