"""Reading a list of people (a seized target list, a victim list): the people-dedupe
columns, header names in any case, read by the referral importer's readers, so UTF-8 with
or without a byte-order mark, Windows-1252 and Excel workbooks all work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fraudhub.linking.people import PERSON_COLUMNS
from fraudhub.tabular import Row, UnreadableFile, open_rows


class UnreadablePersonList(Exception):
    """The file cannot be read as a person list; the message says what to fix."""


@dataclass(frozen=True)
class PersonRow:
    """One row: its line in the file, its id, and the person columns as typed."""

    number: int
    row_id: str
    values: dict[str, str]


def read_person_list(path: Path) -> list[PersonRow]:
    """Every non-blank row of the file, or UnreadablePersonList saying what is wrong."""
    if not path.is_file():
        raise UnreadablePersonList(f"There is no file at {path}")
    try:
        source = open_rows(path)
        rows = source.rows()
        first = next(rows, None)  # the header is read with the first row
        columns = {str(h or "").strip().lower(): str(h) for h in source.header}
        if "id" not in columns:
            shown = ", ".join(sorted(h for h in columns if h)) or "none"
            raise UnreadablePersonList(
                f"{path.name} has no id column. Columns found: {shown}. "
                f"A person list has these columns (all but id optional): "
                + ", ".join(PERSON_COLUMNS)
            )
        people = [] if first is None else [_person_row(first, columns)]
        people.extend(_person_row(row, columns) for row in rows)
    except UnreadableFile as exc:
        raise UnreadablePersonList(f"{path.name}: {exc}") from exc
    if not people:
        raise UnreadablePersonList(f"{path.name} has a header row but no people in it")
    return people


def _person_row(row: Row, columns: dict[str, str]) -> PersonRow:
    values = {
        column: str(row.values.get(columns[column]) or "").strip()
        for column in PERSON_COLUMNS
        if column in columns
    }
    return PersonRow(row.number, values.get("id") or f"row-{row.number}", values)
