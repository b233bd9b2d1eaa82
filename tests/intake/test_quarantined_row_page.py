"""A quarantined row's page marks each box at fault with a message in plain words, in the
GOV.UK error summary and beside the box, not only at the top and not in column names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.intake.file_imports import import_referrals
from fraudhub.intake.models import QuarantinedRow
from tests.factories import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner_client(client: Client, partner: Any) -> Client:
    sign_in(client, partner)
    return client


def errors_beside(page: str) -> dict[str, str]:
    """Each box marked in error, by its id, with the message shown beside it."""
    found = re.findall(
        r'<p id="id_(\w+)-error" class="govuk-error-message">'
        r'<span class="govuk-visually-hidden">Error:</span> ([^<]*)</p>',
        page,
    )
    return dict(found)


def summary(page: str) -> list[tuple[str, str]]:
    start = page.index("govuk-error-summary__list")
    block = page[start : page.index("</ul>", start)]
    return re.findall(r'<a href="#([\w-]+)">([^<]*)</a>', block)


def quarantined(organisation: Any, raw: dict[str, str], reasons: list[str]) -> QuarantinedRow:
    """A row quarantined from f.csv, as sent and with why."""
    return QuarantinedRow.objects.create(
        organisation=organisation,
        filename="f.csv",
        row_number=4,
        raw=raw,
        fingerprint=hashlib.sha256(str(sorted(raw.items())).encode()).hexdigest(),
        reasons=reasons,
    )


def row_page(client: Client, row: QuarantinedRow) -> str:
    response = client.get(reverse("intake:quarantined_row", args=[row.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_each_box_at_fault_is_marked_in_plain_words(
    partner_client: Client, partner_org: Any
) -> None:
    row = quarantined(
        partner_org,
        {"partner_reference": "", "received_date": "31/02/2026", "victim_first_name": "Ann"},
        [
            "no partner_reference",
            "received_date '31/02/2026' is not a date (use day/month/year)",
            "neither description nor scam_type",
        ],
    )
    page = row_page(partner_client, row)
    assert page.count("govuk-form-group--error") == 4
    assert errors_beside(page) == {
        "partner_reference": "Enter the partner&#x27;s own reference for this referral",
        "received_date": "Enter the date received as a real date, day first, like 5/11/2026",
        "description": "Enter what happened or the type of scam",
        "scam_type": "Enter what happened or the type of scam",
    }
    assert summary(page) == [
        ("id_partner_reference", "Enter the partner&#x27;s own reference for this referral"),
        ("id_received_date", "Enter the date received as a real date, day first, like 5/11/2026"),
        ("id_description", "Enter what happened or the type of scam"),
        ("id_scam_type", "Enter what happened or the type of scam"),
    ]
    assert "neither description nor scam_type" not in page
    assert "<title>Error: f.csv, row 4" in page
    assert 'value="Ann"' in page and "Column victim_first_name" in page


def test_a_future_received_date_is_marked_beside_its_box(
    partner_client: Client, partner_org: Any
) -> None:
    row = quarantined(
        partner_org,
        {"partner_reference": "TS-1", "received_date": "05/01/2099", "description": "x"},
        ["received_date '05/01/2099' is in the future: check the year"],
    )
    assert errors_beside(row_page(partner_client, row)) == {
        "received_date": "The date received must be today or in the past: check the year"
    }


def test_a_shifted_row_says_so_for_the_whole_row(
    partner_client: Client, partner_org: Any, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(
        "partner_reference,received_date,description,victim_first_name\n"
        "TS-1,05/11/2026,Courier,Rita,Jones\n"
    )
    import_referrals(path=path, organisation=partner_org)
    page = row_page(partner_client, QuarantinedRow.objects.get())
    message = (
        "This row has 5 values but the header has 4 columns, so its values may be in the "
        "wrong columns: a comma inside a value needs double quotes around that value, or "
        "the values after it move along a column"
    )
    assert summary(page) == [("row-problems", message)]
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}</p>' in page
    assert errors_beside(page) == {}
    assert 'value="Jones"' in page and "Column column_5, kept as extra data" in page


def test_a_character_that_could_not_be_read_is_marked_until_it_is_corrected(
    partner_client: Client, partner_org: Any, tmp_path: Path
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(
        b"partner_reference,received_date,description,victim_first_name\n"
        + "TS-1,05/11/2026,Caller,Zoë\n".encode()
        + b"TS-2,05/11/2026,Caller,Zo\xeb\n"
    )
    import_referrals(path=path, organisation=partner_org)
    row = QuarantinedRow.objects.get()
    url = reverse("intake:quarantined_row", args=[row.pk])
    page = row_page(partner_client, row)
    assert errors_beside(page)["victim_first_name"].startswith(
        "Victim first name has a character that could not be read, shown as �: the file has "
        "the byte EB (‘ë’ in Windows-1252) there"
    )
    values = {"action": "accept", **{k: str(v) for k, v in row.raw.items()}}
    still = partner_client.post(url, values).content.decode()
    assert errors_beside(still) == {
        "victim_first_name": "First name has a character that could not be read, shown as �: "
        "type the right character in its place"
    }
    row.refresh_from_db()
    assert row.status == QuarantinedRow.Status.OPEN
    partner_client.post(url, {**values, "victim_first_name": "Zoë"})
    row.refresh_from_db()
    assert row.status == QuarantinedRow.Status.ACCEPTED
    assert row.report is not None and row.report.victim is not None
    assert row.report.victim.first_name == "Zoë"


def test_correcting_one_box_leaves_the_others_marked(
    partner_client: Client, partner_org: Any
) -> None:
    row = quarantined(
        partner_org,
        {"partner_reference": "", "received_date": "", "description": "x"},
        ["no partner_reference", "no received_date"],
    )
    url = reverse("intake:quarantined_row", args=[row.pk])
    page = partner_client.post(
        url, {"action": "accept", "partner_reference": "TS-4", "description": "x"}
    ).content.decode()
    assert errors_beside(page) == {"received_date": "Enter the date the referral was received"}
    assert 'value="TS-4"' in page
