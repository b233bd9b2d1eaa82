"""The age bands every page uses, on the case queue as on the trends: one definition, so
a case manager's "70 to 79" and an analyst's are the same people. The county's phased
focus is people aged 70 and over, then 18 to 25, then under 18."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AgeBand:
    label: str
    low: int
    high: int


AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand("Under 18", 0, 17),
    AgeBand("18 to 25", 18, 25),
    AgeBand("26 to 39", 26, 39),
    AgeBand("40 to 54", 40, 54),
    AgeBand("55 to 69", 55, 69),
    AgeBand("70 to 79", 70, 79),
    AgeBand("80 and over", 80, 200),
)
NOT_KNOWN = "Not known"
LABELS: tuple[str, ...] = (*(band.label for band in AGE_BANDS), NOT_KNOWN)


def age_band(age: int | None) -> str:
    """The band of an age at the time of the scam; "Not known" when none was given."""
    if age is None or age < 0:
        return NOT_KNOWN
    return next((b.label for b in AGE_BANDS if b.low <= age <= b.high), AGE_BANDS[-1].label)


def band_named(label: str) -> AgeBand | None:
    return next((b for b in AGE_BANDS if b.label == label), None)
