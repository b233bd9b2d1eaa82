"""A control character pasted into a payment's details (a merchant's name copied from a
bank statement) does not stop a letter being written: Word files cannot hold one, so it
is left out and the rest of the text kept."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from django.contrib.auth.models import User

from fraudhub.casework.models import Case
from fraudhub.casework.services.edits import Edit
from fraudhub.casework.services.payments import write_letter

from ..factories import make_case, open_claim, record_payment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield


@pytest.mark.parametrize("format", ["docx", "pdf"])
def test_a_control_character_in_a_payment_does_not_fail_the_letter(
    manager: User, format: str
) -> None:
    case = make_case()
    payment = record_payment(
        case,
        manager,
        method="debit_card",
        card_merchant="Quick\x0bParcels\x1b Ltd",
        payee_sort_code="",
        payee_account="",
    )
    claim = open_claim(case, [payment], manager, route="chargeback")
    case = Case.objects.get(pk=case.pk)
    letter = write_letter(
        edit=Edit(case=case, version=case.version, actor=manager),
        claim=claim,
        kind="claim",
        format=format,
    )
    content = letter.file.read()
    if format == "docx":
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        assert "QuickParcels Ltd" in cells
    else:
        assert content.startswith(b"%PDF")
