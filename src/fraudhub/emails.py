"""Every email the hub sends goes through `send`, so each has one name, one set of words
and one way of being sent. A message called NAME has three templates:
emails/NAME-subject.txt, emails/NAME-body.txt and emails/NAME-body.html (plain GOV.UK style:
no images, no scripts). `send` renders them at once and queues the sending as a task; a
sending that fails is tried again, MAX_ATTEMPTS times in all, waiting longer each time.

Each message queued and each attempt is announced (`queued`, `attempted`) without saying
who to: governance records them (so staff can see the emails that failed), and this
module, below every app, knows nothing of it."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from fraudhub.hub import hub_details

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# How long to wait after a failed attempt before the next (a backend that cannot run work
# later, as in tests, tries again at once).
BACK_OFF = (timedelta(minutes=1), timedelta(minutes=15))
SUBJECT_LIMIT = 150

# keyword arguments: key, name, recipients (masked), reference, link
queued = Signal()
# keyword arguments: key, attempt (1, 2, ...), error ("" when it was sent), final (no
# attempt follows: it was sent, or this was the last try)
attempted = Signal()


def mask(address: str) -> str:
    """An email address as staff see it in lists: the first letter and the domain
    (j•••@example.com), so a failure can be recognised without showing the address."""
    local, at, domain = address.strip().rpartition("@")
    if not at or not local:
        return "•••"
    return f"{local[0]}•••@{domain}"


def render(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """The subject, text and HTML of the message called `name`, with the hub's details
    (`hub`) for the signature."""
    values = {"hub": hub_details(), **context}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", values).split())
    # A template file's own last line break is not part of the message.
    text = render_to_string(f"emails/{name}-body.txt", values).removesuffix("\n")
    html = render_to_string(f"emails/{name}-body.html", values)
    return subject[:SUBJECT_LIMIT], text, html


# The header naming a message for its backend, the same at every attempt: a backend that
# can (fraudhub.mail_folder, fraudhub.notify) recognises a message it was handed before.
REFERENCE_HEADER = "X-Fraudhub-Reference"
# A message as email backends are handed it (for the backends on this floor).
Message = EmailMessage


def open_connection(backend: str = "") -> BaseEmailBackend:
    """A connection to the email backend `backend` (a dotted path; "" for EMAIL_BACKEND),
    for sending many messages over one connection. Scam alerts go this way, not through
    `send`: they go to thousands of subscribers, each message with its own delivery record
    and claim so it is sent once (prevention's sending), which one task a message cannot
    give. A failure raises."""
    return get_connection(backend or None)


def _message_id_domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "fraudhub.invalid"


def compose(
    *, to: str, subject: str, text: str, html: str, reference: str, headers: Mapping[str, str]
) -> EmailMultiAlternatives:
    """One rendered message to `to`, named `reference` (its Message-ID is made from it, so
    mail programs that see it twice show it once), with extra `headers`."""
    domain = _message_id_domain()
    message = EmailMultiAlternatives(
        subject=subject[:SUBJECT_LIMIT],
        body=text,
        to=[to],
        headers={"Message-ID": f"<{reference}@{domain}>", REFERENCE_HEADER: reference, **headers},
    )
    message.attach_alternative(html, "text/html")
    return message


class _Built:
    """A message's MIME text made already, as email backends ask for it."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:
        return self.raw if linesep == "\n" else self.raw.replace(b"\n", linesep.encode())

    def as_string(self, unixfrom: bool = False, linesep: str = "\n") -> str:
        return self.as_bytes(linesep=linesep).decode("utf-8", "replace")

    def get_charset(self) -> None:
        """No charset of the whole message (its parts carry theirs): Django's console
        backend asks, and then decodes the bytes as UTF-8."""
        return None


class _Copy(EmailMultiAlternatives):
    """One recipient's copy of a message built once for many (`Mould`): backends that send
    its bytes (SMTP, the local folder) get them without building them again; others read
    its subject, text and headers as usual."""

    def __init__(self, raw: bytes, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._built = _Built(raw)

    def message(self) -> Any:
        return self._built


class Mould:
    """A message to many recipients, each copy differing only by placeholders in its text,
    HTML and headers (an address, a token, a reference): its MIME text is made once and
    each copy's by replacing the placeholders, many times faster than building each
    message whole. When the encoding of the text would split a placeholder (a line too
    long for email), each copy is built whole instead."""

    RECIPIENT = "recipient@placeholder.invalid"

    def __init__(
        self, *, subject: str, text: str, html: str, reference: str, headers: Mapping[str, str]
    ) -> None:
        self.subject, self.text, self.html = subject, text, html
        self.reference, self.headers = reference, dict(headers)
        made = compose(
            to=self.RECIPIENT,
            subject=subject,
            text=text,
            html=html,
            reference=reference,
            headers=headers,
        )
        self.raw = made.message().as_bytes(linesep="\n")
        self._usable: dict[tuple[str, ...], bool] = {}

    def usable(self, placeholders: Sequence[str]) -> bool:
        """Whether every placeholder stands whole in the MIME text as often as in the parts
        (the reference twice: in the Message-ID and in its own header)."""
        key = tuple(placeholders)
        if key not in self._usable:
            parts = [self.text, self.html, *self.headers.values()]
            self._usable[key] = all(
                self.raw.count(p.encode())
                == sum(part.count(p) for part in parts) + 2 * self.reference.count(p)
                for p in placeholders
            )
        return self._usable[key]

    def copy_for(self, to: str, values: Mapping[str, str]) -> EmailMultiAlternatives:
        """The message to `to`, each placeholder replaced by its value in `values`."""

        def fill(text: str) -> str:
            for placeholder, value in values.items():
                text = text.replace(placeholder, value)
            return text

        kwargs: dict[str, Any] = {
            "subject": self.subject[:SUBJECT_LIMIT],
            "body": fill(self.text),
            "to": [to],
            "alternatives": [(fill(self.html), "text/html")],
        }
        reference = fill(self.reference)
        headers = {name: fill(value) for name, value in self.headers.items()}
        if not to.isascii() or not self.usable(list(values)):
            return compose(
                to=to,
                subject=self.subject,
                text=kwargs["body"],
                html=kwargs["alternatives"][0][0],
                reference=reference,
                headers=headers,
            )
        raw = self.raw.replace(self.RECIPIENT.encode(), to.encode())
        for placeholder, value in values.items():
            raw = raw.replace(placeholder.encode(), value.encode())
        domain = _message_id_domain()
        kwargs["headers"] = {
            "Message-ID": f"<{reference}@{domain}>",
            REFERENCE_HEADER: reference,
            **headers,
        }
        return _Copy(raw, **kwargs)


def send(
    name: str,
    to: str | Iterable[str],
    context: Mapping[str, Any],
    *,
    reference: str = "",
    link: str = "",
) -> str:
    """Queue the message called `name` to `to` (an address or several), about the record
    `reference` (whose staff page is at `link`); returns the message's key. Inside a
    transaction, call it from `transaction.on_commit`, so nothing is sent for a change that
    is rolled back."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject, text, html = render(name, context)
    key = uuid.uuid4().hex
    queued.send(
        sender=None,
        key=key,
        name=name,
        recipients=[mask(r) for r in recipients],
        reference=reference,
        link=link,
    )
    deliver_task.enqueue(key=key, to=recipients, subject=subject, text=text, html=html)
    return key


def _without_addresses(error: str, recipients: list[str]) -> str:
    """A backend's error as it may be kept: the addresses in it masked."""
    for address in recipients:
        error = error.replace(address, mask(address))
    return error


@task()
def deliver_task(
    *, key: str, to: list[str], subject: str, text: str, html: str, attempt: int = 1
) -> bool:
    """Send one rendered message; if the email backend fails, book the next attempt, or
    after the last one give up and say so. Returns whether it was sent."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as exc:  # any backend's failure: SMTP, the network, a provider
        final = attempt >= MAX_ATTEMPTS
        error = _without_addresses(f"{type(exc).__name__}: {exc}", to)
        attempted.send(sender=None, key=key, attempt=attempt, error=error, final=final)
        if final:
            logger.error("Email %s failed after %d attempts: %s", key, attempt, error)
            return False
        logger.warning("Email %s failed (attempt %d), trying again: %s", key, attempt, error)
        retry = deliver_task
        if deliver_task.get_backend().supports_defer:
            retry = deliver_task.using(run_after=timezone.now() + BACK_OFF[attempt - 1])
        retry.enqueue(key=key, to=to, subject=subject, text=text, html=html, attempt=attempt + 1)
        return False
    attempted.send(sender=None, key=key, attempt=attempt, error="", final=True)
    return True
