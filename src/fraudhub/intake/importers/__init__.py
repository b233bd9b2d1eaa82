"""Readers for partner files, one module per format. Each streams rows, so memory stays
flat however large the file, and reports how far through the file it is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class UnreadableFile(Exception):
    """The file is not a referral file this product can read; the message says why."""


@dataclass
class Row:
    number: int
    values: dict[str, object]


class RowSource(Protocol):
    header: list[str]
    total_bytes: int

    def rows(self) -> Iterator[Row]: ...

    def bytes_done(self) -> int: ...


def open_rows(path: str | Path) -> RowSource:
    """A reader for the file: Excel workbooks by their .xlsx name, anything else as CSV."""
    from . import generic_csv, xlsx

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return xlsx.XlsxRows(path)
    return generic_csv.CsvRows(path)
