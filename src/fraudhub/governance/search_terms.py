"""What the audit log keeps of a search: enough for a data protection officer to find who
searched for a person, no more of that person than needed. A reference, a scam type or a
date is kept as typed; a name, a postcode or free text is kept as keyed fingerprints of
its words (and a postcode's district), so the log never holds a victim's name, yet
typing the same name on the officer's search finds the searches for it
(docs/decisions/0010-tamper-evident-audit.md)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.crypto import salted_hmac

SALT = "fraudhub.audit.search-term"
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def words(text: str) -> list[str]:
    """The words of a name or phrase, case and accents folded, apostrophes dropped, so
    "O'Neil", "oneil" and "ONEIL" are one word."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [re.sub(r"['’-]", "", w) for w in _WORD.findall(folded)]


def fingerprint(word: str) -> str:
    """A keyed hash of one folded word: the same word always gives the same fingerprint,
    and without the service's secret key no one can test guesses against the log."""
    return salted_hmac(SALT, word, algorithm="sha256").hexdigest()[:20]


def fingerprints(text: str) -> list[str]:
    """Fingerprints of each distinct word of `text`, in order."""
    seen: list[str] = []
    for word in words(text):
        made = fingerprint(word)
        if made not in seen:
            seen.append(made)
    return seen


def personal(text: str) -> dict[str, Any]:
    """A term that may name or locate a person: its fingerprints and how many words it had."""
    found = fingerprints(text)
    return {"words": len(found), "fingerprints": found} if found else {}


def describe(
    *, kept: dict[str, Any] | None = None, hidden: dict[str, str] | None = None
) -> dict[str, Any]:
    """A search for the audit log: `kept` terms as typed (references, scam types, dates,
    choices), `hidden` terms (names, postcodes, free text) as fingerprints. Empty terms
    are left out."""
    described: dict[str, Any] = {k: v for k, v in (kept or {}).items() if v not in ("", None)}
    for name, text in (hidden or {}).items():
        if text and text.strip():
            described[name] = personal(text)
    return described
