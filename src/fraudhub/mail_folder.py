"""A local email backend for tests and the demo: each message handed over is written to
FRAUDHUB_MAIL_FOLDER as one .eml file, whole or not at all (written under a temporary name,
then renamed), so messages can be counted. A message's file name starts with its reference
(fraudhub.emails.REFERENCE_HEADER) when it has one, and `already_sent` answers whether a
reference was handed over before, as a provider such as GOV.UK Notify can. It never refuses
a second hand-over itself: a message sent twice shows as two files."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from fraudhub.emails import REFERENCE_HEADER, Message

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
SEPARATOR = "--"


def _stem(reference: str) -> str:
    return _UNSAFE.sub("_", reference)


class EmailBackend(BaseEmailBackend):
    def __init__(self, folder: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = Path(folder or settings.FRAUDHUB_MAIL_FOLDER)

    def send_messages(self, email_messages: Sequence[Message]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            reference = message.extra_headers.get(REFERENCE_HEADER) or "message"
            name = f"{_stem(reference)}{SEPARATOR}{uuid.uuid4().hex}"
            partial = self.folder / f".{name}.partial"
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            os.replace(partial, self.folder / f"{name}.eml")
        return len(email_messages)

    def already_sent(self, reference: str) -> bool:
        """Whether a message called `reference` was handed over before."""
        return any(self.folder.glob(f"{_stem(reference)}{SEPARATOR}*.eml"))
