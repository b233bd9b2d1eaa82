"""The map page: figures by district and council for the reports a user may see, its
filters, bad input kept with a clear message, and who may open it."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.insight.models import DistrictCentroid
from fraudhub.reports.inputs import PersonInput

from ..factories import make_report, sign_in, unattached_user

pytestmark = pytest.mark.django_db
URL = reverse("insight:map")


def _report(first: str, postcode: str, **fields: object) -> None:
    victim = PersonInput(first_name=first, last_name="Example", age="72", postcode=postcode)
    make_report(victim=victim, **fields)


def _map_data(response) -> dict:  # type: ignore[no-untyped-def, type-arg]
    html = response.content.decode()
    start = html.index('<script id="map-data" type="application/json">') + len(
        '<script id="map-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_the_map_needs_a_staff_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_someone_with_no_organisation_cannot_see_figures(client: Client) -> None:
    sign_in(client, User.objects.create_user("stranger"))
    assert client.get(URL).status_code == 403  # no role
    sign_in(client, unattached_user("analyst-nowhere", role="Analyst"))
    assert client.get(URL).status_code == 404  # a role, but no organisation's figures


def test_the_table_and_map_hold_figures_by_district(manager_client: Client) -> None:
    _report("Ann", "AL1 3EJ", amount_lost="£1,000.50")
    _report("Bob", "AL1 4AA", amount_lost="£20")
    _report("Cat", "SG1 1AA", amount_lost="")
    response = manager_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 reports, 3 victims and £1,020.50 lost" in html
    rows = [(a.code, a.reports, a.losses) for a in response.context["areas"]]
    assert rows[:2] == [("AL1", 2, 1020.50), ("SG1", 1, 0)]
    data = _map_data(response)
    assert {p["code"]: p["reports"] for p in data["districts"]} == {"AL1": 2, "SG1": 1}
    assert data["tiles"] == ""
    assert 'id="map" class="fh-map" aria-hidden="true"' in html


def test_by_council_and_by_losses(manager_client: Client) -> None:
    _report("Ann", "AL1 3EJ", amount_lost="£5")
    _report("Bob", "AL5 1AA", amount_lost="£5")
    _report("Cat", "SG1 1AA", amount_lost="£500")
    response = manager_client.get(URL, {"area": "council", "measure": "losses"})
    assert [(a.code, a.reports) for a in response.context["areas"]] == [
        ("Stevenage", 1),
        ("St Albans", 2),
    ]
    assert "By council area" in response.content.decode()
    assert _map_data(response)["measure"] == "losses"


def test_period_and_scam_type_filters(manager_client: Client) -> None:
    today = timezone.localdate()
    _report("Old", "AL1 3EJ", received_date=today - timedelta(days=400))
    _report("New", "AL1 3EJ", received_date=today)
    _report("Romance", "SG1 1AA", received_date=today, scam_type="romance")
    assert manager_client.get(URL).context["figures"].reports == 2
    older = manager_client.get(
        URL, {"received_from": f"{today - timedelta(days=500):%d/%m/%Y}"}
    ).context["figures"]
    assert older.reports == 3
    romance = manager_client.get(URL, {"scam_type": "romance"}).context["figures"]
    assert [(a.code, a.reports) for a in romance.districts] == [("SG1", 1)]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"received_from": "31/2/2026"}, "received_from", "Received from must be a real date"),
        (
            {"received_from": "2/3/2026", "received_to": "1/3/2026"},
            "received_to",
            "Received to must be the same as or after received from",
        ),
        ({"received_from": "1/1/2001"}, "received_from", "Choose a period of 5 years or less"),
        ({"scam_type": "no-such-kind"}, "scam_type", "Select a valid choice"),
    ],
)
def test_bad_filters_are_kept_with_a_clear_message(
    manager_client: Client, query: dict[str, str], field: str, message: str
) -> None:
    response = manager_client.get(URL, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in str(response.context["form"].errors[field])
    assert "govuk-error-summary" in html and "<title>Error:" in html
    for name, value in query.items():
        if name.startswith("received"):
            assert f'name="{name}" type="text" value="{value}"' in html
    # The figures fall back to the last 12 months rather than failing.
    assert response.context["figures"].period.end == timezone.localdate()


def test_partner_analysts_see_their_own_reports_with_small_counts_hidden(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    for n in range(5):
        _report(f"Own{n}", "AL1 3EJ", organisation=partner_org)
    _report("Lone", "SG2 1AA", organisation=partner_org, amount_lost="£77")
    _report("Hub", "HP1 1AA")
    sign_in(client, partner_analyst)
    response = client.get(URL)
    html = response.content.decode()
    codes = {p["code"]: p for p in _map_data(response)["districts"]}
    assert set(codes) == {"AL1", "SG2"}
    assert codes["SG2"]["reports"] is None and codes["SG2"]["losses"] is None
    assert codes["AL1"]["reports"] == 5
    assert "fewer than 5" in html and "£77" not in html
    assert "Figures count only the reports you can see" in html


def test_each_look_is_written_to_the_audit_log(manager_client: Client, manager: User) -> None:
    manager_client.get(URL, {"scam_type": "romance"})
    event = AuditEvent.objects.get(actor=manager, detail__figures="map")
    assert event.action == AuditEvent.Action.VIEW and event.detail["scam_type"] == "romance"


def test_loaded_centroids_replace_the_shipped_ones(manager_client: Client) -> None:
    DistrictCentroid.objects.create(
        code="AL1", council="St Albans", latitude=51.75, longitude=-0.33, town="St Albans"
    )
    _report("Ann", "AL1 3EJ")
    _report("Cat", "SG1 1AA")
    data = _map_data(manager_client.get(URL))
    assert [(p["code"], p["lat"]) for p in data["districts"]] == [("AL1", 51.75)]


def test_the_staff_menu_leads_to_the_map_and_the_map_to_trends(manager_client: Client) -> None:
    menu = manager_client.get(reverse("staff:report_list")).content.decode()
    assert f'href="{URL}">Map and trends</a>' in menu
    page = manager_client.get(URL).content.decode()
    assert f'href="{reverse("insight:trends")}"' in page


def test_the_county_is_drawn_even_with_no_reports(manager_client: Client) -> None:
    data = _map_data(manager_client.get(URL))
    assert data["districts"] == []
    assert {"AL1", "SG1", "WD17"} <= {p["code"] for p in data["places"]}
    assert "No reports in this period." in manager_client.get(URL).content.decode()
