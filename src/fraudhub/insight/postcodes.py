"""Reading the ONS Postcode Directory (ONSPD) CSV: one centroid per postcode district,
the average of its live postcodes, streamed so a 2.7-million-row file needs flat memory."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

REQUIRED = ("pcds", "lat", "long")
# The local authority column is "oslaua" in older releases and "lad..." in newer ones.
_COUNCIL_COLUMN = re.compile(r"^(oslaua|lad(\d{2})?(cd)?)$", re.IGNORECASE)
# Postcodes without a grid reference carry this latitude.
_NO_LOCATION = 99.0


class NotPostcodeDirectory(ValueError):
    """The file is not shaped like the ONSPD (or its names file); the message says why."""


@dataclass
class DistrictTotal:
    """Running totals for one postcode district while the file is read."""

    latitude_sum: float = 0.0
    longitude_sum: float = 0.0
    postcodes: int = 0
    council_codes: dict[str, int] | None = None

    def add(self, latitude: float, longitude: float, council_code: str) -> None:
        self.latitude_sum += latitude
        self.longitude_sum += longitude
        self.postcodes += 1
        if council_code:
            if self.council_codes is None:
                self.council_codes = {}
            self.council_codes[council_code] = self.council_codes.get(council_code, 0) + 1

    @property
    def latitude(self) -> float:
        return round(self.latitude_sum / self.postcodes, 5)

    @property
    def longitude(self) -> float:
        return round(self.longitude_sum / self.postcodes, 5)

    @property
    def council_code(self) -> str:
        """The council most of the district's postcodes fall in (districts can straddle)."""
        if not self.council_codes:
            return ""
        return max(self.council_codes.items(), key=lambda kv: (kv[1], kv[0]))[0]


@dataclass
class ReadResult:
    districts: dict[str, DistrictTotal]
    rows: int
    live: int
    skipped_terminated: int
    skipped_unlocated: int


def _header(reader: Iterator[list[str]], what: str) -> list[str]:
    try:
        return [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except StopIteration:
        raise NotPostcodeDirectory(f"The {what} is empty") from None


def read_onspd(lines: Iterable[str]) -> ReadResult:
    """Totals per district from the ONSPD's rows: live postcodes (no `doterm`) with a
    location. Raises NotPostcodeDirectory when the columns are not there."""
    reader = csv.reader(iter(lines))
    header = _header(reader, "postcode file")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NotPostcodeDirectory(
            "This does not look like the ONS Postcode Directory: it has no "
            + " or ".join(f'"{c}"' for c in missing)
            + " column. Use the ONSPD's main CSV file (in its Data folder), "
            "with columns pcds, doterm, lat, long and oslaua."
        )
    pcds, lat, long = (header.index(c) for c in REQUIRED)
    doterm = header.index("doterm") if "doterm" in header else None
    council = next((i for i, h in enumerate(header) if _COUNCIL_COLUMN.match(h)), None)
    result = ReadResult({}, 0, 0, 0, 0)
    for line_number, row in enumerate(reader, start=2):
        if not row:
            continue
        result.rows += 1
        try:
            postcode = row[pcds].strip().upper()
            latitude = float(row[lat])
            longitude = float(row[long])
        except (IndexError, ValueError):
            raise NotPostcodeDirectory(
                f"Row {line_number} has no postcode or a latitude or longitude that is not a "
                "number. Check the file is the ONSPD CSV, not changed by a spreadsheet."
            ) from None
        if doterm is not None and len(row) > doterm and row[doterm].strip():
            result.skipped_terminated += 1
            continue
        if latitude >= _NO_LOCATION or not postcode:
            result.skipped_unlocated += 1
            continue
        district = postcode.split()[0] if " " in postcode else postcode[:-3]
        code = row[council].strip() if council is not None and len(row) > council else ""
        result.districts.setdefault(district, DistrictTotal()).add(latitude, longitude, code)
        result.live += 1
    return result


def read_names(lines: Iterable[str]) -> dict[str, str]:
    """Local authority names by code from the ONSPD's names file (columns like LAD23CD
    and LAD23NM)."""
    reader = csv.reader(iter(lines))
    header = _header(reader, "names file")
    code = next((i for i, h in enumerate(header) if h.endswith("cd")), None)
    name = next((i for i, h in enumerate(header) if h.endswith("nm")), None)
    if code is None or name is None:
        raise NotPostcodeDirectory(
            "The names file needs a code column and a name column, like LAD23CD and LAD23NM"
        )
    return {row[code].strip(): row[name].strip() for row in reader if len(row) > max(code, name)}
