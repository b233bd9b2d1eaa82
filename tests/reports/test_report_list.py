"""Staff find reports by reference, name, postcode, scam type, date, quality and source,
and see only the reports their organisation may see."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Report
from tests.factories import make_report, sign_in

pytestmark = pytest.mark.django_db
URL = reverse("staff:report_list")


def references(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.reference for r in response.context["page"].object_list]


def test_list_needs_a_staff_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_search_by_reference_name_and_postcode(manager_client: Client) -> None:
    hughes = make_report(
        victim=PersonInput(first_name="Margaret", last_name="Hughes", postcode="AL1 3EJ")
    ).report
    patel = make_report(
        victim=PersonInput(first_name="Ravi", last_name="Patel", postcode="SG1 2AB")
    ).report
    assert references(manager_client.get(URL, {"query": hughes.reference.lower()})) == [
        hughes.reference
    ]
    assert references(manager_client.get(URL, {"query": "ravi patel"})) == [patel.reference]
    assert references(manager_client.get(URL, {"postcode": "al13ej"})) == [hughes.reference]
    assert references(manager_client.get(URL, {"postcode": "SG1"})) == [patel.reference]


def test_filter_by_scam_type_dates_source_and_quality(manager_client: Client) -> None:
    old = make_report(received_date=date(2026, 1, 10), scam_type="romance").report
    new = make_report(
        received_date=date(2026, 6, 1),
        source=Report.Source.PHONE,
        victim=PersonInput(first_name="NoAge", postcode="AL1 3EJ"),
    ).report
    assert references(manager_client.get(URL, {"scam_type": "romance"})) == [old.reference]
    assert references(manager_client.get(URL, {"received_from": "1/5/2026"})) == [new.reference]
    assert references(manager_client.get(URL, {"received_to": "31/01/2026"})) == [old.reference]
    assert references(manager_client.get(URL, {"source": "phone"})) == [new.reference]
    assert references(manager_client.get(URL, {"quality_issue": "no_age"})) == [new.reference]


def test_bad_filter_date_says_what_to_fix_and_keeps_what_was_typed(manager_client: Client) -> None:
    response = manager_client.get(URL, {"received_from": "yesterday"})
    assert response.status_code == 200
    assert "Enter a date as day/month/year, like 1/3/2026" in response.content.decode()
    assert 'value="yesterday"' in response.content.decode()


def test_partner_sees_only_reports_from_their_own_organisation(
    client: Client, partner, partner_org
) -> None:  # type: ignore[no-untyped-def]
    theirs = make_report(organisation=partner_org, source=Report.Source.PARTNER_FORM).report
    make_report()
    sign_in(client, partner)
    assert references(client.get(URL)) == [theirs.reference]


def test_partner_cannot_open_a_report_they_may_not_see(client: Client, partner) -> None:  # type: ignore[no-untyped-def]
    other = make_report().report
    sign_in(client, partner)
    assert client.get(reverse("staff:report_detail", args=[other.reference])).status_code == 404


def test_list_pages_of_fifty(manager_client: Client) -> None:
    for _ in range(51):
        make_report()
    first = manager_client.get(URL)
    assert len(references(first)) == 50
    assert "Page 1 of 2" in first.content.decode()
    assert len(references(manager_client.get(URL, {"page": 2}))) == 1
