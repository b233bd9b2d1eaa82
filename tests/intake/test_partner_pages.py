"""Partners upload referral files and watch them import, refer one victim at a time, and
staff decide on the rows that could not be reports."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fraudhub.intake.models import ImportRun, QuarantinedRow
from fraudhub.reports.models import Report
from tests.factories import OrganisationFactory, sign_in, staff_user, unattached_user

pytestmark = pytest.mark.django_db

CSV = (
    b"partner_reference,received_date,scam_type,description,victim_first_name,victim_postcode\n"
    b"TS-1,05/11/2026,Doorstep crime,Roofers,Edna,SG1 2AB\n"
    b",06/11/2026,Courier fraud,No reference,Bob,AL1 3EJ\n"
    b"TS-3,07/11/2026,Wizard scam,Odd letters,Cath,AL1\n"
)


@pytest.fixture
def partner_client(client: Client, partner) -> Client:  # type: ignore[no-untyped-def]
    sign_in(client, partner)
    return client


def upload(client: Client, capture, content: bytes = CSV, name: str = "referrals.csv"):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        return client.post(
            reverse("intake:imports"), {"file": SimpleUploadedFile(name, content, "text/csv")}
        )


def test_partner_uploads_a_file_and_sees_the_summary(
    partner_client: Client, partner_org, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    response = upload(partner_client, django_capture_on_commit_callbacks)
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("intake:import_detail", args=[run.pk])
    assert (run.organisation, run.status, run.created, run.quarantined, run.warnings) == (
        partner_org,
        "done",
        2,
        1,
        1,
    )
    page = partner_client.get(response["Location"]).content.decode()
    assert "Import finished" in page
    assert "1 waiting for a decision" in page
    assert 'http-equiv="refresh"' not in page
    problems = partner_client.get(reverse("intake:import_problems", args=[run.pk]))
    body = problems.content.decode("utf-8-sig")
    assert "3,quarantined,no partner_reference" in body
    assert "scam_type 'Wizard scam' is not in the mapping table" in body


def test_a_running_import_refreshes_itself_and_shows_progress(
    partner_client: Client, partner_org
) -> None:  # type: ignore[no-untyped-def]
    run = ImportRun.objects.create(
        organisation=partner_org,
        filename="big.csv",
        status="running",
        total_bytes=1000,
        bytes_done=400,
        rows=1234,
    )
    page = partner_client.get(reverse("intake:import_detail", args=[run.pk])).content.decode()
    assert 'http-equiv="refresh"' in page
    assert '<progress class="fh-progress" id="import-progress" max="100" value="40">' in page
    assert "1,234 rows so far" in page


def test_upload_refuses_files_it_cannot_read_with_a_clear_message(partner_client: Client) -> None:
    response = partner_client.post(
        reverse("intake:imports"),
        {"file": SimpleUploadedFile("notes.pdf", b"%PDF", "application/pdf")},
    )
    assert "The file must be a CSV file or an Excel workbook (.xlsx)" in response.content.decode()
    response = partner_client.post(reverse("intake:imports"), {})
    assert "Select a referral file to upload" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_broken_file_is_reported_on_its_page(
    partner_client: Client, django_capture_on_commit_callbacks, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    upload(
        partner_client,
        django_capture_on_commit_callbacks,
        content=b"not a workbook",
        name="bad.xlsx",
    )
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert (
        "could not be opened as an Excel workbook"
        in partner_client.get(reverse("intake:import_detail", args=[run.pk])).content.decode()
    )


def test_partners_see_only_their_own_imports_and_quarantine(client: Client, partner_org) -> None:  # type: ignore[no-untyped-def]
    other = OrganisationFactory(slug="police")
    theirs = ImportRun.objects.create(organisation=other, filename="police.csv")
    row = QuarantinedRow.objects.create(
        organisation=other,
        filename="police.csv",
        row_number=2,
        raw={"a": "b"},
        fingerprint="x",
        reasons=["no partner_reference"],
    )
    sign_in(client, staff_user("ts-user", role="Partner user", organisation=partner_org))
    assert client.get(reverse("intake:import_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("intake:quarantined_row", args=[row.pk])).status_code == 404
    assert "police.csv" not in client.get(reverse("intake:quarantine")).content.decode()


REFERRAL = {
    "partner_reference": "CA-77",
    "received_date_day": "5",
    "received_date_month": "11",
    "received_date_year": "2026",
    "scam_type": "Romance",
    "description": "Met online, asked for money for flights",
    "amount_lost": "£3,000",
    "payment_method": "Bank transfer",
    "victim_first_name": "Ann",
    "victim_postcode": "WD17 1AA",
    "consent_to_contact": "yes",
    "suspect_phone": "+44 7400 123456; 020 7946 0999",
}


def test_partner_refers_one_victim_and_sending_it_again_changes_nothing(
    partner_client: Client, partner_org
) -> None:  # type: ignore[no-untyped-def]
    response = partner_client.post(reverse("intake:refer"), REFERRAL, follow=True)
    report = Report.objects.get()
    assert "Referral sent: " + str(report.reference) in response.content.decode()
    assert (report.source, report.source_organisation, report.partner_reference) == (
        "partner_form",
        partner_org,
        "CA-77",
    )
    assert report.scam_type is not None and report.scam_type.slug == "romance"
    assert report.payment_method == "bank_transfer"
    assert report.identifiers.filter(kind="phone").count() == 2
    again = partner_client.post(reverse("intake:refer"), REFERRAL, follow=True)
    assert "You had already sent this referral" in again.content.decode()
    changed = partner_client.post(
        reverse("intake:refer"), {**REFERRAL, "amount_lost": "£3,500"}, follow=True
    )
    assert "is updated" in changed.content.decode()
    assert Report.objects.count() == 1


def test_referral_needs_reference_date_and_what_happened(partner_client: Client) -> None:
    response = partner_client.post(reverse("intake:refer"), {"victim_first_name": "Ann"})
    page = response.content.decode()
    assert "Enter your reference for this referral" in page
    assert "Enter the date you received the referral" in page
    assert "Enter what happened, or choose the kind of scam" in page
    assert 'value="Ann"' in page


def test_staff_correct_a_quarantined_row_and_accept_it(partner_client: Client, partner_org) -> None:  # type: ignore[no-untyped-def]
    row = QuarantinedRow.objects.create(
        organisation=partner_org,
        filename="f.csv",
        row_number=7,
        raw={
            "Partner_Reference": "",
            "Received_Date": "05/11/2026",
            "Description": "Courier took cards",
        },
        fingerprint="abc",
        reasons=["no partner_reference"],
    )
    url = reverse("intake:quarantined_row", args=[row.pk])
    page = partner_client.get(url).content.decode()
    assert "Enter the partner&#x27;s own reference for this referral" in page
    assert "Courier took cards" in page
    still_bad = partner_client.post(
        url,
        {"action": "accept", "received_date": "05/11/2026", "description": "Courier took cards"},
    )
    assert "Enter the partner&#x27;s own reference for this referral" in still_bad.content.decode()
    partner_client.post(
        url,
        {
            "action": "accept",
            "partner_reference": "TS-7",
            "received_date": "05/11/2026",
            "description": "Courier took cards",
        },
    )
    row.refresh_from_db()
    assert row.status == "accepted" and row.report is not None
    assert row.report.partner_reference == "TS-7"


def test_discarding_needs_a_reason(partner_client: Client, partner_org, partner) -> None:  # type: ignore[no-untyped-def]
    row = QuarantinedRow.objects.create(
        organisation=partner_org,
        filename="f.csv",
        row_number=3,
        raw={"x": "y"},
        fingerprint="d",
        reasons=["no received_date"],
    )
    url = reverse("intake:quarantined_row", args=[row.pk])
    assert (
        "Enter why this row is being discarded"
        in partner_client.post(url, {"action": "discard", "reason": ""}).content.decode()
    )
    partner_client.post(url, {"action": "discard", "reason": "Test row, not a real referral"})
    row.refresh_from_db()
    assert (row.status, row.discard_reason, row.decided_by) == (
        "discarded",
        "Test row, not a real referral",
        partner,
    )


def test_template_file_has_every_column(partner_client: Client) -> None:
    from fraudhub.intake.referrals import COLUMNS

    body = partner_client.get(reverse("intake:import_template")).content.decode()
    assert body.strip().split(",") == list(COLUMNS)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["intake:refer", "intake:imports"])
def test_a_partner_login_with_no_organisation_is_refused_and_told_why(
    client: Client, route: str
) -> None:
    # Who the person is, not a record out of reach: refused (403) with the reason, as the
    # partner API refuses it, rather than a page that seems not to exist.
    sign_in(client, unattached_user(role="Partner user"))
    response = client.get(reverse(route))
    assert response.status_code == 403
    assert "not linked to an organisation" in response.content.decode()


@pytest.mark.django_db
def test_the_referral_form_offers_each_way_of_paying_once(client: Client) -> None:
    organisation = OrganisationFactory(name="Citizens Advice Hertsmere")
    sign_in(client, staff_user("adviser", role="Partner user", organisation=organisation))
    page = client.get(reverse("intake:refer")).content.decode()
    paid = re.search(r'<select[^>]*name="payment_method".*?</select>', page, re.S)
    assert paid is not None
    assert paid.group(0).count(">Not known</option>") == 1
