"""Casework joined to intelligence: a report's page and its case's page say which cluster
(campaign) the report is in, how many reports it holds, which of this report's details link
it and the commonest kinds of scam, with a link to the cluster. Partners get no hint of
clusters, and a report in none shows nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.governance.models import Organisation
from fraudhub.linking.models import ClusterMember
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Report

from ..factories import make_report, sign_in

pytestmark = pytest.mark.django_db


def _report(phone: str, name: str, **fields: object) -> Report:
    created = make_report(
        victim=PersonInput(first_name=name, last_name="Hughes", age="78", postcode="AL1 3EJ"),
        identifiers=[IdentifierInput(kind="phone", value=phone)],
        **fields,
    )
    link_reports(report_ids=[created.report.pk])
    return created.report


def test_the_report_and_case_pages_name_the_campaign(manager_client: Client) -> None:
    reports = [_report(p, n) for p, n in [("020 7946 0123", "Ann"), ("02079460123", "Bob")]]
    third = _report("+44 20 7946 0123", "Cat", scam_type="courier")
    cluster = ClusterMember.objects.get(report=third).cluster_id
    page = manager_client.get(f"/staff/reports/{third.reference}/").content.decode()
    assert f'href="/staff/links/clusters/{cluster}/"' in page
    assert f"{third.reference} shares details with 2 other reports (3 in all)" in page
    assert "Shared: 020 7946 0123 (phone number)" in page
    assert "Kinds of scam: Bank or building society impersonation (2), Courier fraud (1)." in page
    triage_reports(report_ids=[reports[0].pk])
    case = Case.objects.get(reports=reports[0])
    page = manager_client.get(f"/staff/cases/{case.pk}/").content.decode()
    assert f"Cluster {cluster}" in page and "(3 in all)" in page


def test_a_report_in_no_cluster_shows_none(manager_client: Client) -> None:
    alone = _report("020 7946 0999", "Dee")
    page = manager_client.get(f"/staff/reports/{alone.reference}/").content.decode()
    assert "Linked reports" not in page


def test_a_partner_gets_no_hint_of_a_cluster(
    client: Client, partner: User, partner_org: Organisation
) -> None:
    theirs = _report("020 7946 0123", "Ann", organisation=partner_org)
    _report("02079460123", "Bob")
    sign_in(client, partner)
    page = client.get(f"/staff/reports/{theirs.reference}/").content.decode()
    assert page.count("Cluster") == 0 and "Linked reports" not in page
