"""The rules behind the map, trends, emerging scams and data-quality pages, as pure
functions: no database here, so each rule is tested on its own. The database counts
(selectors.py hands over tallies: reports, distinct victims and losses per area, counts
per month, label, age and source); the same rules also take plain rows, one per report,
which is how the tests state them."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from fraudhub.reports.ages import LABELS as AGE_LABELS
from fraudhub.reports.ages import NOT_KNOWN, age_band

# Pages partners see hide any count from 1 to SMALL_COUNT - 1 (see the map and trends guide).
SMALL_COUNT = 5

# Emerging scams: at least JUMP_AT_LEAST this week and at least JUMP_FACTOR times the
# weekly average of the JUMP_WEEKS weeks before.
JUMP_AT_LEAST = 3
JUMP_FACTOR = 2
JUMP_WEEKS = 8


@dataclass(frozen=True)
class ReportRow:
    """What the figures need of one report and its victim."""

    received_date: date
    scam_type: str = ""
    contact_method: str = ""
    source: str = ""
    amount_lost: Decimal | None = None
    has_victim: bool = False
    victim_key: str | int = ""
    age: int | None = None
    postcode_district: str = ""
    council: str = ""
    valid_postcode: bool = False
    contactable: bool = False


@dataclass(frozen=True)
class Place:
    """Where a postcode district is drawn and which council it falls in."""

    code: str
    council: str
    latitude: float
    longitude: float
    town: str = ""


@dataclass
class AreaFigure:
    """Reports, victims and money lost in one postcode district or council area."""

    code: str
    name: str
    latitude: float | None
    longitude: float | None
    reports: int = 0
    victims: int = 0
    losses: Decimal = Decimal("0")
    hidden: bool = False
    _victims_seen: set[str | int] = field(default_factory=set, repr=False)

    def add(self, row: ReportRow) -> None:
        self.reports += 1
        if row.amount_lost:
            self.losses += row.amount_lost
        if row.has_victim and row.victim_key not in self._victims_seen:
            self._victims_seen.add(row.victim_key)
            self.victims += 1

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def victim_key(*, first_name: str, last_name: str, postcode: str, fallback: int | str) -> str | int:
    """One victim across reports: the same name at the same full postcode counts once;
    without a name or postcode, each report's victim counts on their own (the fallback,
    such as the report's id)."""
    if first_name and last_name and postcode:
        return f"{first_name.strip().lower()}|{last_name.strip().lower()}|{postcode.upper()}"
    return fallback


@dataclass(frozen=True)
class AreaTally:
    """What was counted for one area: reports, distinct victims and the losses summed."""

    code: str
    reports: int
    victims: int
    losses: Decimal


def council_of(district: str, recorded: str, places: dict[str, Place]) -> str:
    """The council of the victim's postcode district where the district is known, else
    the council recorded on the report, else "Not known"."""
    found = places.get(district)
    return (found.council if found else recorded) or NOT_KNOWN


def district_area(code: str, places: dict[str, Place]) -> AreaFigure:
    """An empty figure for a postcode district, named after its town and drawn at its
    centroid; a blank code is "Not known" (not drawn)."""
    code = code or NOT_KNOWN
    place = places.get(code)
    return AreaFigure(
        code=code,
        name=f"{code} ({place.town})" if place and place.town else code,
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
    )


def council_centres(places: dict[str, Place]) -> dict[str, tuple[float | None, float | None]]:
    """Each council's position: the average of its districts' centroids."""
    located: dict[str, list[Place]] = defaultdict(list)
    for place in places.values():
        located[place.council].append(place)
    return {
        council: (_mean([p.latitude for p in found]), _mean([p.longitude for p in found]))
        for council, found in located.items()
    }


def council_area(council: str, centres: dict[str, tuple[float | None, float | None]]) -> AreaFigure:
    """An empty figure for a council area, drawn at the average of its districts'
    centroids (not drawn when it has none)."""
    council = council or NOT_KNOWN
    latitude, longitude = centres.get(council, (None, None))
    return AreaFigure(code=council, name=council, latitude=latitude, longitude=longitude)


def area_figures(
    tallies: Iterable[AreaTally], make: Callable[[str], AreaFigure]
) -> list[AreaFigure]:
    """Figures from tallies, largest first. Tallies of the same area (a blank code and
    "Not known") are added together: their victims are told apart already."""
    areas: dict[str, AreaFigure] = {}
    for tally in tallies:
        area = make(tally.code)
        area = areas.setdefault(area.code, area)
        area.reports += tally.reports
        area.victims += tally.victims
        area.losses += tally.losses
    return _largest_first(areas.values())


