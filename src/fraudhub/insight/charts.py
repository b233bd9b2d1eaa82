"""Vega-Lite chart definitions (built with altair) for the trends page: the same counts
the page's tables hold, drawn by vega-embed in the browser."""

from __future__ import annotations

from typing import Any

import altair as alt

from .figures import Count

BAR_COLOUR = "#1d70b8"  # GOV.UK blue
FONT = "GDS Transport, arial, sans-serif"


def _config(chart: alt.Chart) -> dict[str, Any]:
    spec: dict[str, Any] = (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=14, titleFontSize=14, labelColor="#0b0c0c")
        .configure_view(stroke=None)
        .to_dict()
    )
    return spec


def _values(counts: list[Count]) -> list[dict[str, Any]]:
    """Hidden small counts are left out of the picture; the table says "fewer than 5"."""
    return [{"label": c.label, "reports": c.value} for c in counts if not c.hidden]


def bars(counts: list[Count], *, title: str, value_title: str = "Reports") -> dict[str, Any]:
    """Horizontal bars, one per label, in the order given."""
    order = [c.label for c in counts]
    chart = (
        alt.Chart(alt.Data(values=_values(counts)), description=title)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("reports:Q", title=value_title, axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("label:N", title="Label"),
                alt.Tooltip("reports:Q", title=value_title),
            ],
        )
        .properties(width="container", height=alt.Step(26))
    )
    return _config(chart)


def months(counts: list[Count], *, title: str) -> dict[str, Any]:
    """Reports per month as columns, months in order along the bottom."""
    order = [c.label for c in counts]
    chart = (
        alt.Chart(alt.Data(values=_values(counts)), description=title)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X("label:O", sort=order, title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("reports:Q", title="Reports", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("label:O", title="Month"),
                alt.Tooltip("reports:Q", title="Reports"),
            ],
        )
        .properties(width="container", height=260)
    )
    return _config(chart)
