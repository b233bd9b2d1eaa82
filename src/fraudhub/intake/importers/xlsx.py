"""Excel workbooks (.xlsx) in the same layout as the CSV: the first sheet, a header row."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook

from . import Row, UnreadableFile


class XlsxRows:
    def __init__(self, path: Path) -> None:
        self.path = path
        if not path.exists():
            raise UnreadableFile(f"There is no file at {path}")
        self.total_bytes = path.stat().st_size
        self.header: list[str] = []
        self._rows_done = 0
        self._rows_total = 0
        try:
            self.workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise UnreadableFile(
                f"The file could not be opened as an Excel workbook: {exc}"
            ) from exc
        self.sheet = self.workbook.worksheets[0]
        self._rows_total = self.sheet.max_row or 0

    def bytes_done(self) -> int:
        if not self._rows_total:
            return 0
        return int(self.total_bytes * min(1.0, self._rows_done / self._rows_total))

    def rows(self) -> Iterator[Row]:
        try:
            records = self.sheet.iter_rows(values_only=True)
            try:
                self.header = ["" if h is None else str(h) for h in next(records)]
            except StopIteration:
                return
            for number, record in enumerate(records, start=2):
                self._rows_done = number
                if not any(v not in (None, "") for v in record):
                    continue
                cells = list(record) + [None] * (len(self.header) - len(record))
                names = self.header + [
                    f"column_{i + 1}" for i in range(len(self.header), len(cells))
                ]
                values: dict[str, object] = {
                    name: ("" if v is None else v) for name, v in zip(names, cells, strict=True)
                }
                yield Row(number, values)
        finally:
            self.workbook.close()
