"""A subject access export of a demo person holds every report they are in, their case,
the links made, and the audit of who saw their records: as a readable document and as
JSON, in one zip, downloaded by the data protection officer."""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import PersonGroupMember
from fraudhub.reports.models import Person
from fraudhub.rights.subject_access import Search, find_people, subject_records
from tests.factories import sign_in, staff_user

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 11, 30)


def download(client: Client, person: Person) -> tuple[dict[str, Any], str, list[str]]:
    response = client.post(f"/staff/data-rights/people/{person.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    data = json.loads(archive.read("subject-access.json"))
    document = archive.read("subject-access.html").decode("utf-8")
    return data, document, names


def test_a_demo_persons_export_holds_all_their_reports_and_who_saw_them() -> None:
    call_command("demo_data", reports=120, seed=2, as_of=AS_OF, force=True)
    # A demo victim who reported more than once and whom linking recognised each time.
    sizes = Counter(PersonGroupMember.objects.values_list("group_id", flat=True))
    group = next(g for g, size in sizes.most_common() if size >= 2)
    records = Person.objects.filter(person_group__group_id=group).select_related("report")
    person = records.first()
    assert person is not None
    references = {str(p.report) for p in records}

    # A case manager opens one of the reports: that look must be in the export.
    manager = sign_in(Client(), User.objects.get(username="manager"))  # the demo's logins
    assert manager.get(f"/staff/reports/{person.report.reference}/").status_code == 200
    # The report list showing the report counts too: one entry for the page names it.
    manager.get("/staff/reports/", {"query": person.report.reference})
    # A reader from outside says why; the export says it too.
    audit.record(
        actor=User.objects.get(username="analyst"),
        action="view",
        obj=person.report,
        detail={"reason": "Other", "reason_given": "Request 41 from the force"},
    )
    dpo = sign_in(Client(), User.objects.get(username="dpo"))

    data, document, names = download(dpo, person)
    assert any(
        e["why"] == "Request 41 from the force" for e in data["who_saw_or_changed_your_records"]
    )
    assert "<td>Request 41 from the force</td>" in document
    # What the law asks besides the data: who receives it, how long it is kept, rights.
    assert "How long we keep it" in document and "Your rights" in document
    assert "ico.org.uk/make-a-complaint" in document
    assert data["how_we_use_it"]["retention"], "the retention periods are in the JSON"

    assert sorted(names) == ["subject-access.html", "subject-access.json"]
    assert {r["reference"] for r in data["reports"]} >= references
    assert {d["report"] for d in data["your_details"]} >= references
    assert all(d["last_name"] == person.last_name for d in data["your_details"])
    seen = data["who_saw_or_changed_your_records"]
    assert any(
        e["who"] == "manager" and e["did"] == "Viewed" and e["record"] == str(person.report)
        for e in seen
    ), "the case manager's look at the report is in the export"
    assert any(e["did"] == "Created" for e in seen)
    assert any(e["who"] == "manager" and e["record"].startswith("report list") for e in seen), (
        "a list page that showed the report is in the export"
    )
    assert "via_reporter" not in document and "<td>[]</td>" not in document
    assert "<td>None</td>" not in document, "nothing held says so in words"
    linked = {link["report"] for link in data["links"]["same_person_records"]}
    assert linked == references, "the records linked as one person are named"
    for reference in references:
        assert reference in document
    assert person.last_name in document
    assert "Who saw or changed your records" in document
    # Other people in the reports are third parties: named by role only.
    for report in data["reports"]:
        assert all("third party" in other for other in report["others_named"])
    # The export itself is in the audit log, against each of their records.
    assert AuditEvent.objects.filter(
        action="export", actor_label="dpo", object_type="reports.person"
    ).count() == len(data["your_details"])


def test_a_person_is_found_by_name_and_date_of_birth_or_by_reference() -> None:
    call_command("demo_data", reports=40, seed=2, as_of=AS_OF, force=True)
    person = Person.objects.filter(role="victim").exclude(date_of_birth=None).first()
    assert person is not None
    by_name = find_people(
        Search(
            name=f"{person.first_name.upper()} {person.last_name}",
            date_of_birth=person.date_of_birth,
        )
    )
    assert person in by_name
    assert all(p.date_of_birth == person.date_of_birth for p in by_name)
    assert person in find_people(Search(reference=person.report.reference.lower()))
    assert find_people(Search(name=person.last_name, date_of_birth=date(1900, 1, 1))) == []
    assert person in subject_records(person)


def test_the_find_page_says_what_to_fix_and_lists_what_it_found() -> None:
    call_command("demo_data", reports=20, seed=2, as_of=AS_OF, force=True)
    person = Person.objects.filter(role="victim").first()
    assert person is not None
    dpo = sign_in(Client(), User.objects.get(username="dpo"))
    empty = {"name": "", "date_of_birth_day": "", "date_of_birth_month": "", "reference": ""}
    page = dpo.get("/staff/data-rights/", {**empty, "date_of_birth_year": ""})
    assert "Enter the person&#x27;s full name and date of birth, or a report reference" in (
        page.content.decode()
    ), "pressing Find with nothing filled in says what to fill in"
    page = dpo.get("/staff/data-rights/", {"name": "Margaret"})
    assert page.status_code == 200
    assert "Enter the date of birth" in page.content.decode()
    page = dpo.get(
        "/staff/data-rights/",
        {
            "name": "Ann",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "1950",
        },
    )
    assert "must be a real date" in page.content.decode()
    assert 'value="Ann"' in page.content.decode(), "what was typed is kept"
    page = dpo.get("/staff/data-rights/", {"reference": person.report.reference})
    assert f"/staff/data-rights/people/{person.pk}/" in page.content.decode()
    assert "1 record found" in page.content.decode() or "records found" in page.content.decode()


def test_only_the_hubs_data_protection_officer_and_administrators_may_answer_rights() -> None:
    from tests.factories import OrganisationFactory

    partner_dpo = staff_user(
        "theirs", role="Data protection officer", organisation=OrganisationFactory()
    )
    assert sign_in(Client(), partner_dpo).get("/staff/data-rights/").status_code == 403
    analyst = staff_user("analyst", role="Analyst")
    assert sign_in(Client(), analyst).get("/staff/data-rights/").status_code == 403
    dpo = staff_user("dpo", role="Data protection officer")
    assert sign_in(Client(), dpo).get("/staff/data-rights/").status_code == 200
