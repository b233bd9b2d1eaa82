"""Reading a Fraud Hub reference as people type it: "FH-2026-000299", "fh 2026 299",
"FH2026000299". Searches try this first, so a reference is never read as a phone number."""

from __future__ import annotations

import re

_REFERENCE = re.compile(r"^\s*FH[\s\-./]*(\d{4})[\s\-./]*(\d{1,6})\s*$", re.IGNORECASE)


def read_reference(typed: str) -> str | None:
    """The reference in its stored form, or None if the text is not one."""
    match = _REFERENCE.match(typed or "")
    if match is None:
        return None
    year, number = match.groups()
    return f"FH-{year}-{int(number):06d}"
