"""Letters about a claim, from the administrators' templates, with an evidence pack: Word
that opens, PDF with the reference in it, names no built-in font can write kept from
failing the letter, the vulnerability statement only with the victim's consent to share,
and the file kept on the case for its team's staff alone."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fraudhub.casework.models import Bank, Case, Claim, MessageTemplate, RecoveryLetter
from fraudhub.casework.recovery_letters import latin_1
from fraudhub.casework.services.edits import Edit
from fraudhub.casework.services.payments import write_letter
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person
from fraudhub.reports.services import add_update

from ..factories import (
    make_case,
    move_claim,
    open_claim,
    record_payment,
    sign_in,
    staff_user,
    victim_named,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield


def _claim(manager: User, **victim: str) -> Claim:
    person = PersonInput(
        first_name=victim.get("first_name", "Margaret"),
        last_name=victim.get("last_name", "Hughes"),
        postcode="AL1 3EJ",
        consent_to_contact=True,
        consent_to_share=victim.get("share", "yes") == "yes",
    )
    case = make_case(victim=person)
    claim = open_claim(case, [record_payment(case, manager)], manager)
    move_claim(claim, "lodged", manager)
    return claim


def _write(claim: Claim, manager: User, kind: str, format: str) -> RecoveryLetter:
    case = Case.objects.get(pk=claim.case_id)
    return write_letter(
        edit=Edit(case=case, version=case.version, actor=manager),
        claim=claim,
        kind=kind,
        format=format,
    )


def _docx_text(letter: RecoveryLetter) -> str:
    document = docx.Document(io.BytesIO(letter.file.read()))
    text = [p.text for p in document.paragraphs]
    text += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(text)


@pytest.mark.parametrize("kind", ["claim", "complaint", "ombudsman"])
def test_each_letter_opens_in_word_with_its_evidence_pack(manager: User, kind: str) -> None:
    claim = _claim(manager)
    reference = claim.case.reports.get().reference
    text = _docx_text(_write(claim, manager, kind, "docx"))
    assert reference in text
    assert "Margaret Hughes" in text and "Barclays" in text
    assert "Evidence pack" in text and "What happened" in text
    assert "£4,000.00" in text and "Faster Payment (bank transfer)" in text  # payments table
    assert "Claim lodged with Barclays" in text  # the timeline


@pytest.mark.parametrize("kind", ["claim", "complaint", "ombudsman"])
def test_each_letter_is_a_pdf_with_the_reference(manager: User, kind: str) -> None:
    claim = _claim(manager)
    reference = claim.case.reports.get().reference or ""
    content = _write(claim, manager, kind, "pdf").file.read()
    assert content.startswith(b"%PDF")
    assert reference.encode() in content


def test_a_welsh_name_and_an_emoji_do_not_fail_the_pdf(manager: User) -> None:
    claim = _claim(manager, first_name="Siân 🌼", last_name="Llŷr-Gwŵr")
    content = _write(claim, manager, "claim", "pdf").file.read()
    assert content.startswith(b"%PDF")
    assert "Siân ? Llyr-Gwwr".encode("latin-1") in content
    text = _docx_text(_write(claim, manager, "claim", "docx"))
    assert "Siân 🌼 Llŷr-Gwŵr" in text  # Word keeps every character


def test_latin_1_keeps_the_pound_sign_and_replaces_what_it_cannot_write() -> None:
    assert latin_1("£4,000.00 – ‘Siân’ Llŷr 🌼") == "£4,000.00 - 'Siân' Llyr ?"


def test_the_vulnerability_statement_only_with_consent_to_share(manager: User) -> None:
    shared = _claim(manager)
    Person.objects.filter(pk=shared.case.victim_id).update(vulnerability_indicators=["cognitive"])
    assert "cognitive impairment or dementia" in _docx_text(
        _write(shared, manager, "claim", "docx")
    )
    private = _claim(manager, first_name="Eleri", share="no")
    Person.objects.filter(pk=private.case.victim_id).update(vulnerability_indicators=["cognitive"])
    text = _docx_text(_write(private, manager, "claim", "docx"))
    assert "dementia" not in text and "vulnerable" not in text


def test_the_words_come_from_the_editable_template(manager: User) -> None:
    MessageTemplate.objects.filter(slug="claim-letter").update(
        body="To {{ bank }}: please repay {{ amount_claimed }} to {{ victim_name }}."
    )
    text = _docx_text(_write(_claim(manager), manager, "claim", "docx"))
    assert "To Barclays: please repay £4,000.00 to Margaret Hughes." in text


def test_the_letter_is_kept_on_the_case_and_downloaded_by_its_staff(
    manager: User, manager_client: Client, client: Client
) -> None:
    claim = _claim(manager)
    response = manager_client.post(
        reverse("casework:claim_letter", args=[claim.case_id, claim.pk]),
        {
            "version": str(Case.objects.get(pk=claim.case_id).version),
            "kind": "claim",
            "format": "pdf",
        },
    )
    assert response.status_code == 302
    letter = RecoveryLetter.objects.get(claim=claim)
    url = reverse("casework:recovery_letter", args=[claim.case_id, letter.pk])
    assert (
        url in manager_client.get(reverse("casework:money", args=[claim.case_id])).content.decode()
    )
    download = manager_client.get(url)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    analyst = sign_in(Client(), staff_user("analyst", role="Analyst"))
    assert analyst.get(url).status_code == 403
    other_case = make_case(victim=victim_named("Edna"))
    assert (
        manager_client.get(
            reverse("casework:recovery_letter", args=[other_case.pk, letter.pk])
        ).status_code
        == 404
    )


def test_the_evidence_pack_leaves_out_the_tracking_page_and_other_banks_claims(
    manager: User,
) -> None:
    claim = _claim(manager, share="no")
    case = Case.objects.get(pk=claim.case_id)
    other_bank = record_payment(case, manager, bank=Bank.objects.get(name="HSBC UK"))
    move_claim(open_claim(case, [other_bank], manager), "lodged", manager)
    add_update(
        report=case.reports.get(),
        text="We have asked Age UK to visit you about your memory problems.",
        actor=manager,
    )
    text = _docx_text(_write(claim, manager, "claim", "docx"))
    assert "Claim lodged with Barclays" in text
    assert "HSBC" not in text
    assert "memory problems" not in text and "Age UK" not in text
