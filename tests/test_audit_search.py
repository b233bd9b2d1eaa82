"""The data protection officer searches the audit log by person (a name or a report
reference), by member of staff, by organisation and by dates, a page at a time or as a CSV
file; each search is itself logged, and no one else may search."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Report
from tests.factories import OrganisationFactory, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dpo(hub_org: Organisation) -> User:
    return staff_user("dpo", role="Data protection officer")


@pytest.fixture
def dpo_client(dpo: User) -> Client:
    """Their own browser, beside the staff whose looks they check."""
    return sign_in(Client(), dpo)


@pytest.fixture
def margaret(hub_org: Organisation) -> Report:
    return make_report().report


@pytest.fixture
def ken(hub_org: Organisation) -> Report:
    return make_report(
        victim=PersonInput(first_name="Ken", last_name="Brown", postcode="SG1 1AA")
    ).report


def found(client: Client, **search: str) -> str:
    """What the search found: the page from the count of entries on, past the form."""
    response = client.get(reverse("audit_log"), search)
    assert response.status_code == 200, response.content.decode()
    page = response.content.decode()
    return page[page.index('id="result-count"') :]


def test_finds_who_looked_at_a_persons_reports_by_name(
    dpo_client: Client, manager_client: Client, margaret: Report, ken: Report
) -> None:
    manager_client.get(reverse("staff:report_detail", args=[margaret.reference]))
    manager_client.get(reverse("staff:report_detail", args=[ken.reference]))
    page = found(dpo_client, person="margaret hughes")
    assert margaret.reference in page and ken.reference not in page
    assert "manager" in page and "Viewed" in page


def test_finds_list_pages_and_searches_that_showed_the_person(
    dpo_client: Client, manager_client: Client, margaret: Report, ken: Report
) -> None:
    manager_client.get(reverse("staff_search"), {"q": "Hughes"})
    manager_client.get(reverse("staff_search"), {"q": "Brown"})
    page = found(dpo_client, person=margaret.reference)
    assert "staff search: 1 record" in page
    assert page.count("staff search:") == 1
    by_name = found(dpo_client, person="Hughes")
    assert by_name.count("staff search:") == 1


def test_a_search_for_a_name_that_found_nothing_is_found_by_that_name(
    dpo_client: Client, manager_client: Client
) -> None:
    manager_client.get(reverse("staff_search"), {"q": "Edna Sharp"})
    assert "staff search: 0 records" in found(dpo_client, person="edna sharp")
    assert "staff search: 0 records" not in found(dpo_client, person="Edna Jones")


def on(name: str, day: date) -> dict[str, str]:
    """A date typed in the three boxes of the field `name`."""
    return {
        f"{name}_day": str(day.day),
        f"{name}_month": str(day.month),
        f"{name}_year": str(day.year),
    }


def test_finds_by_user_organisation_and_dates(
    dpo_client: Client, margaret: Report, partner: User, partner_org: Organisation
) -> None:
    officer = staff_user("officer", role="Case manager")
    audit.record(actor=officer, action="view", obj=margaret)
    audit.record(actor=partner, action="view", obj=partner_org)
    by_user = found(dpo_client, user="officer")
    assert "officer" in by_user and "Trading Standards" not in by_user
    by_org = found(dpo_client, organisation=partner_org.slug)
    assert "partner" in by_org and margaret.reference not in by_org
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    assert margaret.reference in found(dpo_client, user="officer", **on("date_from", today))
    later = found(
        dpo_client,
        user="officer",
        **on("date_from", tomorrow),
        **on("date_to", tomorrow + timedelta(days=365)),
    )
    assert "0 entries found" in later


def test_each_search_is_logged_without_the_name(dpo_client: Client, dpo: User) -> None:
    found(dpo_client, person="Margaret Hughes", user="manager")
    entry = AuditEvent.objects.filter(detail__page="audit log search").get()
    assert entry.actor == dpo and entry.action == "search"
    assert entry.detail["search"]["user"] == "manager"
    assert entry.detail["search"]["person"]["words"] == 2
    assert "Hughes" not in str(entry.detail)


def test_results_come_a_page_at_a_time(dpo_client: Client, dpo: User, margaret: Report) -> None:
    officer = staff_user("officer", role="Case manager")
    for _ in range(55):
        audit.record(actor=officer, action="view", obj=margaret)
    page = found(dpo_client, user="officer")
    assert "55 entries found" in page and "Page 1 of 2" in page
    second = found(dpo_client, user="officer", page="2")
    assert second.count('<tr class="govuk-table__row">') == 1 + 5


def test_export_as_csv_holds_every_entry_and_is_logged(
    dpo_client: Client, margaret: Report
) -> None:
    officer = staff_user("officer", role="Case manager")
    for _ in range(3):
        audit.record(actor=officer, action="view", obj=margaret, detail={"reason": "=cmd"})
    response = dpo_client.get(reverse("audit_log_csv"), {"user": "officer"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["entry", "when (UTC)", "who"]
    assert len(rows) == 4 and all(r[2] == "officer" for r in rows[1:])
    assert rows[1][8] == "Reason: =cmd"  # not at a cell's start, so no formula
    assert AuditEvent.objects.filter(detail__page="audit log search", action="export").count() == 1


def test_an_empty_search_or_dates_the_wrong_way_round_say_what_to_fix(dpo_client: Client) -> None:
    empty = dpo_client.get(reverse("audit_log"), {"person": ""})
    assert empty.status_code == 400
    assert "Enter a person, a member of staff, an organisation or dates" in empty.content.decode()
    backwards = dpo_client.get(
        reverse("audit_log"),
        {
            "date_from_day": "2",
            "date_from_month": "11",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "11",
            "date_to_year": "2026",
        },
    )
    assert "The last date must be the same as or after the first date" in backwards.content.decode()
    assert 'value="2"' in backwards.content.decode()  # what was typed is kept


def test_no_one_else_may_search_the_log(
    client: Client, manager: User, partner: User, margaret: Report
) -> None:
    for user in (manager, partner, staff_user("analyst", role="Analyst")):
        sign_in(client, user)
        assert client.get(reverse("audit_log"), {"person": "Hughes"}).status_code == 403
        assert client.get(reverse("audit_log_csv"), {"person": "Hughes"}).status_code == 403
    assert not AuditEvent.objects.filter(detail__page="audit log search").exists()


def test_an_administrator_may_search_and_a_dpo_starts_there(
    client: Client, dpo_client: Client
) -> None:
    sign_in(client, staff_user("admin", role="Administrator"))
    assert client.get(reverse("audit_log"), {"user": "x"}).status_code == 200
    assert dpo_client.get(reverse("staff:home"))["Location"] == reverse("audit_log")


def test_a_partners_officer_may_not_search_the_whole_log(client: Client) -> None:
    """The log covers every organisation's staff: only the hub's officers search it."""
    theirs = OrganisationFactory()
    for role in ("Data protection officer", "Administrator"):
        sign_in(client, staff_user(f"theirs-{role[:4]}", role=role, organisation=theirs))
        refused = client.get(reverse("audit_log"), {"user": "x"})
        assert refused.status_code == 403
        assert "only the fraud hub" in refused.content.decode()


def test_entry_details_read_as_label_and_value_lines(
    dpo_client: Client, manager: User, margaret: Report
) -> None:
    audit.record(
        actor=manager,
        action=AuditEvent.Action.VIEW,
        obj=margaret,
        detail={"via": "cluster page", "cluster": 7, "records": [3, 4], "sees_all_reports": True},
    )
    page = found(dpo_client, user="manager")
    assert "Seen on: cluster page<br>Cluster: 7<br>Records: 3, 4<br>Sees every report: Yes" in page
    assert "via:" not in page and "sees all reports:" not in page
