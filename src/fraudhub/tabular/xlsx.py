"""Excel workbooks (.xlsx) in the same layout as the CSV: the first sheet, a header row.

A workbook is a zip file. Before anything is decompressed, its directory is checked: how
many parts it has, how large they say they are once decompressed and how much each is
compressed, so a small file that would expand to gigabytes (a "zip bomb") is refused
cleanly instead of filling the worker's memory. The sizes a zip file declares can be
trusted for this: Python's zipfile never gives more bytes than the part declares (it fails
the part's checksum instead)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

from . import Row, UnreadableFile

WORKBOOK = "xlsx"
# An Excel workbook has a few dozen parts, each listed in a directory of a few kilobytes.
MAX_PARTS = 1_000
MAX_DIRECTORY_BYTES = 1 << 20
# Decompressed, a full sheet of a million referral rows is about 1.5 GB of XML.
MAX_UNCOMPRESSED_BYTES = 2 << 30
# Excel's XML compresses 5 to 30 times; a zip bomb, 1,000 times. Small parts (under 1 MB
# decompressed) may compress as much as they like.
MAX_RATIO = 200
RATIO_CHECKED_FROM = 1 << 20
_END_OF_DIRECTORY = b"PK\x05\x06"
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def _directory_size(path: Path) -> tuple[int, int]:
    """The number of parts and the size of the zip's directory, from its last 64 KB: read
    before Python's zipfile reads the whole directory into memory."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - (1 << 16) - 22))
        tail = handle.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        raise UnreadableFile(
            "The file could not be opened as an Excel workbook: it is not a zip file. Save it "
            "from Excel as an Excel Workbook (.xlsx) or as CSV, without a password"
        )
    _, _, _, _, parts, directory_bytes, _, _ = struct.unpack("<4sHHHHIIH", tail[at : at + 22])
    return parts, directory_bytes


def check_workbook(path: Path) -> None:
    """Refuse a workbook that would decompress to more than the limits allow, or one that
    is not a zip file at all, saying which, without decompressing anything."""
    parts, directory_bytes = _directory_size(path)
    if parts > MAX_PARTS or directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnreadableFile(
            f"This workbook has {parts:,} parts in it; an Excel workbook has a few dozen. It "
            "was not imported: save it again from Excel, or save the sheet as CSV"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"The file could not be opened as an Excel workbook: {exc}. Save it again from "
            "Excel as an Excel Workbook (.xlsx), or as CSV"
        ) from exc
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableFile(
            f"This workbook would take {_mb(total)} once decompressed, more than the "
            f"{_mb(MAX_UNCOMPRESSED_BYTES)} an import reads. It was not imported: split it "
            "into smaller files, or save it as CSV"
        )
    for member in members:
        if member.compress_type not in _COMPRESSIONS:
            raise UnreadableFile(
                f"Part {member.filename[:80]} of this workbook is compressed in a way Excel "
                "does not use. It was not imported: save it again from Excel"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise UnreadableFile(
                f"Part {member.filename[:80]} of this workbook is {member.compress_size:,} "
                f"bytes but would take {_mb(member.file_size)} once decompressed ({ratio:,.0f} "
                f"times larger; Excel's own files are at most {MAX_RATIO} times). This is how "
                "a file made to exhaust a server's memory looks, so it was not imported. If "
                "it is a real referral file, save it as CSV and send that"
            )


class XlsxRows:
    encoding = WORKBOOK

    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise UnreadableFile(f"There is no file at {path}")
        self.total_bytes = path.stat().st_size
        self.header: list[str] = []
        self._rows_done = 0
        self._rows_total = 0
        check_workbook(path)
        try:
            self.workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
            raise UnreadableFile(
                f"The file could not be opened as an Excel workbook: {_reason(exc)}. Save it "
                "again from Excel as an Excel Workbook (.xlsx), or as CSV"
            ) from exc
        if not self.workbook.worksheets:
            self.workbook.close()
            raise UnreadableFile(
                "This workbook has no sheets to read. Put the referrals on the first sheet, "
                "with the column names in row 1"
            )
        self.sheet = self.workbook.worksheets[0]
        try:
            self._rows_total = self.sheet.max_row or 0
        except Exception:  # a damaged sheet shows itself when its rows are read
            self._rows_total = 0

    def bytes_done(self) -> int:
        if not self._rows_total:
            return 0
        return int(self.total_bytes * min(1.0, self._rows_done / self._rows_total))

    def rows(self) -> Iterator[Row]:
        try:
            yield from self._rows()
        except UnreadableFile:
            raise
        except Exception as exc:  # damaged sheet XML, a part missing from the zip...
            where = f"after row {self._rows_done}" if self._rows_done else "at its first row"
            raise UnreadableFile(
                f"The workbook's first sheet could not be read {where}: {_reason(exc)}. Save "
                "it again from Excel, or save the sheet as CSV"
            ) from exc
        finally:
            self.workbook.close()

    def _rows(self) -> Iterator[Row]:
        records = self.sheet.iter_rows(values_only=True)
        try:
            self.header = ["" if h is None else str(h) for h in next(records)]
        except StopIteration:
            return
        self._rows_done = 1
        for number, record in enumerate(records, start=2):
            self._rows_done = number
            if not any(v not in (None, "") for v in record):
                continue
            cells = list(record) + [None] * (len(self.header) - len(record))
            names = self.header + [f"column_{i + 1}" for i in range(len(self.header), len(cells))]
            values: dict[str, object] = {
                name: ("" if v is None else v) for name, v in zip(names, cells, strict=True)
            }
            yield Row(number, values)


def _reason(exc: Exception) -> str:
    """What went wrong, in the words of the library that read it, kept short."""
    text = str(exc).strip() or type(exc).__name__
    return text[:200]
