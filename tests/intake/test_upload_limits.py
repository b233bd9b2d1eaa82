"""Uploads are limited before their body is read: a request declaring a body over the
limit is answered unread, and a file that passes the limit as it streams in is stopped
there. Either way the page says what to do, and nothing is stored or queued."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fraudhub.intake.models import ImportRun
from fraudhub.intake.partner import forms as partner_forms
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

TOO_LARGE = "The file must be smaller than 200 MB: split it into parts"
HEADER = b"partner_reference,received_date,description\n"


@pytest.fixture
def partner_client(client: Client, partner: Any, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path
    sign_in(client, partner)
    return client


def test_a_body_declared_too_large_is_refused_without_being_read(partner_client: Client) -> None:
    # The test client's request body is a few bytes: reading the 300 MB it declares would
    # fail the test ("Cannot read more than the available bytes").
    response = partner_client.post(
        reverse("intake:imports"),
        {"file": SimpleUploadedFile("big.csv", HEADER, "text/csv")},
        CONTENT_LENGTH=str(300 * 1024 * 1024),
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert TOO_LARGE in text
    assert 'class="govuk-error-summary"' in text and 'href="#id_file"' in text
    assert not ImportRun.objects.exists()


def test_a_file_that_passes_the_limit_as_it_streams_in_is_stopped(
    partner_client: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(partner_forms, "MAX_UPLOAD_BYTES", 10_000)
    content = HEADER + b"TS-1,05/11/2026,A caller said he was from her bank\n" * 1_000
    assert len(content) > 50_000  # declared honestly, and within the envelope's allowance
    response = partner_client.post(
        reverse("intake:imports"), {"file": SimpleUploadedFile("big.csv", content, "text/csv")}
    )
    assert response.status_code == 413
    assert TOO_LARGE in response.content.decode()
    assert not ImportRun.objects.exists()
    assert not list(tmp_path.rglob("*.csv"))


def test_a_file_within_the_limit_is_taken(
    partner_client: Client, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(partner_forms, "MAX_UPLOAD_BYTES", 10_000)
    content = HEADER + b"TS-1,05/11/2026,A caller said he was from her bank\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = partner_client.post(
            reverse("intake:imports"), {"file": SimpleUploadedFile("ok.csv", content, "text/csv")}
        )
    assert response.status_code == 302
    assert ImportRun.objects.get().status == ImportRun.Status.DONE


def test_the_upload_is_still_protected_against_forged_requests(partner: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    sign_in(client, partner)
    response = client.post(
        reverse("intake:imports"), {"file": SimpleUploadedFile("ok.csv", HEADER, "text/csv")}
    )
    assert response.status_code == 403
    assert not ImportRun.objects.exists()
