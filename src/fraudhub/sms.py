"""Text messages, through a backend an operator chooses (`SMS_BACKEND`), like Django's
email backends: the console for the demo, an outbox in memory for tests, or a provider
such as GOV.UK Notify added as another backend. Callers record that a message was sent;
the message itself (which may hold a private link) is never logged."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    to: str  # E.164, like +447700900123
    body: str


class SmsBackend(Protocol):
    def send(self, message: TextMessage) -> None: ...


class ConsoleBackend:
    """Writes each message to standard output, as Django's console email backend does."""

    def send(self, message: TextMessage) -> None:
        sys.stdout.write(f"Text message to {message.to}\n{message.body}\n{'-' * 40}\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemBackend:
    """Keeps messages in `fraudhub.sms.outbox`, for tests."""

    def send(self, message: TextMessage) -> None:
        outbox.append(message)


def send_text(*, to: str, body: str) -> None:
    """Send one text message through the configured backend."""
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(TextMessage(to=to, body=body))
