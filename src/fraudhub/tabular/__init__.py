"""Tabular files read a row at a time, one module per format (CSV, Excel), for every app
that takes a spreadsheet: partners' referral files, seized target lists, victim lists.
Each streams rows, so memory stays flat however large the file, and reports how far
through the file it is. `escaping` writes CSV cells a spreadsheet will not run."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


class UnreadableFile(Exception):
    """The file is not a spreadsheet this product can read; the message says why."""


@dataclass(frozen=True)
class RowProblem:
    """Something wrong with a row as the file holds it (too many values, a quote never
    closed, a byte that is not text), found while reading it: the row is quarantined.
    `fields` names the columns at fault, when the problem is in some and not the row."""

    message: str
    fields: tuple[str, ...] = ()


@dataclass
class Row:
    number: int
    values: dict[str, object]
    problems: list[RowProblem] = field(default_factory=list)


class RowSource(Protocol):
    header: list[str]
    total_bytes: int
    encoding: str

    def rows(self) -> Iterator[Row]: ...

    def bytes_done(self) -> int: ...


def open_rows(path: str | Path) -> RowSource:
    """A reader for the file: Excel workbooks by their .xlsx name, anything else as CSV."""
    from . import generic_csv, xlsx

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return xlsx.XlsxRows(path)
    return generic_csv.CsvRows(path)
