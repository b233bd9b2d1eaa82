"""Recording, changing and ending data-sharing agreements through the staff pages: who may,
what the form asks again and why, the signed document, and the audit of every change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from fraudhub.governance.models import AuditEvent, Organisation, SharingAgreement
from fraudhub.governance.reviews import warn_overdue_reviews
from fraudhub.reports.models import Report

from ..factories import OrganisationFactory, agreement, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def admin(hub_org: Organisation) -> User:
    user = staff_user("admin", role="Administrator")
    user.email = "admin@fraudhub.example"
    user.save()
    return user


@pytest.fixture
def police() -> Organisation:
    return OrganisationFactory(slug="police", name="Hertfordshire Police", kind="police")


def _form(hub_org: Organisation, police: Organisation, **overrides: object) -> dict[str, object]:
    today = timezone.localdate()
    start, review = today - timedelta(days=10), today + timedelta(days=355)
    values: dict[str, object] = {
        "title": "Victim referrals",
        "owner": str(hub_org.pk),
        "parties": [str(hub_org.pk), str(police.pk)],
        "purpose": "To support victims of fraud",
        "lawful_basis": "Law enforcement purposes",
        "categories": ["scam_details", "victim_contact"],
        "shows_counts": "no",
        "starts_on_day": str(start.day),
        "starts_on_month": str(start.month),
        "starts_on_year": str(start.year),
        "review_on_day": str(review.day),
        "review_on_month": str(review.month),
        "review_on_year": str(review.year),
    }
    values.update(overrides)
    return values


def test_an_administrator_records_an_agreement_and_it_starts_sharing_at_once(
    client: Client, admin: User, hub_org: Organisation, police: Organisation
) -> None:
    report = make_report().report
    officer = staff_user("officer", role="Partner user", organisation=police)
    sign_in(client, officer)
    assert client.get(f"/staff/reports/{report.reference}/").status_code == 404

    sign_in(client, admin)
    document = SimpleUploadedFile("signed agreement.pdf", PDF, content_type="text/html")
    response = client.post(
        "/staff/agreements/new/", {**_form(hub_org, police), "document": document}
    )

    made = SharingAgreement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/agreements/{made.pk}/"
    assert made.category_set == {"scam_details", "victim_contact"}
    assert made.document_name == "signed agreement.pdf"
    entry = AuditEvent.objects.get(object_type="governance.sharingagreement", action="create")
    assert entry.actor == admin and entry.detail["parties"] == ["fraud-hub", "police"]
    page = client.get(f"/staff/agreements/{made.pk}/").content.decode()
    assert "In force" in page and "Victim contact details" in page
    download = client.get(f"/staff/agreements/{made.pk}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    sign_in(client, officer)
    page = client.get(f"/staff/reports/{report.reference}/").content.decode()
    assert "Margaret Hughes" in page
    assert (
        "Withheld: no data-sharing agreement in force between Hertfordshire Police and Fraud "
        "Hub covers money and bank details"
    ) in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Enter the name of the agreement"),
        ({"parties": []}, "parties", "Select the organisations that are parties to the agreement"),
        ({"parties": ["1"]}, "parties", "Select the owner as one of the parties"),
        ({"categories": []}, "categories", "Select at least one category of data"),
        ({"review_on_year": "1999"}, "review_on", "The review date must be the same as or after"),
        ({"starts_on_month": "13"}, "starts_on", "The start date must be a real date"),
    ],
)
def test_the_form_says_what_to_fix_and_keeps_what_was_typed(
    client: Client,
    admin: User,
    hub_org: Organisation,
    police: Organisation,
    overrides: dict[str, object],
    field: str,
    message: str,
) -> None:
    if overrides.get("parties") == ["1"]:
        overrides = {"parties": [str(police.pk)]}
    sign_in(client, admin)
    response = client.post("/staff/agreements/new/", _form(hub_org, police, **overrides))
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and message in page
    assert f'href="#id_{field}' in page
    assert "To support victims of fraud" in page  # nothing typed is lost
    assert not SharingAgreement.objects.exists()


def test_a_document_that_is_not_a_pdf_is_refused_whatever_its_name(
    client: Client, admin: User, hub_org: Organisation, police: Organisation
) -> None:
    sign_in(client, admin)
    fake = SimpleUploadedFile("agreement.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post("/staff/agreements/new/", {**_form(hub_org, police), "document": fake})
    assert response.status_code == 400
    assert "The signed agreement must be a PDF" in response.content.decode()
    assert not SharingAgreement.objects.exists()


def test_a_change_is_audited_with_what_changed(
    client: Client, admin: User, hub_org: Organisation, police: Organisation
) -> None:
    made = agreement(hub_org, police)
    sign_in(client, admin)
    response = client.post(
        f"/staff/agreements/{made.pk}/edit/",
        _form(hub_org, police, categories=["scam_details"], shows_counts="yes"),
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.categories == ["scam_details"] and made.shows_counts
    entry = AuditEvent.objects.get(object_type="governance.sharingagreement", action="change")
    assert entry.detail["changed"]["shows_counts"] == {"from": False, "to": True}
    assert entry.detail["changed"]["categories"]["to"] == ["scam_details"]


def test_ending_an_agreement_stops_sharing_at_once_and_is_audited(
    client: Client, admin: User, hub_org: Organisation, police: Organisation
) -> None:
    report = make_report().report
    made = agreement(hub_org, police)
    officer = staff_user("officer", role="Partner user", organisation=police)
    sign_in(client, officer)
    assert client.get(f"/staff/reports/{report.reference}/").status_code == 200

    sign_in(client, admin)
    refused = client.post(f"/staff/agreements/{made.pk}/end/", {"reason": ""})
    assert (
        refused.status_code == 400
        and "Enter why the agreement is ending" in refused.content.decode()
    )
    ended = client.post(f"/staff/agreements/{made.pk}/end/", {"reason": "The pilot finished"})
    assert ended.status_code == 302
    made.refresh_from_db()
    assert made.ended_at is not None and made.ended_reason == "The pilot finished"
    assert AuditEvent.objects.filter(
        object_type="governance.sharingagreement", detail__reason="The pilot finished"
    ).exists()

    sign_in(client, officer)
    assert client.get(f"/staff/reports/{report.reference}/").status_code == 404
    assert client.get(f"/api/v1/reports/{report.reference}/").status_code == 404


def test_a_partner_reads_only_the_agreements_it_is_a_party_to(
    client: Client, hub_org: Organisation, police: Organisation
) -> None:
    bank = OrganisationFactory(slug="bank", name="Bank A", kind="bank")
    theirs = agreement(hub_org, police, title="Police and hub")
    others = agreement(hub_org, bank, title="Bank and hub")
    sign_in(client, staff_user("officer", role="Partner user", organisation=police))
    page = client.get("/staff/agreements/").content.decode()
    assert "Police and hub" in page and "Bank and hub" not in page
    assert client.get(f"/staff/agreements/{others.pk}/").status_code == 404
    assert client.get(f"/staff/agreements/{theirs.pk}/").status_code == 200
    assert client.get(f"/staff/agreements/{theirs.pk}/edit/").status_code == 403


def test_an_overdue_review_warns_the_owner_on_pages_and_by_email_once_a_week(
    client: Client, admin: User, hub_org: Organisation, police: Organisation
) -> None:
    today = timezone.localdate()
    overdue = agreement(hub_org, police, title="Overdue one", review_on=today - timedelta(days=3))
    agreement(police, hub_org, title="Police's own", review_on=today - timedelta(days=3))
    agreement(hub_org, police, title="Reviewed in time")
    sign_in(client, admin)

    home = client.get("/staff/reports/").content.decode()
    assert 'id="reviews-overdue"' in home and "Overdue one" in home
    assert "Police&#x27;s own" not in home and "Reviewed in time" not in home
    assert 'id="review-overdue"' in client.get(f"/staff/agreements/{overdue.pk}/").content.decode()

    assert [a.title for a in warn_overdue_reviews()] == ["Overdue one"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["admin@fraudhub.example"]
    assert "Overdue one" in mail.outbox[0].subject and "3 days ago" in mail.outbox[0].body
    assert warn_overdue_reviews() == []  # not again the same week
    assert [a.title for a in warn_overdue_reviews(today + timedelta(days=7))] == ["Overdue one"]

    call_command("agreement_reviews")  # the command an operator or the daily task runs


def test_a_partner_sees_no_review_banner_for_agreements_it_does_not_own(
    client: Client, hub_org: Organisation, police: Organisation
) -> None:
    agreement(hub_org, police, review_on=timezone.localdate() - timedelta(days=3))
    sign_in(client, staff_user("officer", role="Partner user", organisation=police))
    assert 'id="reviews-overdue"' not in client.get("/staff/reports/").content.decode()


def test_the_report_of_a_third_organisation_stays_not_found(
    client: Client, hub_org: Organisation, police: Organisation
) -> None:
    bank = OrganisationFactory(slug="bank", name="Bank A", kind="bank")
    banks = make_report(source=Report.Source.PARTNER_FORM, organisation=bank).report
    agreement(hub_org, police)
    sign_in(client, staff_user("officer", role="Partner user", organisation=police))
    assert client.get(f"/staff/reports/{banks.reference}/").status_code == 404
