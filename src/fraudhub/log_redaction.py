"""Keeps personal data out of the application's log lines: references, tracking links,
query strings (searches carry names and numbers), email addresses and phone numbers are
masked in every message, Django's request lines included."""

from __future__ import annotations

import logging
import re

REFERENCE = re.compile(r"\bFH-\d{4}-\d{6}\b", re.IGNORECASE)
TRACKING_LINK = re.compile(r"/track/[^/\s\"?]+(?:/[^/\s\"?]+)?/?")
QUERY = re.compile(r"\?[^\s\"]*=[^\s\"]*")
EMAIL = re.compile(r"[^\s@\"<>(),;:]+@[^\s@\"'<>(),;:]+\.[^\s@\"'<>(),;:]+")
# Seven or more digits, perhaps with spaces, dots, hyphens or a leading +: a phone number,
# an account number or a card number.
LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-]?\d){6,}")


def redact(text: str) -> str:
    """The text with personal data replaced by what it was ("[reference]", ...)."""
    text = TRACKING_LINK.sub("/track/[tracking link]/", text)
    text = QUERY.sub("?[query]", text)
    text = REFERENCE.sub("[reference]", text)
    text = EMAIL.sub("[email]", text)
    return LONG_NUMBER.sub("[number]", text)


def _redact_arg(value: object) -> object:
    """A message argument, masked; numbers, and text of digits alone (a status code, a
    size, a count), are left as they are."""
    if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
        return value
    return redact(str(value))


class RedactPersonalData(logging.Filter):
    """A logging filter for every handler: rewrites the message, its arguments and any
    traceback's text, and never drops a line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True
