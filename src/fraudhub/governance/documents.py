"""Checking the signed copy of a data-sharing agreement: a PDF, found so by its content
(never its name or the browser's word), within the size limit. Plain bytes in, plain
results out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

import filetype

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
WRONG_TYPE = "The signed agreement must be a PDF"
TOO_LARGE = "The signed agreement must be smaller than 10MB"
EMPTY = "The selected file is empty"


class DocumentRefused(ValueError):
    """A file that cannot be kept as the signed agreement, with what to do instead."""


@dataclass(frozen=True)
class CheckedDocument:
    name: str
    content: bytes
    content_type: str = "application/pdf"


def check_document(name: str, content: bytes) -> CheckedDocument:
    """The document to keep, or DocumentRefused saying why not."""
    if not content:
        raise DocumentRefused(EMPTY)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(TOO_LARGE)
    guess = filetype.guess(content[:8192])
    if guess is None or guess.extension != "pdf":
        raise DocumentRefused(WRONG_TYPE)
    shown = PurePath(name.replace("\\", "/")).name.strip()[:255] or "agreement.pdf"
    return CheckedDocument(name=shown, content=content)
