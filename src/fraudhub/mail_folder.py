"""A local email backend for tests and the demo: each message is written to
FRAUDHUB_MAIL_FOLDER as one .eml file, named after the message's reference when it has one
(fraudhub.emails.REFERENCE_HEADER). A message is written whole or not at all (to a
temporary name, then linked into place), and a reference already in the folder is not
written again, so a sender that hands a message over twice after a crash still leaves one
message, as a provider with idempotency keys would."""

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


def file_name(reference: str) -> str:
    return _UNSAFE.sub("_", reference) + ".eml"


class EmailBackend(BaseEmailBackend):
    def __init__(self, folder: str | Path | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.folder = Path(folder or settings.FRAUDHUB_MAIL_FOLDER)

    def send_messages(self, email_messages: Sequence[Message]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            reference = message.extra_headers.get(REFERENCE_HEADER) or uuid.uuid4().hex
            final = self.folder / file_name(reference)
            partial = self.folder / f".{uuid.uuid4().hex}.partial"
            partial.write_bytes(message.message().as_bytes(linesep="\n"))
            try:
                os.link(partial, final)
            except FileExistsError:
                pass  # handed over before: the folder has it already
            finally:
                partial.unlink()
        return len(email_messages)

    def already_sent(self, reference: str) -> bool:
        """Whether the message called `reference` was handed over before."""
        return (self.folder / file_name(reference)).exists()
