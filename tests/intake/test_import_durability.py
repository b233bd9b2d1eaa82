"""An import killed with SIGKILL part-way leaves whole reports only, and running the file
again ends in exactly the state a clean, uninterrupted import gives.

The import runs as a real `fraudhub import-referrals` process against the committed test
database, so this runs on PostgreSQL only: CI runs the suite there (`make test-postgres`).
"""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Model

from fraudhub.casework.models import Case
from fraudhub.governance.models import Organisation
from fraudhub.intake.mapping_defaults import seed_defaults
from fraudhub.intake.models import ImportRun, QuarantinedRow, ValueMapping
from fraudhub.intake.referrals import COLUMNS, Mappings, read_row
from fraudhub.reports import taxonomy
from fraudhub.reports.models import (
    ContactMethod,
    Person,
    ReferenceSequence,
    Report,
    ReportUpdate,
    ScamType,
)

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database a separate import process can share while it is killed: "
        "PostgreSQL (run with `make test-postgres`)",
    ),
    pytest.mark.django_db(transaction=True),
]

ROWS = 1_500
BATCH = 50
APP_NAME = "fraudhub-durability-test"
FRAUDHUB = Path(sys.executable).with_name("fraudhub")
SCAMMER_PHONES = [f"07{n:03d} 55{n:04d}" for n in range(400, 430)]
SCAMMER_SITES = [f"https://www.refund-{n}.co.uk/claim" for n in range(10)]


def referral_rows(seed: int = 7) -> Iterator[dict[str, str]]:
    """ROWS rows in file order: three cannot be reports, two are sent again unchanged, and
    some are sent again changed, mostly within one batch, some in a later one."""
    rng = random.Random(seed)
    latest: list[dict[str, str]] = []  # the last version sent of each good row
    for number in range(1, ROWS + 1):
        if number in (250, 1_111):
            yield dict(rng.choice(latest))
            continue
        if number % 97 == 0 or number % 211 == 0:
            back = rng.randint(1, 5) if number % 97 == 0 else rng.randint(60, 100)
            index = max(0, len(latest) - back)
            changed = dict(latest[index])
            changed["description"] += f" Called again (row {number}): lost more."
            changed["amount_lost"] = f"£{rng.randint(100, 9_000):,}"
            latest[index] = changed
            yield changed
            continue
        values = {
            "partner_reference": f"DUR-{number:05d}",
            "received_date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024",
            "incident_date": rng.choice(("", "01/01/2024", "2024-02-03", "sometime")),
            "scam_type": rng.choice(("Courier fraud", "romance", "Doorstep crime", "Tarot")),
            "contact_method": rng.choice(("Phone", "Door", "email", "")),
            "description": "They said they were from the bank,\nand asked for my card.",
            "amount_lost": rng.choice(("", "£1,250.00", "300", "lots")),
            "victim_first_name": rng.choice(("Edna", "Arthur", "Joan")),
            "victim_last_name": f"Smith-{number}",
            "victim_age": rng.choice(("", "84", "79 years", "old")),
            "victim_postcode": rng.choice(("AL1 3EJ", "sg12ab", "AL1", "nowhere")),
            "victim_phone": f"07{rng.randint(400, 999)} {rng.randint(100_000, 999_999)}",
            "suspect_phone": rng.choice(SCAMMER_PHONES + [""] * 20),
            "suspect_website": rng.choice(SCAMMER_SITES + [""] * 20),
            "suspect_bank_sort_code": rng.choice(("", "", "12-34-56")),
            "suspect_bank_account": rng.choice(("", "", "12345678")),
        }
        if number in (400, 1_222):
            values["partner_reference"] = ""
        elif number == 777:
            values["received_date"] = "last week"
        else:
            latest.append(values)
        yield values


def write_file(path: Path) -> list[dict[str, str]]:
    rows = list(referral_rows())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return rows


def database_url() -> str:
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = quote(db.get("HOST") or "", safe="")  # empty: the local socket
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'])}"


