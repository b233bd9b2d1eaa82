"""Dates and times in GOV.UK style everywhere: "6 December 2026 at 2:30pm", "midday",
"midnight"; no "06/12/2026 14:30" left in any template."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fraudhub.templatetags.govuk import govuk_datetime

TEMPLATES = Path(__file__).parents[1] / "src" / "fraudhub"


@pytest.mark.parametrize(
    ("moment", "style", "shown"),
    [
        (datetime(2026, 12, 6, 14, 30, tzinfo=UTC), "", "6 December 2026 at 2:30pm"),
        (datetime(2026, 12, 6, 9, 0, tzinfo=UTC), "", "6 December 2026 at 9am"),
        (datetime(2026, 12, 6, 12, 0, tzinfo=UTC), "short", "6 Dec 2026 at midday"),
        (datetime(2026, 12, 6, 0, 0, tzinfo=UTC), "", "6 December 2026 at midnight"),
        # British Summer Time: 11:05 UTC is 12:05 in London.
        (datetime(2026, 7, 1, 11, 5, tzinfo=UTC), "", "1 July 2026 at 12:05pm"),
    ],
)
def test_times_read_the_govuk_way(moment: datetime, style: str, shown: str) -> None:
    assert govuk_datetime(moment, style) == shown


def test_nothing_is_shown_for_no_time() -> None:
    assert govuk_datetime(None) == ""


def test_no_template_writes_dates_as_numbers() -> None:
    numeric = re.compile(r"""date:["'](d/m/Y|d/m/y|m/d|Y-m-d|H:i|[^"']*g:i ?a)""")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if numeric.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