def district_figures(tallies: Iterable[AreaTally], places: dict[str, Place]) -> list[AreaFigure]:
    """Figures per postcode district of the victim, largest first; reports with no known
    district are gathered under "Not known" (not drawn on the map)."""
    return area_figures(tallies, lambda code: district_area(code, places))


def council_figures(tallies: Iterable[AreaTally], places: dict[str, Place]) -> list[AreaFigure]:
    """Figures per council area (see council_of), drawn at the average of the council's
    district centroids."""
    centres = council_centres(places)
    return area_figures(tallies, lambda council: council_area(council, centres))


def _tallies(rows: Iterable[ReportRow], area_of: Callable[[ReportRow], str]) -> list[AreaTally]:
    areas: dict[str, AreaFigure] = {}
    for row in rows:
        code = area_of(row) or NOT_KNOWN
        areas.setdefault(code, AreaFigure(code, code, None, None)).add(row)
    return [AreaTally(a.code, a.reports, a.victims, a.losses) for a in areas.values()]


def by_district(rows: Iterable[ReportRow], places: dict[str, Place]) -> list[AreaFigure]:
    """district_figures, from plain rows."""
    return district_figures(_tallies(rows, lambda row: row.postcode_district), places)


def by_council(rows: Iterable[ReportRow], places: dict[str, Place]) -> list[AreaFigure]:
    """council_figures, from plain rows."""
    tallies = _tallies(rows, lambda row: council_of(row.postcode_district, row.council, places))
    return council_figures(tallies, places)


def _mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 5) if values else None


def _largest_first(areas: Iterable[AreaFigure]) -> list[AreaFigure]:
    return sorted(areas, key=lambda a: (a.code == NOT_KNOWN, -a.reports, a.code))


def hide_small_counts(areas: list[AreaFigure], *, below: int = SMALL_COUNT) -> list[AreaFigure]:
    """Mark areas whose reports or victims number from 1 to below - 1: their counts and
    losses are not shown."""
    for area in areas:
        area.hidden = 0 < area.reports < below or 0 < area.victims < below
    return areas


def shown_count(value: int, *, hidden: bool, below: int = SMALL_COUNT) -> str:
    """A count as shown on a page: the number, or "fewer than 5" when hidden."""
    return f"fewer than {below}" if hidden else f"{value:,}"


# Trends


def months_between(start: date, end: date) -> list[date]:
    """The first day of each month from start's month to end's month, in order."""
    months: list[date] = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    hidden: bool = False

    @property
    def shown(self) -> str:
        return shown_count(self.value, hidden=self.hidden)


def monthly(counts: Mapping[date, int], *, start: date, end: date) -> list[Count]:
    """Reports received in each month of the period (counts keyed by the month's first
    day), empty months included."""
    return [Count(m.strftime("%b %Y"), counts.get(m, 0)) for m in months_between(start, end)]


def per_month(rows: Iterable[ReportRow], *, start: date, end: date) -> list[Count]:
    """monthly, from plain rows."""
    counts = Counter(row.received_date.replace(day=1) for row in rows)
    return monthly(counts, start=start, end=end)


def labelled(counts: Iterable[tuple[str | None, int]], *, order: Sequence[str] = ()) -> list[Count]:
    """Counts per label: in the given order if any, else largest first; blank labels
    count as "Not known", last."""
    totals: Counter[str] = Counter()
    for label, n in counts:
        totals[label or NOT_KNOWN] += n
    if order:
        return [Count(label, totals.get(label, 0)) for label in order]
    ranked = sorted(totals.items(), key=lambda kv: (kv[0] == NOT_KNOWN, -kv[1], kv[0]))
    return [Count(label, n) for label, n in ranked]


def per_label(labels: Iterable[str], *, order: Sequence[str] = ()) -> list[Count]:
    """How many rows carry each label (see labelled)."""
    return labelled(Counter(labels).items(), order=order)


def age_bands(counts_by_age: Iterable[tuple[int | None, int]]) -> list[Count]:
    """Victims per age band in band order, from counts of victims per age."""
    return labelled(((age_band(age), n) for age, n in counts_by_age), order=AGE_LABELS)


def per_age_band(rows: Iterable[ReportRow]) -> list[Count]:
    """Victims' age bands, one per report with a victim, in band order."""
    return age_bands(Counter(r.age for r in rows if r.has_victim).items())


def hide_small(counts: list[Count], *, below: int = SMALL_COUNT) -> list[Count]:
    return [Count(c.label, c.value, 0 < c.value < below) for c in counts]


# Emerging scams


