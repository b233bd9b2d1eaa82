"""Charts, one home for every page that draws one: bars drawn on the server as SVG (the
team dashboard, a cluster's timeline; `templates/charts/_bars.html`), and Vega-Lite
definitions built with altair for the trends page, drawn by vega-embed in the browser.
Each chart holds the same figures as the table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import altair as alt

BAR_COLOUR = "#1d70b8"  # GOV.UK blue
FONT = "GDS Transport, arial, sans-serif"
BAR_HEIGHT = 28  # pixels per bar in a server-drawn chart


@dataclass
class Bar:
    label: str
    value: float
    shown: str


@dataclass
class Chart:
    """One figure as bars drawn on the server: a chart for the eye and the same numbers
    as a table."""

    title: str
    summary: str
    bars: list[Bar] = field(default_factory=list)
    value_heading: str = "Number"

    @property
    def top(self) -> float:
        return max((b.value for b in self.bars), default=0) or 1

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {"bar": b, "width": round(100 * b.value / self.top, 1), "y": i * BAR_HEIGHT}
            for i, b in enumerate(self.bars)
        ]

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * BAR_HEIGHT


class Counted(Protocol):
    """A labelled count for a Vega-Lite chart; a hidden one (a small count a partner may
    not see) stays in the table as "fewer than 5" and out of the picture."""

    @property
    def label(self) -> str: ...

    @property
    def value(self) -> int: ...

    @property
    def hidden(self) -> bool: ...


def _config(chart: alt.Chart) -> dict[str, Any]:
    spec: dict[str, Any] = (
        chart.configure(font=FONT)
        .configure_axis(labelFontSize=14, titleFontSize=14, labelColor="#0b0c0c")
        .configure_view(stroke=None)
        .to_dict()
    )
    return spec


def _values(counts: Sequence[Counted]) -> list[dict[str, Any]]:
    """Hidden small counts are left out of the picture; the table says "fewer than 5"."""
    return [{"label": c.label, "reports": c.value} for c in counts if not c.hidden]


def bars(counts: Sequence[Counted], *, title: str, value_title: str = "Reports") -> dict[str, Any]:
    """Horizontal bars, one per label, in the order given."""
    import altair as alt  # slow to import: only pages with Vega-Lite charts pay for it

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


def months(counts: Sequence[Counted], *, title: str) -> dict[str, Any]:
    """Reports per month as columns, months in order along the bottom."""
    import altair as alt  # slow to import: only pages with Vega-Lite charts pay for it

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
