"""CSV: the identifiers as a flat file, one row each."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from fraudhub.tabular.escaping import escape_cell

from .gathering import IntelItem

CSV_COLUMNS = (
    "kind",
    "value",
    "display",
    "report_count",
    "first_seen",
    "last_seen",
    "total_loss",
    "scam_types",
    "cluster_ids",
)


def csv_text(items: Iterable[IntelItem]) -> str:
    """One row per identifier; cells a spreadsheet would run as a formula are escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row: list[object] = [
            item.kind,
            item.value,
            item.display,
            item.report_count,
            item.first_seen.isoformat(),
            item.last_seen.isoformat(),
            "" if item.total_loss is None else f"{item.total_loss:.2f}",
            "; ".join(item.scam_types),
            "; ".join(str(c) for c in item.cluster_ids),
        ]
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue()
