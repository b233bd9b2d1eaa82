"""The generic referral CSV: UTF-8 (with or without a byte-order mark) or Windows-1252,
header names in any case and order, quoted fields that hold newlines.

A row that does not fit the header is never guessed at: a row with more or fewer values
than the header has columns, a quote that is never closed (which would swallow the rows
after it), and, in a UTF-8 file, a byte that is not UTF-8, each make the row quarantined
with the reason, and the rows around it are read as usual."""

from __future__ import annotations

import codecs
import csv
import io
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import Row, RowProblem, UnreadableFile

CHUNK = 1 << 20
UTF8 = "utf-8"
WINDOWS_1252 = "windows-1252"
UTF8_DAMAGED = "utf-8-damaged"  # UTF-8 text with some bytes that are not UTF-8

# A quoted value may hold line breaks, but a record running over this many lines is taken
# to be a quote that was never closed.
MAX_RECORD_LINES = 1_000
# Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252.
_NOT_IN_WINDOWS_1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# A byte that is not UTF-8 is read as a character of Unicode's private use area (U+F780 to
# U+F7FF for bytes 80 to FF), so the row holding it can be found and quarantined.
_BAD_BYTE_BASE = 0xF700
_BAD_BYTE = re.compile("[\uf780-\uf7ff]")
_UTF8_CHARACTER = re.compile("[^\x00-\x7f\uf780-\uf7ff]")
_ERROR_HANDLER = "fraudhub-mark-bad-bytes"
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


_marked = threading.local()  # how many bad bytes this thread's decoding has marked


def _mark_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    _marked.count = getattr(_marked, "count", 0) + len(bad)
    return "".join(chr(_BAD_BYTE_BASE + b) for b in bad), error.end


codecs.register_error(_ERROR_HANDLER, _mark_bad_bytes)


@dataclass(frozen=True)
class Encoding:
    """How a file's bytes are read as text, and what the import says about it."""

    name: str  # UTF8, WINDOWS_1252 or UTF8_DAMAGED
    codec: str
    errors: str


