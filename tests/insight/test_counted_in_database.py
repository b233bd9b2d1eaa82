"""The figures the database counts are the figures the rules give from one plain row per
report: checked on generated reports with the awkward cases (the same victim in several
reports, victims with no name or postcode, a second victim on a report, reports with no
victim, districts in lower case or with no known place, blank scam types)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fraudhub.insight import figures as f
from fraudhub.insight import selectors
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report

from ..factories import make_report

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
NAMES = ["Ann", "Bob", "Cat", ""]
POSTCODES = ["AL1 3EJ", "AL5 1AA", "SG1 1AA", "HP1 1AA", "WD17 1AA", ""]


def _generate(seed: int, count: int, *, astray: bool) -> None:
    """Reports with victims; with `astray`, some victims' districts are not their
    postcode's (lower case, or unknown and under various councils)."""
    pick = random.Random(seed)
    for _ in range(count):
        victim = PersonInput(
            first_name=pick.choice(NAMES),
            last_name=pick.choice(["Example", "Other"]),
            age=pick.choice(["", "16", "19", "44", "72", "85"]),
            postcode=pick.choice(POSTCODES),
            phone=pick.choice(["", "01727 123456"]),
            email=pick.choice(["", "someone@example.com"]),
        )
        made = make_report(
            victim=victim,
            received_date=TODAY - timedelta(days=pick.randrange(0, 400)),
            source=pick.choice(list(Report.Source.values)),
            scam_type=pick.choice(["romance", "courier", "bank_impersonation"]),
            amount_lost=pick.choice(["", "£0.10", "£0.20", "£1,250.99", "£7"]),
        )
        report = made.report
        odd = pick.random()
        if odd < 0.1:
            report.persons.filter(role=Person.Role.VICTIM).delete()
        elif odd < 0.2:
            Person.objects.create(
                report=report, role=Person.Role.VICTIM, first_name="Second", postcode_district="SG1"
            )
        elif odd < 0.3 and astray:
            report.persons.update(postcode_district="zz9", council=pick.choice(["", "Dacorum"]))
        elif odd < 0.4 and astray:
            report.persons.update(postcode_district="al1")
        elif odd < 0.5:
            Report.objects.filter(pk=report.pk).update(scam_type=None, contact_method=None)


def _rows(user: User, period: selectors.Period) -> list[f.ReportRow]:
    """One plain row per report the user may see, with its first victim, read in Python."""
    rows = []
    reports = selectors.visible_reports(user).filter(
        received_date__gte=period.start, received_date__lte=period.end
    )
    for report in reports.select_related("scam_type", "contact_method").prefetch_related("persons"):
        base = {
            "received_date": report.received_date,
            "scam_type": report.scam_type.name if report.scam_type else "",
            "contact_method": report.contact_method.name if report.contact_method else "",
            "source": report.source,
            "amount_lost": report.amount_lost,
        }
        victims = sorted(
            (p for p in report.persons.all() if p.role == Person.Role.VICTIM), key=lambda p: p.id
        )
        if not victims:
            rows.append(f.ReportRow(**base))  # type: ignore[arg-type]
            continue
        v = victims[0]
        key = f.victim_key(
            first_name=v.first_name, last_name=v.last_name, postcode=v.postcode, fallback=report.pk
        )
        rows.append(
            f.ReportRow(
                **base,  # type: ignore[arg-type]
                has_victim=True,
                victim_key=key,
                age=v.age_at_incident,
                postcode_district=v.postcode_district.upper(),
                council=v.council,
                valid_postcode=bool(v.postcode),
                contactable=bool(v.phone or v.email),
            )
        )
    return rows


def _areas(areas: list[f.AreaFigure]) -> list[tuple[object, ...]]:
    return [
        (a.code, a.name, a.latitude, a.longitude, a.reports, a.victims, a.losses) for a in areas
    ]


def _counts(counts: list[f.Count]) -> list[tuple[str, int, bool]]:
    return [(c.label, c.value, c.hidden) for c in counts]


@pytest.mark.parametrize(("seed", "astray"), [(1, True), (2, True), (3, False)])
def test_database_counts_match_the_rules_on_plain_rows(
    seed: int, astray: bool, manager: User, partner: User
) -> None:
    _generate(seed, 60, astray=astray)
    period = selectors.Period(start=TODAY - timedelta(days=300), end=TODAY)
    rows = _rows(manager, period)
    assert len({r.victim_key for r in rows if r.has_victim}) < sum(r.has_victim for r in rows)
    where = selectors.places()

    with CaptureQueriesContext(connection) as queries:
        counted = selectors.map_figures(manager, period)
    # Districts and councils come from one count unless a victim may be in two districts.
    # (counted by what they select: other queries name people only to leave out the
    # reports of a person whose processing is restricted)
    counts = [
        q for q in queries.captured_queries if '"reports_person"."postcode_district"' in q["sql"]
    ]
    assert len(counts) == (3 if astray else 1)
    assert _areas(counted.districts) == _areas(f.by_district(rows, where))
    assert _areas(counted.councils) == _areas(f.by_council(rows, where))
    assert counted.reports == len(rows)
    assert counted.losses == sum((r.amount_lost or Decimal(0) for r in rows), Decimal(0))

    trends = selectors.trend_figures(manager, period)
    assert _counts(trends.months) == _counts(f.per_month(rows, start=period.start, end=TODAY))
    assert _counts(trends.scam_types) == _counts(f.per_label(r.scam_type for r in rows))
    assert _counts(trends.contact_methods) == _counts(f.per_label(r.contact_method for r in rows))
    assert _counts(trends.age_bands) == _counts(f.per_age_band(rows))

    labels = dict(Report.Source.choices)
    assert selectors.data_quality(manager, period) == f.quality_by_source(rows, labels)

    # A partner sees none of these reports (they were not sent in by it).
    assert selectors.map_figures(partner, period).reports == len(_rows(partner, period)) == 0