def start_import(path: Path, organisation: Organisation) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "PGAPPNAME": APP_NAME,
        "LOG_LEVEL": "WARNING",
    }
    command = [str(FRAUDHUB), "import-referrals", str(path), "--org", organisation.slug]
    return subprocess.Popen(
        [*command, "--batch-size", str(BATCH)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_import(path: Path, organisation: Organisation) -> dict[str, int]:
    process = start_import(path, organisation)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def importer_state() -> str | None:
    """The import's database session: 'idle in transaction' while it prepares a batch."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM pg_stat_activity WHERE application_name = %s", [APP_NAME])
        found = cursor.fetchone()
    return found[0] if found else None


def kill_mid_batch(process: subprocess.Popen[str], organisation: Organisation) -> None:
    """SIGKILL the import once a few batches are in and it is inside the next one's
    transaction, then wait until the server has dropped its session."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the import finished before it could be killed"
        stored = Report.objects.filter(source_organisation=organisation).count()
        if 3 * BATCH <= stored <= ROWS // 2 and importer_state() == "idle in transaction":
            process.send_signal(signal.SIGKILL)
            process.communicate()
            while importer_state() is not None and time.monotonic() < deadline:
                time.sleep(0.02)  # the server notices the lost connection and rolls back
            return
        time.sleep(0.005)
    process.kill()
    raise AssertionError("the import never reached the middle of the file in 30 seconds")


def versions(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, Counter[str]]]:
    """What whole batches leave: for each number of batches done, the fingerprint of the
    version of each report stored; and for each version, the kinds of identifier it has."""
    empty = Mappings(scam_types={}, contact_methods={})
    stored: dict[str, str] = {}
    after_batches = [dict(stored)]
    kinds: dict[str, Counter[str]] = {}
    for start in range(0, len(rows), BATCH):
        for values in rows[start : start + BATCH]:
            result = read_row(values, mappings=empty, source=Report.Source.PARTNER_FILE)
            if result.submission is not None:
                stored[result.submission.partner_reference] = result.fingerprint
                items = result.submission.identifiers
                kinds[result.fingerprint] = Counter(i.kind for i in items if i.value.strip())
        after_batches.append(dict(stored))
    return after_batches, kinds


def fields(obj: Model, leave_out: set[str]) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in leave_out
    }


def snapshot(organisation: Organisation) -> dict[str, Any]:
    """Everything the import stores, without database ids, timestamps and the random
    tracking secret. References are kept: they are reserved in the batch's transaction,
    so a killed batch gives its numbers back and the rerun hands out the same ones."""
    reports = (
        Report.objects.filter(source_organisation=organisation)
        .select_related("scam_type", "contact_method")
        .prefetch_related("persons", "identifiers", "updates")
    )
    state: dict[str, Any] = {}
    for report in reports:
        state[report.partner_reference] = {
            "report": fields(report, {"id", "tracking_secret_hash", "created_at", "updated_at"}),
            "scam_type": report.scam_type.slug if report.scam_type else None,
            "contact_method": report.contact_method.slug if report.contact_method else None,
            "persons": sorted(
                (fields(p, {"id", "report_id"}) for p in report.persons.all()),
                key=lambda p: json.dumps(p, sort_keys=True, default=str),
            ),
            "identifiers": sorted(
                (fields(i, {"id", "report_id"}) for i in report.identifiers.all()),
                key=lambda i: json.dumps(i, sort_keys=True, default=str),
            ),
            "updates": sorted((u.kind, u.text) for u in report.updates.all()),
        }
    quarantined = sorted(
        (q.row_number, q.fingerprint, q.reasons, q.raw, q.status)
        for q in QuarantinedRow.objects.filter(organisation=organisation)
    )
    return {
        "reports": state,
        "quarantined": json.loads(json.dumps(quarantined, default=str)),
        "sequences": dict(ReferenceSequence.objects.values_list("year", "last")),
    }