def detect_encoding(path: Path) -> Encoding:
    """UTF-8 when every byte decodes as UTF-8. Windows-1252 (what Excel on Windows writes)
    only when the whole file fits it: no byte it leaves undefined, and no character written
    the UTF-8 way, which a Windows-1252 file would hold only by a rare accident. Anything
    else is UTF-8 with some bytes that are not: "Zoë" stays "Zoë", and each row holding a
    bad byte is quarantined. Checked in chunks, so memory stays flat."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors=_ERROR_HANDLER)
    utf8_characters = False
    fits_1252 = True
    _marked.count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            before = _marked.count
            text = decoder.decode(chunk)
            if not utf8_characters and not text.isascii():
                utf8_characters = _marked.count == before or bool(_UTF8_CHARACTER.search(text))
            fits_1252 = fits_1252 and not any(b in chunk for b in _NOT_IN_WINDOWS_1252)
        decoder.decode(b"", final=True)
    if not _marked.count:
        return Encoding(UTF8, "utf-8-sig", "strict")
    if fits_1252 and not utf8_characters:
        return Encoding(WINDOWS_1252, "cp1252", "strict")
    return Encoding(UTF8_DAMAGED, "utf-8-sig", _ERROR_HANDLER)


def bad_byte_problems(values: dict[str, object]) -> list[RowProblem]:
    """Each value holding a byte that is not UTF-8, which is replaced by U+FFFD (shown as
    �) in the value kept; the problem names the byte and what it is in Windows-1252."""
    problems: list[RowProblem] = []
    for name, value in list(values.items()):
        if not isinstance(value, str) or not _BAD_BYTE.search(value):
            continue
        found = [ord(ch) - _BAD_BYTE_BASE for ch in _BAD_BYTE.findall(value)]
        described = ", ".join(
            f"{b:02X} (‘{bytes([b]).decode('cp1252', errors='replace')}’ in Windows-1252)"
            for b in dict.fromkeys(found)
        )
        values[name] = _BAD_BYTE.sub("\ufffd", value)
        problems.append(
            RowProblem(
                f"{_column_words(name)} has a character that could not be read, shown as �: "
                f"the file has the byte {described} there, which is not UTF-8. "
                "Type the right character in its place",
                fields=(name,),
            )
        )
    return problems


def _column_words(name: str) -> str:
    words = re.sub(r"[\s_\-]+", " ", name.strip()).strip()
    return (words[:1].upper() + words[1:]) if words else "A value"


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


class _RunOn(Exception):
    """A record has run over more lines than a quoted value plausibly holds."""


class _LineFeed:
    """The file's lines, handed to csv.reader one at a time. It remembers the lines of the
    record being read, so a record that an unclosed quote ran on into the rows after it
    can be given back and read again, line by line."""

    def __init__(self, text: Iterator[str]) -> None:
        self._text = text
        self._back: deque[str] = deque()
        self.taken: list[str] = []
        self.ran_out = False  # the file ended inside a quoted value

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self._back:
            line = self._back.popleft()
        else:
            try:
                line = next(self._text)
            except StopIteration:
                self.ran_out = bool(self.taken)
                raise
        self.taken.append(line)
        if len(self.taken) > MAX_RECORD_LINES:
            raise _RunOn
        return line

    def start_record(self) -> None:
        self.taken = []
        self.ran_out = False

    def give_back(self, lines: list[str]) -> None:
        self._back.extendleft(reversed(lines))


class CsvRows:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise UnreadableFile(f"There is no file at {path}")
        self.total_bytes = path.stat().st_size
        self._encoding = detect_encoding(path)
        self.encoding = self._encoding.name
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
            io.BufferedReader(counter),
            encoding=self._encoding.codec,
            errors=self._encoding.errors,
            newline="",
        )

    def bytes_done(self) -> int:
        return self._counter.count if self._counter else 0

    def rows(self) -> Iterator[Row]:
        text = self._open_text()
        try:
            yield from self._rows(_LineFeed(text))
        finally:
            text.close()

    def _rows(self, feed: _LineFeed) -> Iterator[Row]:
        reader = csv.reader(feed, self.dialect)
        try:
            self.header = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(f"The header row could not be read as CSV: {exc}") from exc
        width = len(self.header)
        named = width - next((i for i, h in enumerate(reversed(self.header)) if h.strip()), 0)
        number = 1
        while True:
            feed.start_record()
            failure = ""
            try:
                record = next(reader)
            except StopIteration:
                return
            except (csv.Error, _RunOn) as exc:
                record, failure = [], str(exc) or "it runs over too many lines"
                reader = csv.reader(feed, self.dialect)  # a reader that failed cannot go on
            lines = feed.taken
            unclosed = feed.ran_out or bool(failure)
            fits = named <= len(record) <= width
            number += 1
            if not any(cell.strip() for cell in record) and not unclosed:
                continue
            if len(lines) > 1 and (unclosed or (not fits and self._any_is_a_row(lines[1:]))):
                # A quote opened on the first line ran on into the rows after it: that
                # line alone is quarantined, and the lines after it are read again.
                feed.give_back(lines[1:])
                reader = csv.reader(feed, self.dialect)
                yield self._row(number, self._split(lines[0]), [self._unclosed_quote()])
            elif unclosed:
                yield self._row(
                    number,
                    record or self._split("".join(lines)),
                    [
                        self._unclosed_quote()
                        if feed.ran_out
                        else RowProblem(
                            f"This row could not be read as CSV ({failure}): check its quotes"
                        )
                    ],
                )
            elif not fits:
                yield self._row(number, record, [self._miscounted(len(record), width)])
            else:
                yield self._row(number, record, [])

    def _row(self, number: int, record: list[str], problems: list[RowProblem]) -> Row:
        width = len(self.header)
        if len(record) == width:
            values: dict[str, object] = dict(zip(self.header, record, strict=True))
        else:
            values = dict(
                zip(self.header, record[:width] + [""] * (width - len(record)), strict=True)
            )
            values.update({f"column_{i + 1}": v for i, v in enumerate(record) if i >= width})
        if self._encoding.name == UTF8_DAMAGED:
            problems = problems + bad_byte_problems(values)
        return Row(number, values, problems)

    def _split(self, line: str) -> list[str]:
        """One line's values on its own: an unclosed quote's value runs to its end."""
        try:
            return next(csv.reader([line.rstrip("\r\n")], self.dialect), [])
        except csv.Error:
            return [line]

    def _any_is_a_row(self, lines: list[str]) -> bool:
        """Whether any of these lines, read on its own, has as many values as the header:
        then a record that took them in swallowed rows, not a value's line breaks."""
        named = len(self.header)
        return any(len(self._split(line)) == named for line in lines)

    def _unclosed_quote(self) -> RowProblem:
        return RowProblem(
            'This row has a double quote (") that opens a value but never closes it, so the '
            "rows after it would have been read into it: close the quote or remove it. The "
            "rows after it were read on their own"
        )

    def _miscounted(self, count: int, width: int) -> RowProblem:
        delimiter = DELIMITER_NAMES.get(str(self.dialect.delimiter), "separator")
        if count > width:
            why = (
                f"a {delimiter} inside a value needs double quotes around that value, or "
                "the values after it move along a column"
            )
        else:
            why = (
                "a value may be missing, or a line break inside a value needs double quotes "
                "around that value"
            )
        return RowProblem(
            f"This row has {count} values but the header has {width} columns, so its values "
            f"may be in the wrong columns: {why}"
        )
