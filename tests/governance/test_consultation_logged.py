"""Pages full of personal data are written to the audit log as one entry naming every
record shown: the report list, the staff search, the case queue, the proactive calls, a
quarantined row and an import's problems file. Searches keep references as typed and
names only as fingerprints; giving an organisation every report, and linking reports
together, are logged too."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fraudhub.casework.services import triage_reports
from fraudhub.casework.target_lists import import_target_list
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.governance.search_terms import fingerprint, fingerprints
from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import PersonInput
from tests.factories import OrganisationFactory, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def latest(**filters: Any) -> AuditEvent:
    return AuditEvent.objects.filter(**filters).order_by("-id").first()  # type: ignore[return-value]


def test_the_report_list_logs_one_entry_naming_each_report_shown(
    manager_client: Client, manager: User
) -> None:
    first, second = make_report().report, make_report().report
    before = AuditEvent.objects.count()
    assert manager_client.get(reverse("staff:report_list")).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    entry = latest(detail__page="report list")
    assert entry.actor == manager and entry.action == "view"
    assert set(entry.detail["shown"]) == {first.reference, second.reference}
    assert entry.object_label == "report list: 2 records"


def test_a_name_search_on_the_report_list_keeps_fingerprints_never_the_name(
    manager_client: Client,
) -> None:
    report = make_report().report
    make_report(victim=PersonInput(first_name="Ken", last_name="Brown", postcode="SG1 1AA"))
    manager_client.get(reverse("staff:report_list"), {"query": "Margaret Hughes"})
    entry = latest(detail__page="report list")
    assert entry.action == "search"
    assert entry.detail["shown"] == [report.reference]
    assert entry.detail["search"]["text"] == {
        "words": 2,
        "fingerprints": fingerprints("margaret hughes"),
    }
    assert "margaret" not in str(entry.detail).lower() and "hughes" not in str(entry.detail).lower()


def test_a_reference_search_is_kept_as_typed(manager_client: Client) -> None:
    report = make_report().report
    manager_client.get(reverse("staff:report_list"), {"query": report.reference.lower()})
    entry = latest(detail__page="report list")
    assert entry.detail["search"] == {"reference": report.reference}


def test_the_staff_search_is_logged_with_what_it_showed(manager_client: Client) -> None:
    report = make_report().report
    manager_client.get(reverse("staff_search"), {"q": "hughes"})
    entry = latest(detail__page="staff search")
    assert entry.action == "search" and entry.detail["shown"] == [report.reference]
    assert entry.detail["search"]["text"]["fingerprints"] == [fingerprint("hughes")]


def test_a_staff_search_that_finds_nothing_is_still_logged(manager_client: Client) -> None:
    manager_client.get(reverse("staff_search"), {"q": "Nobody Atall"})
    entry = latest(detail__page="staff search")
    assert entry.detail["shown"] == [] and entry.detail["search"]["text"]["words"] == 2


def test_a_postcode_search_keeps_only_the_district(manager_client: Client) -> None:
    manager_client.get(reverse("staff_search"), {"q": "AL1 3EJ"})
    search = latest(detail__page="staff search").detail["search"]
    assert search["postcode_district"] == "AL1"
    assert "3EJ" not in str(search)


def test_the_case_queue_logs_the_cases_on_the_page(manager_client: Client) -> None:
    case = triage_reports(report_ids=[make_report().report.pk])[0]
    manager_client.get(reverse("casework:queue"))
    entry = latest(detail__page="case queue")
    assert entry.object_type == "casework.case"
    assert entry.detail["shown"] == [f"Case {case.pk}"] and entry.detail["ids"] == [str(case.pk)]
    assert "Margaret" not in entry.object_label + str(entry.detail)


def test_the_proactive_calls_list_logs_the_calls_on_the_page(
    manager_client: Client, tmp_path: Path
) -> None:
    path = tmp_path / "heron.csv"
    path.write_text(
        "id,given_name,surname,date_of_birth,address_line1,town,postcode,phone,email\n"
        "S1,Peggy,Hughes,,12 Mill Lane,St Albans,AL1 3EJ,01727 123456,\n",
        encoding="utf-8",
    )
    import_target_list(path=path, source="Operation Heron")
    manager_client.get(reverse("casework:calls"))
    entry = latest(detail__page="proactive calls")
    assert entry.object_type == "casework.proactivecall" and len(entry.detail["shown"]) == 1
    assert "Peggy" not in str(entry.detail)


def _quarantined(organisation: Organisation, run: ImportRun | None = None) -> QuarantinedRow:
    raw = {"partner_reference": "TS-9", "victim_first_name": "Edna", "description": ""}
    return QuarantinedRow.objects.create(
        organisation=organisation,
        import_run=run,
        filename="f.csv",
        row_number=4,
        raw=raw,
        fingerprint=hashlib.sha256(str(sorted(raw.items())).encode()).hexdigest(),
        reasons=["No description of what happened"],
    )


def test_opening_a_quarantined_row_is_logged(
    client: Client, partner: User, partner_org: Organisation
) -> None:
    row = _quarantined(partner_org)
    sign_in(client, partner)
    assert client.get(reverse("intake:quarantined_row", args=[row.pk])).status_code == 200
    entry = latest(object_type="intake.quarantinedrow", object_id=str(row.pk))
    assert entry.action == "view" and entry.actor == partner


def test_downloading_an_imports_problems_file_is_logged_as_an_export(
    client: Client, partner: User, partner_org: Organisation
) -> None:
    run = ImportRun.objects.create(organisation=partner_org, filename="f.csv", created_by=partner)
    row = _quarantined(partner_org, run)
    sign_in(client, partner)
    response = client.get(reverse("intake:import_problems", args=[run.pk]))
    assert response.status_code == 200 and b"Edna" in response.content
    entry = latest(detail__page=f"problems file of import {run.pk}")
    assert entry.action == "export" and entry.detail["ids"] == [str(row.pk)]


def test_giving_an_organisation_every_report_is_logged(client: Client) -> None:
    police = OrganisationFactory(slug="police", name="Police", kind=Organisation.Kind.POLICE)
    admin = staff_user("admin", role="Administrator")
    admin.is_staff = True
    admin.save()
    sign_in(client, admin)
    url = reverse("admin:governance_organisation_change", args=[police.pk])
    form = {"name": "Police", "slug": "police", "kind": "police", "sees_all_reports": "on"}
    assert client.post(url, form).status_code == 302
    entry = latest(object_type="governance.organisation", object_id=str(police.pk))
    assert entry.action == "change" and entry.actor == admin
    assert entry.detail == {"sees_all_reports": True, "why": "may now see every report"}
    form.pop("sees_all_reports")
    client.post(url, form)
    assert latest(object_type="governance.organisation").detail["sees_all_reports"] is False
    count = AuditEvent.objects.filter(object_type="governance.organisation").count()
    client.post(url, {**form, "name": "Police force"})  # the name alone: nothing disclosed
    assert AuditEvent.objects.filter(object_type="governance.organisation").count() == count


def test_linking_two_reports_logs_the_combination(hub_org: Organisation) -> None:
    first, second = make_report().report, make_report().report
    link_reports(report_ids=[second.pk])
    entry = latest(object_type="reports.report", object_id=str(second.pk), action="change")
    assert entry.actor_label == "system (linking)"
    assert entry.detail["combined"] == "identifier cluster"
    assert entry.detail["with"] == [first.reference]


def test_moving_staff_to_another_organisation_is_logged(client: Client) -> None:
    """Moving someone changes every record they may read: the audit says from where to
    where, and who moved them."""
    police = OrganisationFactory(slug="police", name="Police", kind=Organisation.Kind.POLICE)
    bank = OrganisationFactory(slug="bank", name="Bank", kind=Organisation.Kind.BANK)
    moved = staff_user("moved", role="Partner user", organisation=police)
    admin = staff_user("admin", role="Administrator")
    admin.is_staff = True
    admin.save()
    sign_in(client, admin)
    profile = moved.staff_profile  # type: ignore[attr-defined]
    url = reverse("admin:governance_staffprofile_change", args=[profile.pk])
    response = client.post(url, {"user": moved.pk, "organisation": bank.pk})
    assert response.status_code == 302
    entry = latest(object_type="governance.staffprofile", object_id=str(profile.pk))
    assert entry.actor == admin
    assert entry.detail["organisation"] == {"from": "police", "to": "bank"}
