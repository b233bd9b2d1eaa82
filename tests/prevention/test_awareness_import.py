"""Importing a file of awareness sessions: good rows kept, bad rows reported with their
row number and what to fix, nothing lost, nothing added twice."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.awareness_rows import COLUMNS
from fraudhub.prevention.models import AwarenessImport, AwarenessSession

from ..factories import OrganisationFactory, sign_in, staff_user

pytestmark = pytest.mark.django_db

HEADER = "Date,Kind,Organisation,Audience,Council,Attendees,Trained,Materials\n"
GOOD = "14/11/2026,Talk,Age UK Hertfordshire,Older residents,St Albans,32,0,Leaflets\n"
GOOD_TOO = "2026-10-02,workshop,age uk hertfordshire,carers,Watford,12,12,\n"
BAD = "31/02/2026,Lecture,Nobody Ltd,Older residents,Luton,many,0,\n"


def _upload(client: Client, text: str, name: str = "sessions.csv") -> AwarenessImport:
    response = client.post(
        "/staff/prevention/awareness/import/",
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )
    assert response.status_code == 302, response.content.decode()
    return AwarenessImport.objects.order_by("-id").first()  # type: ignore[return-value]


@pytest.fixture
def analyst_client(client: Client) -> Client:
    OrganisationFactory(slug="age-uk", name="Age UK Hertfordshire")
    sign_in(client, staff_user("analyst", role="Analyst"))
    return client


def test_good_rows_are_kept_and_bad_rows_say_what_to_fix(analyst_client: Client) -> None:
    run = _upload(analyst_client, HEADER + GOOD + BAD + GOOD_TOO)
    assert (run.rows_read, run.rows_kept) == (3, 2)
    assert AwarenessSession.objects.count() == 2
    [problem] = run.problems
    assert problem["row"] == 3
    assert problem["values"]["kind"] == "Lecture"  # what was typed is kept
    said = " ".join(problem["problems"])
    assert "The date '31/02/2026' is not a real date" in said
    assert "In kind, enter one of: Talk, Workshop" in said
    assert "No partner organisation is called 'Nobody Ltd'" in said
    assert "In council, enter one of" in said
    assert "Enter the number of attendees as a whole number" in said
    page = analyst_client.get(f"/staff/prevention/awareness/import/{run.pk}/").content.decode()
    assert "2 sessions recorded, 1 row to fix" in page
    assert AuditEvent.objects.filter(object_type="prevention.awarenessimport").exists()


def test_the_same_file_imported_again_adds_nothing(analyst_client: Client) -> None:
    _upload(analyst_client, HEADER + GOOD)
    again = _upload(analyst_client, HEADER + GOOD)
    assert (again.rows_kept, again.rows_already) == (0, 1)
    assert AwarenessSession.objects.count() == 1


def test_a_file_without_the_columns_says_so(analyst_client: Client) -> None:
    response = analyst_client.post(
        "/staff/prevention/awareness/import/",
        {"file": SimpleUploadedFile("x.csv", b"name,when\nTalk,today\n")},
    )
    assert response.status_code == 200
    assert "has no date, kind, organisation, audience, council, attendees column" in (
        response.content.decode()
    )


def test_the_template_has_every_column_and_an_example_that_imports(
    analyst_client: Client,
) -> None:
    template = analyst_client.get("/staff/prevention/awareness/template.csv")
    assert template["Content-Disposition"].endswith('awareness-sessions-template.csv"')
    rows = list(csv.reader(io.StringIO(template.content.decode())))
    assert rows[0] == list(COLUMNS)
    run = _upload(analyst_client, template.content.decode())
    assert (run.rows_kept, run.problems) == (1, [])


def test_a_file_too_large_is_refused_unread_with_what_to_do(
    analyst_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fraudhub.prevention.views import outreach as outreach_views

    monkeypatch.setattr(outreach_views, "MAX_AWARENESS_FILE", 100)
    response = analyst_client.post(
        "/staff/prevention/awareness/import/",
        {"file": SimpleUploadedFile("big.csv", (HEADER + GOOD * 20).encode())},
    )
    assert response.status_code == 413
    assert "The file must be smaller than 5 MB" in response.content.decode()
    assert not AwarenessSession.objects.exists()
