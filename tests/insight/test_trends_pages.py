"""The trends, emerging scams and data-quality pages: their figures, the Vega-Lite specs
beside each table, filters with bad input kept, and who may see what."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.insight.figures import latest_complete_week
from fraudhub.reports.inputs import IdentifierInput, PersonInput

from ..factories import make_report, sign_in, unattached_user

pytestmark = pytest.mark.django_db
TRENDS = reverse("insight:trends")
EMERGING = reverse("insight:emerging")
QUALITY = reverse("insight:data_quality")


def _spec(html: str, spec_id: str) -> dict:  # type: ignore[type-arg]
    opening = f'<script id="{spec_id}" type="application/json">'
    start = html.index(opening) + len(opening)
    return json.loads(html[start : html.index("</script>", start)])


def test_trends_by_month_kind_contact_and_age(manager_client: Client) -> None:
    today = timezone.localdate()
    make_report(victim=PersonInput(first_name="A", age="81"), received_date=today)
    make_report(
        victim=PersonInput(first_name="B", age="18"),
        received_date=today,
        scam_type="romance",
        contact_method="social_media",
    )
    make_report(victim=PersonInput(first_name="C"), received_date=today)
    response = manager_client.get(TRENDS)
    assert response.status_code == 200
    html = response.content.decode()
    trends = {t["slug"]: t for t in response.context["trends"]}
    months = trends["months"]["counts"]
    assert len(months) == 12 and months[-1].value == 3 and sum(m.value for m in months) == 3
    ages = {c.label: c.value for c in trends["age-bands"]["counts"]}
    assert ages["80 and over"] == 1 and ages["18 to 25"] == 1 and ages["Not known"] == 1
    kinds = {c.label: c.value for c in trends["scam-types"]["counts"]}
    assert sum(kinds.values()) == 3 and len(kinds) == 2
    spec = _spec(html, "age-bands-spec")
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert {v["label"]: v["reports"] for v in spec["data"]["values"]}["80 and over"] == 1
    assert "Victims by age as a table" in html
    assert "vendor/vega-embed/vega-embed.min.js" in html


def test_trends_filter_by_kind_and_bad_dates_kept(manager_client: Client) -> None:
    today = timezone.localdate()
    make_report(received_date=today, scam_type="romance")
    make_report(received_date=today)
    assert manager_client.get(TRENDS, {"scam_type": "romance"}).context["figures"].reports == 1
    response = manager_client.get(TRENDS, {"received_from": "yesterday-ish"})
    html = response.content.decode()
    assert "Received from must be a real date, like 1/3/2026" in html
    assert 'value="yesterday-ish"' in html
    assert response.context["figures"].reports == 2


def test_partner_analysts_trends_hide_small_counts_and_leave_them_out_of_charts(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    make_report(received_date=timezone.localdate(), organisation=partner_org)
    make_report(received_date=timezone.localdate())
    sign_in(client, partner_analyst)
    response = client.get(TRENDS)
    html = response.content.decode()
    assert response.context["figures"].reports == 1
    assert "fewer than 5" in html
    drawn = _spec(html, "months-spec")["data"]["values"]
    assert len(drawn) == 11 and all(v["reports"] == 0 for v in drawn)


def _week_reports(days_after_monday: list[int], **fields: object) -> None:
    monday = latest_complete_week(timezone.localdate())
    for n, offset in enumerate(days_after_monday):
        make_report(
            victim=PersonInput(first_name=f"P{n}{offset}", last_name="Week"),
            received_date=monday + timedelta(days=offset),
            **fields,
        )


def test_emerging_lists_what_jumped_last_week_with_the_rule(manager_client: Client) -> None:
    courier = [IdentifierInput(kind="website", value="www.courier-refunds.co.uk")]
    _week_reports([0, 2, 6], scam_type="courier", identifiers=courier)
    _week_reports([7])  # this week, not yet complete: not counted
    _week_reports([-10, -20, -30], scam_type="romance")  # average 3/8 before: 1 is no jump
    _week_reports([1], scam_type="romance")
    response = manager_client.get(EMERGING)
    html = response.content.decode()
    shown = response.context["figures"]
    assert [(j.key, j.this_week) for j in shown.scam_types] == [("courier", 3)]
    assert [j.label for j in shown.identifiers] == ["www.courier-refunds.co.uk"]
    assert "at least 3 times this week and at least 2 times as often" in html


def test_emerging_for_a_partner_analyst_counts_only_their_reports(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    _week_reports([0, 1, 2], scam_type="courier")
    sign_in(client, partner_analyst)
    response = client.get(EMERGING)
    assert response.context["figures"].scam_types == []
    assert "No kind of scam jumped this week." in response.content.decode()


def test_data_quality_by_source(manager_client: Client) -> None:
    today = timezone.localdate()
    make_report(
        source="phone",
        received_date=today,
        victim=PersonInput(first_name="A", age="70", postcode="AL1 3EJ", phone="01727 123456"),
    )
    make_report(
        source="phone", received_date=today, victim=PersonInput(first_name="B", postcode="AL1")
    )
    response = manager_client.get(QUALITY)
    shares = {s.source: s for s in response.context["shares"]}
    phone = shares["Phone (taken by staff)"]
    assert (phone.reports, phone.with_age, phone.with_valid_postcode, phone.with_contact) == (
        2,
        1,
        1,
        1,
    )
    assert shares["All sources"].age_share == "50%"
    assert "With a valid postcode" in response.content.decode()


def test_data_quality_bad_dates_kept(manager_client: Client) -> None:
    response = manager_client.get(QUALITY, {"received_to": "99/99/9999"})
    assert response.status_code == 200
    assert "Received to must be a real date" in response.content.decode()


@pytest.mark.parametrize("url", [TRENDS, EMERGING, QUALITY])
def test_figures_need_a_login_a_role_and_an_organisation(client: Client, url: str) -> None:
    assert client.get(url).status_code == 302
    sign_in(client, User.objects.create_user("stranger"))
    assert client.get(url).status_code == 403
    sign_in(client, unattached_user("analyst-nowhere", role="Analyst"))
    assert client.get(url).status_code == 404