def latest_complete_week(today: date) -> date:
    """The Monday of the last full Monday-to-Sunday week before today."""
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7)


def weekly_average(total: int, weeks: int = JUMP_WEEKS) -> Decimal:
    """The average per week of `total` sightings over `weeks` weeks."""
    return Decimal(total) / weeks if weeks else Decimal(0)


def jumped(
    this_week: int,
    average: Decimal,
    *,
    at_least: int = JUMP_AT_LEAST,
    factor: int = JUMP_FACTOR,
) -> bool:
    """At least `at_least` this week and at least `factor` times the weekly average of
    the weeks before (weeks with none count as 0)."""
    return this_week >= at_least and this_week >= factor * average


@dataclass(frozen=True)
class Jump:
    """Something seen more often in the latest week than before."""

    kind: str
    label: str
    this_week: int
    weekly_average: Decimal
    key: str = ""


def jumps(
    dated: Iterable[tuple[date, str, str, str]],
    *,
    week_start: date,
    weeks: int = JUMP_WEEKS,
    at_least: int = JUMP_AT_LEAST,
    factor: int = JUMP_FACTOR,
) -> list[Jump]:
    """From (date, kind, key, label) sightings, what jumped in the week starting week_start
    against the `weeks` weeks before it; biggest this-week count first."""
    first = week_start - timedelta(days=7 * weeks)
    week_end = week_start + timedelta(days=7)
    this: Counter[tuple[str, str]] = Counter()
    before: Counter[tuple[str, str]] = Counter()
    labels: dict[tuple[str, str], str] = {}
    for day, kind, key, label in dated:
        if not key or day < first or day >= week_end:
            continue
        labels.setdefault((kind, key), label)
        (this if day >= week_start else before)[(kind, key)] += 1
    found = []
    for item, count in this.items():
        average = weekly_average(before.get(item, 0), weeks)
        if jumped(count, average, at_least=at_least, factor=factor):
            found.append(
                Jump(
                    kind=item[0],
                    label=labels[item],
                    this_week=count,
                    weekly_average=average.quantize(Decimal("0.1")),
                    key=item[1],
                )
            )
    return sorted(found, key=lambda j: (-j.this_week, j.kind, j.label))


# Data quality


@dataclass(frozen=True)
class QualityShare:
    """For one source: how many reports, and the share with each thing the hub needs."""

    source: str
    reports: int
    with_age: int
    with_valid_postcode: int
    with_contact: int

    @staticmethod
    def percent(part: int, whole: int) -> str:
        return f"{100 * part / whole:.0f}%" if whole else "no reports"

    @property
    def age_share(self) -> str:
        return self.percent(self.with_age, self.reports)

    @property
    def postcode_share(self) -> str:
        return self.percent(self.with_valid_postcode, self.reports)

    @property
    def contact_share(self) -> str:
        return self.percent(self.with_contact, self.reports)


@dataclass(frozen=True)
class QualityTally:
    """For one source: reports, and those whose victim has an age, a valid full
    postcode, and a phone number or email address."""

    reports: int = 0
    with_age: int = 0
    with_valid_postcode: int = 0
    with_contact: int = 0

    def __add__(self, other: QualityTally) -> QualityTally:
        return QualityTally(
            self.reports + other.reports,
            self.with_age + other.with_age,
            self.with_valid_postcode + other.with_valid_postcode,
            self.with_contact + other.with_contact,
        )


def quality_shares(tallies: dict[str, QualityTally], labels: dict[str, str]) -> list[QualityShare]:
    """Per source (in the order of `labels`, then any others by name), then all sources
    together."""
    ordered = [k for k in labels if k in tallies] + sorted(k for k in tallies if k not in labels)
    total = sum(tallies.values(), QualityTally())
    shown = [(labels.get(k, k) or NOT_KNOWN, tallies[k]) for k in ordered]
    if tallies:
        shown.append(("All sources", total))
    return [
        QualityShare(
            source=source,
            reports=t.reports,
            with_age=t.with_age,
            with_valid_postcode=t.with_valid_postcode,
            with_contact=t.with_contact,
        )
        for source, t in shown
    ]


def quality_by_source(rows: Iterable[ReportRow], labels: dict[str, str]) -> list[QualityShare]:
    """quality_shares, from plain rows. A report with no victim has none of the three."""
    tallies: dict[str, QualityTally] = defaultdict(QualityTally)
    for row in rows:
        tallies[row.source] += QualityTally(
            1,
            row.has_victim and row.age is not None,
            row.has_victim and row.valid_postcode,
            row.has_victim and row.contactable,
        )
    return quality_shares(tallies, labels)
