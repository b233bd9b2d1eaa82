"""Analysts export intelligence from the browser with the command's options: STIX, MISP or
CSV, for a receiving organisation, from a date, above a number of reports, with a TLP, and
from a cluster's page only that cluster. Each export is audited; bad options say what to
fix; partners cannot export."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.models import ClusterMember
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report

from ..factories import hub, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db
URL = "/staff/insight/export/"


def _report(*phones: str) -> Report:
    created = make_report(identifiers=[IdentifierInput(kind="phone", value=p) for p in phones])
    link_reports(report_ids=[created.report.pk])
    return created.report


@pytest.fixture
def analyst_client(client: Client) -> Client:
    return sign_in(client, staff_user("analyst", role="Analyst"))


def _options(**changes: object) -> dict[str, object]:
    return {"format": "csv", "organisation": hub().pk, "tlp": "amber", "min_reports": 1, **changes}


def test_a_csv_export_downloads_and_is_audited(analyst_client: Client) -> None:
    _report("020 7946 0123")
    _report("02079460123")
    response = analyst_client.post(URL, _options())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="fraudhub-csv-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["value"] for r in rows] == ["'+442079460123"]  # a leading + is escaped
    event = AuditEvent.objects.get(action="export")
    assert event.actor_label == "analyst" and event.detail["format"] == "intel-csv"


def test_a_clusters_export_holds_only_that_cluster(analyst_client: Client) -> None:
    first = _report("020 7946 0123")
    _report("02079460123")
    _report("01632 960001")
    _report("01632960001")
    cluster = ClusterMember.objects.get(report=first).cluster_id
    page = analyst_client.get(f"/staff/links/clusters/{cluster}/").content.decode()
    assert f'href="{URL}?cluster={cluster}"' in page
    form = analyst_client.get(URL, {"cluster": cluster}).content.decode()
    assert f"Export cluster {cluster}" in form
    response = analyst_client.post(URL, _options(format="stix", cluster=cluster))
    bundle = json.loads(response.content)
    values = json.dumps(bundle)
    assert "+442079460123" in values and "+441632960001" not in values
    assert AuditEvent.objects.get(action="export").detail["cluster"] == cluster


def test_bad_options_say_what_to_fix(analyst_client: Client) -> None:
    response = analyst_client.post(URL, _options(since="31/02/2026", min_reports=0, format=""))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert "Enter a real date" in page and "Select a format" in page
    assert not AuditEvent.objects.filter(action="export").exists()


def test_partners_cannot_export(client: Client, partner: User, partner_org: Organisation) -> None:
    sign_in(client, partner)
    assert client.get(URL).status_code == 403  # their role does not export
    assert client.post(URL, _options(organisation=partner_org.pk)).status_code == 403
    analyst = staff_user("partner-analyst", role="Analyst", organisation=partner_org)
    sign_in(client, analyst)
    assert client.get(URL).status_code == 404  # intelligence leaves through the hub only


def test_a_case_manager_cannot_export(manager_client: Client, hub_org: Organisation) -> None:
    assert manager_client.get(URL).status_code == 403
    assert (
        "export the identifiers"
        not in manager_client.get("/staff/links/clusters/").content.decode()
    )
    sign_in(manager_client, staff_user("analyst", role="Analyst"))
    assert "export the identifiers" in manager_client.get("/staff/links/clusters/").content.decode()


@pytest.mark.parametrize("cluster", ["-1", "abc", "1e400", "0", "9" * 40])
def test_a_cluster_that_is_not_a_whole_number_is_an_error_not_a_failure(
    analyst_client: Client, cluster: str
) -> None:
    response = analyst_client.post(URL, _options(cluster=cluster))
    assert response.status_code == 200
    assert "<title>Error: " in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_ticking_include_the_names_puts_the_names_scammers_used_in_the_export(
    analyst_client: Client,
) -> None:
    for _ in range(2):
        created = make_report(
            identifiers=[
                IdentifierInput(kind="phone", value="020 7946 0123"),
                IdentifierInput(kind="person_name", value="Dave from the bank"),
            ]
        )
        link_reports(report_ids=[created.report.pk])
    page = analyst_client.get(URL).content.decode()
    box = re.search(r'<input[^>]*name="include_names"[^>]*>', page)
    assert box is not None and 'type="checkbox"' in box.group(0)
    ticked = re.search(r'value="([^"]*)"', box.group(0))
    assert ticked is not None  # what a browser sends for the ticked box
    values = [
        r["value"]
        for r in csv.DictReader(
            io.StringIO(
                analyst_client.post(URL, _options(include_names=ticked.group(1))).content.decode()
            )
        )
    ]
    assert "dave from the bank" in values  # names are compared in lower case
    unticked = analyst_client.post(URL, _options()).content.decode()
    assert "dave from the bank" not in unticked
