"""When a victim's contact details are withheld from a reader (no agreement covering them,
or the victim said no to sharing), the partner API and the staff report page show that
reader the same fields: the age band, postcode district and council that come with the
report (governance.categories), never the exact age, which goes with the date of birth."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from fraudhub.governance.categories import Category
from fraudhub.governance.models import Organisation
from fraudhub.reports.models import Person, Report
from tests.factories import agreement, api_token, hub, make_report, opened_with_a_reason, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["agreement", "consent"])
def report(
    request: pytest.FixtureRequest, hub_org: Organisation, partner_org: Organisation
) -> Report:
    """A hub report of Margaret, 78, in AL1, whose contact details the partner may not see:
    their agreement leaves them out, or it covers them and Margaret said no to sharing."""
    made = make_report().report
    if request.param == "agreement":
        agreement(hub(), partner_org, categories=(Category.SCAM_DETAILS,))
    else:
        agreement(hub(), partner_org, categories=tuple(Category))
        Person.objects.filter(report=made).update(consent_to_share=False)
    return made


def api_victim(user: User, report: Report) -> dict[str, object]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    response = client.get(f"/api/v1/reports/{report.reference}/", {"reason": "casework"})
    assert response.status_code == 200
    victim: dict[str, object] = response.json()["victim"]
    assert "victim_contact" in response.json()["withheld"]
    return victim


def test_the_api_withholds_the_exact_age_as_the_page_does(
    client: Client, partner: User, report: Report
) -> None:
    victim = api_victim(partner, report)
    assert victim["age_at_incident"] is None
    assert victim["first_name"] == "" and victim["phone"] == ""
    sign_in(client, partner)
    page = opened_with_a_reason(client, report.reference).content.decode()
    assert ">78<" not in page and "Margaret" not in page


def test_the_page_shows_the_age_band_and_district_as_the_api_does(
    client: Client, partner: User, report: Report
) -> None:
    victim = api_victim(partner, report)
    assert victim["age_band"] == "70 to 79"
    assert victim["postcode_district"] == "AL1"
    sign_in(client, partner)
    page = opened_with_a_reason(client, report.reference).content.decode()
    assert "70 to 79" in page
    assert "AL1" in page


def test_a_reader_shown_contact_details_gets_the_exact_age_in_both(
    client: Client, manager: User, hub_org: Organisation
) -> None:
    report = make_report().report
    victim = api_victim_unwithheld(manager, report)
    assert victim["age_at_incident"] == 78 and victim["age_band"] == "70 to 79"


def api_victim_unwithheld(user: User, report: Report) -> dict[str, object]:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    victim: dict[str, object] = client.get(f"/api/v1/reports/{report.reference}/").json()["victim"]
    return victim