def differences(resumed: dict[str, Any], fresh: dict[str, Any], references: list[str]) -> str:
    """Which parts of which reports differ, for a readable failure."""
    lines = []
    for ref in references[:5]:
        for part, value in fresh[ref].items():
            if isinstance(value, dict):
                changed = [k for k in value if resumed[ref][part][k] != value[k]]
                lines += [
                    f"{ref} {k}: {resumed[ref][part][k]!r}, clean {value[k]!r}" for k in changed
                ]
            elif resumed[ref][part] != value:
                lines.append(f"{ref} {part}: {resumed[ref][part]!r}, clean {value!r}")
    head = f"{len(references)} reports differ from a clean import after the rerun, first:"
    return "\n".join([head, *lines])


def wipe(organisation: Organisation) -> None:
    # Stored reports are triaged into cases, which keep their victims: cases go first.
    Case.objects.filter(reports__source_organisation=organisation).delete()
    Report.objects.filter(source_organisation=organisation).delete()
    QuarantinedRow.objects.filter(organisation=organisation).delete()
    ImportRun.objects.filter(organisation=organisation).delete()
    ReferenceSequence.objects.all().delete()


@pytest.fixture
def organisation() -> Organisation:
    """A partner, with the taxonomy and shared wording a transactional test may have lost:
    transactional tests end by emptying every table."""
    taxonomy.seed(ScamType, ContactMethod)
    seed_defaults(ValueMapping, ScamType, ContactMethod)
    return Organisation.objects.create(
        slug="durability-partner", name="Durability partner", kind=Organisation.Kind.POLICE
    )


def test_an_import_killed_mid_batch_leaves_whole_reports_and_a_rerun_finishes_the_job(
    tmp_path: Path, organisation: Organisation
) -> None:
    path = tmp_path / "referrals.csv"
    rows = write_file(path)
    unusable = [r for r in rows if not r["partner_reference"] or r["received_date"] == "last week"]
    expected_reports = len({r["partner_reference"] for r in rows if r not in unusable})

    kill_mid_batch(start_import(path, organisation), organisation)

    reports = Report.objects.filter(source_organisation=organisation)
    stored = dict(reports.values_list("partner_reference", "source_hash"))
    after_batches, kinds = versions(rows)
    assert stored in after_batches[3:-1], "the database is not the state of whole batches"
    batches = after_batches.index(stored)
    victims = Person.objects.filter(report__in=reports, role=Person.Role.VICTIM)
    assert sorted(Counter(victims.values_list("report_id", flat=True)).values()) == [1] * len(
        stored
    )
    assert ReportUpdate.objects.filter(report__in=reports).count() == len(stored)
    assert set(
        QuarantinedRow.objects.filter(organisation=organisation).values_list(
            "row_number", flat=True
        )
    ) == {i + 2 for i, r in enumerate(rows[: batches * BATCH]) if r in unusable}
    for report in reports.prefetch_related("identifiers"):
        assert Counter(i.kind for i in report.identifiers.all()) == kinds[report.source_hash]
    assert ReferenceSequence.objects.get(year=2024).last == len(stored), (
        "the killed batch's references were not given back"
    )

    summary = run_import(path, organisation)
    assert summary["rows"] == ROWS
    assert (
        summary["created"] + summary["updated"] + summary["unchanged"] + summary["quarantined"]
        == summary["rows"]
    )
    assert summary["created"] == expected_reports - len(stored)
    assert summary["quarantined"] == len(unusable) == 3
    resumed = snapshot(organisation)
    assert len(resumed["reports"]) == expected_reports

    wipe(organisation)
    clean = run_import(path, organisation)
    assert clean["created"] == expected_reports
    assert clean["created"] + clean["updated"] + clean["unchanged"] + clean["quarantined"] == ROWS
    assert clean["unchanged"] + clean["updated"] == ROWS - expected_reports - len(unusable), (
        "every repeat of a reference is counted once, as unchanged or as an update"
    )
    assert clean["quarantined"] == len(unusable)
    fresh = snapshot(organisation)
    differing = [
        ref for ref, report in fresh["reports"].items() if resumed["reports"][ref] != report
    ]
    assert differing == [], differences(resumed["reports"], fresh["reports"], differing)
    assert fresh == resumed
