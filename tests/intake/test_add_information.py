"""From the tracking page the reporter adds information and evidence to the same report:
files are checked by content, photos lose their location, nothing typed is lost on an
error, the case manager is told, and only staff who may see the report download files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from fraudhub.casework.models import Case
from fraudhub.casework.services import Edit, assign_case, triage_reports
from fraudhub.governance.models import AuditEvent
from fraudhub.intake import evidence_views
from fraudhub.reports.additions import merge_duplicate
from fraudhub.reports.models import EvidenceFile, ReportAddition
from tests.factories import make_report, sign_in, staff_user
from tests.reports.test_evidence_files import GPS_IFD, PDF, jpeg_with_gps

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tracked(client: Client, hub_org: Any) -> Any:
    """A report with its case, opened in this browser with the private link."""
    created = make_report()
    triage_reports(report_ids=[created.report.pk])
    assert client.get(created.tracking_path).status_code == 200
    return created.report


def add_url(report: Any) -> str:
    return reverse("intake:add_information", args=[report.reference])


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type)


def test_the_tracking_page_offers_adding_information_not_another_report(
    client: Client, tracked: Any
) -> None:
    page = client.get(reverse("intake:track_session", args=[tracked.reference])).content.decode()
    assert "Add information to this report" in page
    assert add_url(tracked) in page
    assert "make another report" not in page


def test_reporter_adds_text_and_files_to_the_same_report(client: Client, tracked: Any) -> None:
    response = client.post(
        add_url(tracked),
        {
            "text": "He rang again this morning.",
            "evidence": [
                upload("IMG_0001.JPG", jpeg_with_gps()),
                upload("letter.pdf", PDF, "application/pdf"),
            ],
        },
    )
    assert response["Location"] == reverse("intake:track_session", args=[tracked.reference])
    addition = ReportAddition.objects.get(report=tracked)
    assert addition.text == "He rang again this morning." and addition.from_reporter
    names = sorted((f.original_name, f.content_type) for f in addition.files.all())
    assert names == [("IMG_0001.JPG", "image/jpeg"), ("letter.pdf", "application/pdf")]
    for stored in addition.files.all():
        assert "IMG_0001" not in stored.file.name and "letter" not in stored.file.name
        assert stored.file.name.startswith("evidence/")
    timeline = client.get(response["Location"]).content.decode()
    today = timezone.localdate()
    assert f"You added information on {today.day} {today:%B %Y}" in timeline
    assert "He rang again this morning." in timeline and "IMG_0001.JPG" in timeline
    assert "We have added this to your report" in timeline
    assert AuditEvent.objects.filter(
        action="change", object_id=str(tracked.pk), actor_label="reporter (tracking page)"
    ).exists()


def test_a_stored_photo_has_no_gps_location(client: Client, tracked: Any) -> None:
    client.post(add_url(tracked), {"evidence": [upload("IMG_0001.JPG", jpeg_with_gps())]})
    stored = EvidenceFile.objects.get()
    with stored.file.open("rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert not image.getexif().get_ifd(GPS_IFD)
        assert not dict(image.getexif())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("holiday.jpg", b"<html><body><script>alert(1)</script></body></html>"),
        ("photo.jpg", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),
    ],
    ids=["html-named-jpg", "program-named-jpg"],
)
def test_a_file_that_lies_about_its_type_is_refused_and_the_text_kept(
    client: Client, tracked: Any, name: str, content: bytes
) -> None:
    response = client.post(
        add_url(tracked), {"text": "Here is the photo", "evidence": [upload(name, content)]}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'href="#id_evidence"' in page
    assert "The selected file must be a JPG, PNG or PDF" in page
    assert "Here is the photo</textarea>" in page, "nothing typed is lost"
    assert not ReportAddition.objects.exists()


def test_a_file_over_10mb_is_refused(client: Client, tracked: Any) -> None:
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = client.post(
        add_url(tracked),
        {"text": "My statement", "evidence": [upload("statement.pdf", big, "application/pdf")]},
    )
    page = response.content.decode()
    assert "The selected file must be smaller than 10MB" in page
    assert "My statement</textarea>" in page
    assert not ReportAddition.objects.exists()


def test_more_than_5_files_are_refused(client: Client, tracked: Any) -> None:
    files = [upload(f"page{i}.pdf", PDF, "application/pdf") for i in range(6)]
    page = client.post(add_url(tracked), {"evidence": files}).content.decode()
    assert "Select up to 5 files at a time" in page
    assert not ReportAddition.objects.exists()


def test_nothing_to_add_says_what_to_do(client: Client, tracked: Any) -> None:
    page = client.post(add_url(tracked), {"text": "  "}).content.decode()
    assert "Enter what else we should know, or choose a file to send" in page


def test_without_proving_the_right_to_track_the_page_is_refused(
    client: Client, hub_org: Any
) -> None:
    report = make_report().report
    response = client.post(add_url(report), {"text": "Let me in"})
    assert response["Location"] == reverse("intake:track")
    assert not ReportAddition.objects.exists()


def test_the_case_is_flagged_and_its_manager_emailed(
    client: Client, tracked: Any, manager: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = Case.objects.get()
    manager.email = "case.manager@example.org"
    manager.save()
    assign_case(edit=Edit(case=case, version=case.version, actor=manager), to=manager)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(tracked), {"text": "He rang again."})
    case.refresh_from_db()
    assert case.new_information_at is not None
    [message] = mail.outbox
    assert message.to == ["case.manager@example.org"]
    assert tracked.reference in message.subject
    assert reverse("casework:case", args=[case.pk]) in message.body

    staff = sign_in(Client(), manager)
    queue = staff.get(reverse("casework:queue")).content.decode()
    assert "New information" in queue
    page = staff.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "The reporter added information" in page and "He rang again." in page
    case.refresh_from_db()
    assert case.new_information_at is None, "seen once the case page is opened"
    assert "New information" not in staff.get(reverse("casework:queue")).content.decode()


def test_with_no_case_manager_the_hub_duty_address_is_emailed(
    client: Client, tracked: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FRAUDHUB_DUTY_EMAIL = "duty@hub.example.org"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(tracked), {"text": "More details."})
    assert [m.to for m in mail.outbox] == [["duty@hub.example.org"]]


def test_with_no_case_manager_nor_duty_address_the_hub_team_is_emailed(
    client: Client, tracked: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FRAUDHUB_DUTY_EMAIL = ""
    colleague = staff_user("colleague", role="Case manager")
    colleague.email = "team@example.org"
    colleague.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(add_url(tracked), {"text": "More details."})
    assert [m.to for m in mail.outbox] == [["team@example.org"]]


def _stored_file(client: Client, tracked: Any) -> EvidenceFile:
    client.post(add_url(tracked), {"evidence": [upload("letter.pdf", PDF, "application/pdf")]})
    return EvidenceFile.objects.get()


def test_staff_who_may_see_the_report_download_the_file_and_it_is_audited(
    client: Client, tracked: Any, manager: Any
) -> None:
    stored = _stored_file(client, tracked)
    staff = sign_in(Client(), manager)
    page = staff.get(reverse("staff:report_detail", args=[tracked.reference])).content.decode()
    url = reverse("staff:evidence_file", args=[tracked.reference, stored.pk])
    assert url in page and "letter.pdf" in page
    response = staff.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="letter.pdf"' in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        actor=manager, action="view", detail__downloaded_evidence=stored.pk
    ).exists()


def test_a_file_is_saved_under_the_type_found_never_the_name_given(
    client: Client, tracked: Any, manager: Any
) -> None:
    html_in_a_pdf = PDF + b"<html><script>alert(1)</script></html>"
    client.post(
        add_url(tracked), {"evidence": [upload("evil.pdf.html", html_in_a_pdf, "text/html")]}
    )
    stored = EvidenceFile.objects.get()
    response = sign_in(Client(), manager).get(
        reverse("staff:evidence_file", args=[tracked.reference, stored.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="evil.pdf.pdf"' in response["Content-Disposition"]


def test_a_partner_cannot_download_the_evidence(client: Client, tracked: Any, partner: Any) -> None:
    stored = _stored_file(client, tracked)
    other = sign_in(Client(), partner)
    url = reverse("staff:evidence_file", args=[tracked.reference, stored.pk])
    assert other.get(url).status_code == 404


def test_another_reporter_cannot_download_the_evidence(client: Client, tracked: Any) -> None:
    stored = _stored_file(client, tracked)
    someone = make_report()
    stranger = Client()
    stranger.get(someone.tracking_path)
    for url in (
        reverse("staff:evidence_file", args=[tracked.reference, stored.pk]),
        reverse("staff:evidence_file", args=[someone.report.reference, stored.pk]),
    ):
        assert stranger.get(url).status_code == 404
    assert (
        client.get(reverse("staff:evidence_file", args=[tracked.reference, stored.pk])).status_code
        == 404
    )


def test_deleting_an_addition_removes_its_files_from_storage(
    client: Client, tracked: Any, django_capture_on_commit_callbacks: Any
) -> None:
    stored = _stored_file(client, tracked)
    path = Path(stored.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ReportAddition.objects.filter(report=tracked).delete()
    assert not path.exists()


def test_files_far_over_the_limits_are_refused_unread(client: Client, tracked: Any) -> None:
    response = client.post(
        add_url(tracked),
        {"text": "My statement", "evidence": [upload("statement.pdf", PDF, "application/pdf")]},
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "The selected file must be smaller than 10MB" in response.content.decode()
    assert not ReportAddition.objects.exists()


def test_files_that_pass_the_limit_as_they_stream_in_are_stopped(
    client: Client, tracked: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evidence_views, "MAX_UPLOAD_BYTES", 10_000)
    response = client.post(
        add_url(tracked),
        {
            "text": "My statement",
            "evidence": [upload("big.pdf", PDF + b"0" * 50_000, "application/pdf")],
        },
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "The selected file must be smaller than 10MB" in page
    assert "My statement</textarea>" in page
    assert not ReportAddition.objects.exists()


def test_after_a_merge_what_the_reporter_adds_reaches_the_earlier_report(
    client: Client, tracked: Any, manager: Any
) -> None:
    earlier = make_report()  # made after `tracked`, but `tracked` is merged into it
    first = earlier.report
    tracked.duplicate_of = first
    tracked.save(update_fields=["duplicate_of"])
    client.post(add_url(tracked), {"text": "Before the merge."})
    merge_duplicate(duplicate=tracked, actor=manager)
    client.post(add_url(tracked), {"text": "After the merge."})

    assert sorted(first.additions.filter(from_reporter=True).values_list("text", flat=True)) == [
        "After the merge.",
        "Before the merge.",
    ]
    assert set(first.additions.values_list("merged_from", flat=True)) == {tracked.pk}
    own = client.get(reverse("intake:track_session", args=[tracked.reference])).content.decode()
    assert "Before the merge." in own and "After the merge." in own
    assert "joined to an earlier report" in own and first.reference not in own
    theirs = Client().get(earlier.tracking_path).content.decode()
    assert "Before the merge." not in theirs and "After the merge." not in theirs
