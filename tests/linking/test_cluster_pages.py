"""Analysts' cluster pages: the list, largest first and filtered; one cluster's summary,
network and tables; partners seeing clusters only through their own reports; audit."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking import selectors
from fraudhub.linking.models import ClusterMember
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report

from ..factories import agreement, hub, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def _report(
    *identifiers: tuple[str, str],
    first_name: str = "Margaret",
    postcode: str = "AL1 3EJ",
    **fields: Any,
) -> Report:
    victim = PersonInput(first_name=first_name, last_name="Hughes", age="78", postcode=postcode)
    created = make_report(
        victim=victim,
        identifiers=[IdentifierInput(kind=k, value=v) for k, v in identifiers],
        **fields,
    )
    link_reports(report_ids=[created.report.pk])
    return created.report


def _cluster_id(report: Report) -> int:
    return ClusterMember.objects.get(report=report).cluster_id


@pytest.fixture
def analyst(db: None) -> User:
    return staff_user("analyst", role="Analyst")


@pytest.fixture
def analyst_client(client: Client, analyst: User) -> Client:
    sign_in(client, analyst)
    return client


def test_the_list_shows_clusters_largest_first_with_their_figures(analyst_client: Client) -> None:
    small = [_report(("phone", "020 7946 0111")), _report(("phone", "02079460111"))]
    big = [
        _report(("website", "fake-parcels.co.uk"), amount_lost="£100"),
        _report(("website", "www.fake-parcels.co.uk"), amount_lost="£250.50", postcode="SG1 1AA"),
        _report(("website", "https://fake-parcels.co.uk/pay"), amount_lost=""),
    ]
    _report(("phone", "07700 900555"))  # shares nothing: in no cluster

    response = analyst_client.get("/staff/links/clusters/")

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.id for r in rows] == [_cluster_id(big[0]), _cluster_id(small[0])]
    assert [r.reports for r in rows] == [3, 2]
    assert rows[0].total_loss == 350.50
    assert rows[0].districts == ["AL1", "SG1"]
    assert rows[0].scam_types == ["Bank or building society impersonation"]
    assert "2 clusters" in response.content.decode()


def test_the_list_filters_by_scam_type_district_and_identifier_kind(
    analyst_client: Client,
) -> None:
    by_phone = _report(
        ("phone", "020 7946 0111"),
        ("website", "one-shop.com"),
        ("website", "gmail.com"),
        scam_type="courier",
        postcode="SG1 1AA",
    )
    _report(("phone", "02079460111"), ("website", "other-shop.com"), ("website", "gmail.com"))
    by_site = _report(("website", "fake-parcels.co.uk"))
    _report(("website", "fake-parcels.co.uk"))

    def listed(**query: str) -> list[int]:
        return [r.id for r in analyst_client.get("/staff/links/clusters/", query).context["rows"]]

    assert listed(scam_type="courier") == [_cluster_id(by_phone)]
    assert listed(district="sg1") == [_cluster_id(by_phone)]
    # Linked by: the kind of identifier the cluster's reports share (not merely hold, and
    # not an excluded value such as gmail.com).
    assert listed(identifier_kind="website") == [_cluster_id(by_site)]
    assert listed(identifier_kind="phone") == [_cluster_id(by_phone)]
    assert listed(identifier_kind="email") == []
    assert sorted(listed()) == sorted([_cluster_id(by_phone), _cluster_id(by_site)])


def test_a_district_that_is_not_one_says_what_to_type_and_keeps_it(
    analyst_client: Client,
) -> None:
    _report(("phone", "020 7946 0111"))
    _report(("phone", "02079460111"))

    response = analyst_client.get("/staff/links/clusters/", {"district": "St Albans"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a postcode district, the first part of a postcode, like AL1" in page
    assert 'value="St Albans"' in page
    assert "govuk-error-summary" in page


def test_the_cluster_page_sums_up_the_cluster_and_draws_its_network(
    analyst_client: Client,
) -> None:
    first = _report(
        ("phone", "020 7946 0111"),
        ("email", "refunds@hmrc-claims.net"),
        amount_lost="£1,000",
        received_date=date(2026, 1, 10),
        first_name="Ann",
    )
    second = _report(
        ("phone", "+44 20 7946 0111"),
        amount_lost="£500",
        received_date=date(2026, 3, 2),
        first_name="Bob",
        postcode="SG1 1AA",
        scam_type="courier",
    )

    response = analyst_client.get(f"/staff/links/clusters/{_cluster_id(first)}/")

    assert response.status_code == 200
    page = response.content.decode()
    cluster = response.context["cluster"]
    assert cluster.total_loss == 1500
    assert [d.label for d in cluster.districts] == ["AL1", "SG1"]
    assert {s.label for s in cluster.scam_types} == {
        "Bank or building society impersonation",
        "Courier fraud",
    }
    assert "£1,500.00" in page and "10 January 2026" in page and "2 March 2026" in page
    # Two reports, two victims, a shared phone and one email: six nodes, five links.
    network = json.loads(page.split('id="network-data" type="application/json">')[1].split("<")[0])
    kinds = sorted(node["kind"] for node in network["nodes"])
    assert kinds == ["email", "phone", "report", "report", "victim", "victim"]
    assert len(network["edges"]) == 5
    report_nodes = [n for n in network["nodes"] if n["kind"] == "report"]
    assert {n["url"] for n in report_nodes} == {
        f"/staff/reports/{first.reference}/",
        f"/staff/reports/{second.reference}/",
    }
    # The same links as tables, for use without the picture or without JavaScript.
    assert "Identifiers and the reports that hold them" in page
    assert page.count(f'href="/staff/reports/{first.reference}/"') >= 2
    assert "Ann Hughes" in page and "Bob Hughes" in page
    # The timeline: a bar for each month from the first report to the last.
    assert [b.label for b in cluster.timeline.bars] == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert [b.value for b in cluster.timeline.bars] == [1, 0, 1]


def test_an_excluded_value_is_no_node_in_the_network(analyst_client: Client) -> None:
    first = _report(("phone", "020 7946 0111"), ("phone", "159"))
    _report(("phone", "02079460111"), ("phone", "159"))

    cluster = analyst_client.get(f"/staff/links/clusters/{_cluster_id(first)}/").context["cluster"]

    assert [i.display for i in cluster.identifiers] == ["020 7946 0111"]


def test_each_report_on_the_cluster_page_is_audited_as_viewed(
    analyst_client: Client, analyst: User
) -> None:
    reports = [_report(("phone", "020 7946 0111")), _report(("phone", "02079460111"))]
    cluster_id = _cluster_id(reports[0])

    analyst_client.get(f"/staff/links/clusters/{cluster_id}/")

    events = AuditEvent.objects.filter(actor=analyst, action=AuditEvent.Action.VIEW)
    assert sorted(e.object_id for e in events) == sorted(str(r.pk) for r in reports)
    assert all(e.detail == {"via": "cluster page", "cluster": cluster_id} for e in events)


def test_an_unknown_cluster_is_a_not_found_page(analyst_client: Client) -> None:
    response = analyst_client.get("/staff/links/clusters/999999/")
    assert response.status_code == 404


def test_a_partner_analyst_sees_a_cluster_only_through_their_own_reports(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _report(("phone", "020 7946 0111"), organisation=partner_org, first_name="Ours")
    _report(("phone", "02079460111"), first_name="Hidden")
    elsewhere = [_report(("website", "fake-parcels.co.uk")) for _ in range(2)]
    sign_in(client, partner_analyst)

    listed = client.get("/staff/links/clusters/").context["rows"]
    page = client.get(f"/staff/links/clusters/{_cluster_id(theirs)}/")
    hidden = client.get(f"/staff/links/clusters/{_cluster_id(elsewhere[0])}/")

    assert [(r.id, r.reports) for r in listed] == [(_cluster_id(theirs), 1)]
    text = page.content.decode()
    assert page.status_code == 200
    assert theirs.reference in text and "Ours Hughes" in text
    assert "Hidden" not in text
    assert "Other partners' reports in this cluster are left out" not in text  # no hint
    assert hidden.status_code == 404


def test_an_agreement_allowing_counts_lets_a_partner_know_others_reports_are_left_out(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _report(("phone", "020 7946 0111"), organisation=partner_org, first_name="Ours")
    _report(("phone", "02079460111"), first_name="Hidden")
    agreement(hub(), partner_org, categories=(), shows_counts=True)
    sign_in(client, partner_analyst)

    text = client.get(f"/staff/links/clusters/{_cluster_id(theirs)}/").content.decode()

    assert "Hidden" not in text
    assert "Other partners' reports in this cluster are left out" in text


def test_the_intelligence_menu_is_for_roles_that_see_intelligence(
    analyst_client: Client, partner: User
) -> None:
    assert ">Intelligence</a>" in analyst_client.get("/staff/reports/").content.decode()
    sign_in(analyst_client, partner)
    assert ">Intelligence</a>" not in analyst_client.get("/staff/reports/").content.decode()
    assert analyst_client.get("/staff/links/clusters/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    for path in ("/staff/links/clusters/", "/staff/links/clusters/1/", "/staff/links/search/"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/sign-in/" in response["Location"]


def test_a_cluster_number_too_large_to_exist_is_a_not_found_page(analyst_client: Client) -> None:
    response = analyst_client.get("/staff/links/clusters/99999999999999999999999/")
    assert response.status_code == 404


def test_a_network_too_large_to_draw_says_so_and_keeps_its_tables(
    analyst_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "NETWORK_MOST", 5)
    first = _report(("phone", "020 7946 0111"), first_name="Ann")
    second = _report(("phone", "02079460111"), first_name="Bob")

    page = analyst_client.get(f"/staff/links/clusters/{_cluster_id(first)}/").content.decode()

    assert "too many to draw" not in page
    assert 'id="network-data"' in page
    _report(("phone", "020 7946 0111"), first_name="Cath")
    page = analyst_client.get(f"/staff/links/clusters/{_cluster_id(first)}/").content.decode()
    assert "This cluster has 7 reports, victims and identifiers: too many to draw" in page
    assert 'id="network-data"' not in page and "cytoscape.min.js" not in page
    assert f'href="/staff/reports/{second.reference}/"' in page
