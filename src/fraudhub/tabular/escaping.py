"""Safe CSV writing: a cell that a spreadsheet would run as a formula is written as text,
so an export opened in Excel cannot run what a scammer typed into a report."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
