"""The generic referral CSV: UTF-8 (with or without a byte-order mark) or Windows-1252,
header names in any case and order, quoted fields that hold newlines."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from . import Row, UnreadableFile

CHUNK = 1 << 20


def detect_encoding(path: Path) -> str:
    """UTF-8 when every byte decodes as UTF-8 (checked in chunks), else Windows-1252,
    which is what Excel on Windows writes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


class _Dialect(csv.excel):
    """Excel's rules (a doubled quote inside a quoted field is one quote) with the
    delimiter the header row uses."""


def _dialect(header_line: str) -> type[csv.Dialect]:
    """Only the delimiter is taken from csv.Sniffer: it can also guess doublequote=False,
    which splits a field holding "" into an extra column without an error."""
    try:
        delimiter = csv.Sniffer().sniff(header_line, delimiters=",;\t|").delimiter
    except csv.Error:
        return csv.excel
    if delimiter == ",":
        return csv.excel
    return type("_Dialect", (_Dialect,), {"delimiter": delimiter})


class _Counting(io.RawIOBase):
    """Counts bytes read, for the progress bar."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self.raw.readinto(buffer)
        self.count += n or 0
        return n or 0


class CsvRows:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise UnreadableFile(f"There is no file at {path}")
        self.total_bytes = path.stat().st_size
        self.encoding = detect_encoding(path)
        self._counter: _Counting | None = None
        self.header: list[str] = []
        sample = self._open_text()
        try:
            first = sample.readline()
        finally:
            sample.close()
        if not first.strip():
            raise UnreadableFile("The file is empty: it needs a header row naming the columns")
        if "\x00" in first:
            raise UnreadableFile("This does not look like a CSV file (it has binary content)")
        self.dialect = _dialect(first)

    def _open_text(self) -> io.TextIOWrapper:
        counter = _Counting(self.path.open("rb"))  # noqa: SIM115 - closed with the wrapper
        self._counter = counter
        return io.TextIOWrapper(
            io.BufferedReader(counter), encoding=self.encoding, errors="replace", newline=""
        )

    def bytes_done(self) -> int:
        return self._counter.count if self._counter else 0

    def rows(self) -> Iterator[Row]:
        text = self._open_text()
        try:
            reader = csv.reader(text, self.dialect)
            try:
                self.header = next(reader)
            except StopIteration:
                return
            width = len(self.header)
            for number, record in enumerate(reader, start=2):
                if not any(cell.strip() for cell in record):
                    continue
                if len(record) > width:
                    extra = {
                        f"column_{i + 1}": v for i, v in enumerate(record[width:], start=width)
                    }
                else:
                    extra = {}
                padded = record[:width] + [""] * (width - len(record))
                values: dict[str, object] = dict(zip(self.header, padded, strict=True))
                values.update(extra)
                yield Row(number, values)
        except csv.Error as exc:
            raise UnreadableFile(f"The file could not be read as CSV: {exc}") from exc
        finally:
            text.close()
