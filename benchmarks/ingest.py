"""How fast a partner's referral file goes in, and how much memory the import needs.

Writes a realistic, messy referral CSV (the generic format) of N rows, deterministic by
seed, then times `fraudhub import-referrals` into a fresh SQLite database and a fresh
PostgreSQL database, and PostgreSQL's own COPY of the same file into text columns (the
physical floor). Each import runs as a subprocess, as a partner's import would, and its
peak memory is read from the kernel's accounting for that one process.

    .venv/bin/python benchmarks/ingest.py                    # 100,000 rows
    .venv/bin/python benchmarks/ingest.py --large --skip-sqlite   # 1,000,000 rows

See docs/performance.md for the figures and what they mean.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import django
import psycopg
from databases import drop_database  # benchmarks/databases.py
from psycopg import sql

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
django.setup()

from faker import Faker  # noqa: E402

from fraudhub.intake.mapping_defaults import (  # noqa: E402
    DEFAULT_CONTACT_WORDS,
    DEFAULT_SCAM_TYPE_WORDS,
)
from fraudhub.intake.referrals import (  # noqa: E402
    COLUMNS,
    PAYMENT_WORDS,
    Mappings,
    mapping_key,
    read_row,
)
from fraudhub.reports.geography import POSTCODE_DISTRICTS  # noqa: E402
from fraudhub.reports.preparation import Taxonomy, prepare  # noqa: E402
from fraudhub.reports.taxonomy import CONTACT_METHODS, SCAM_TYPES  # noqa: E402
from fraudhub.tabular import open_rows  # noqa: E402

DEFAULT_ROWS = 100_000
LARGE_ROWS = 1_000_000
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_bench"
TARGET_ROWS_PER_SECOND = 10_000
TARGET_PEAK_MB = 300
NORMALISE_SAMPLE = 20_000  # rows read and normalised in-process, with no database
FRAUDHUB = Path(sys.executable).with_name("fraudhub")
ORG_SLUG = "bench-partner"

# Shares of rows (per row, so the counts vary a little with the seed).
QUARANTINABLE = 0.001
REPEATED = 0.004  # the same row sent again: unchanged
REVISED = 0.002  # the same reference sent again with new content: updated
MULTILINE = 0.15
RECENT_KEPT = 2_000  # rows remembered for repeats and revisions; memory stays flat

FIRST_DAY = date(2024, 1, 1)
DAYS = 730  # received dates fall in 2024 and 2025, so none is in the future
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
AREA_CODES = ("1727", "1442", "1923", "1438", "1707", "1992", "1462", "1279", "1582", "20")
EMAIL_DOMAINS = (
    "gmail.com",
    "btinternet.com",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "outlook.com",
    "aol.com",
    "sky.com",
    "talktalk.net",
)
BRANDS = (
    "barclays",
    "natwest",
    "hsbc",
    "lloyds",
    "royalmail",
    "evri",
    "dpd",
    "hmrc",
    "amazon",
    "paypal",
    "netflix",
    "dvla",
    "ofgem",
    "microsoft",
)
SITE_SHAPES = (
    "{brand}-secure-{n}.com",
    "{brand}-refunds{n}.co.uk",
    "verify-{brand}{n}.net",
    "{brand}.account-help{n}.info",
    "my{brand}-{n}.online",
)
OPENINGS = (
    "I received a call from someone saying they were from my bank.",
    "A text message said a parcel could not be delivered and asked for a fee of £1.45.",
    "A man came to the door and said my roof tiles were loose.",
    "I met someone on a dating site who after a few weeks asked for money for a flight.",
    "An email said I was owed a tax refund and asked for my card details.",
    "A caller said my computer had a virus and asked me to install some software.",
    "I saw an advert on social media for an investment in cryptocurrency.",
    "I got a letter saying I had won a prize draw in Spain.",
    "My daughter's number messaged me on WhatsApp saying she had a new phone.",
    "I bought a caravan online, paid a deposit and it never arrived.",
)
MIDDLES = (
    "They knew my name and address, which made it seem real.",
    "They told me not to tell anyone, not even the bank staff.",
    "They said the money would be moved to a safe account.",
    "He came back the next day with a friend, saying the work had cost more than expected.",
    "She said 'trust me, everyone does it this way', and sounded very kind.",
    "I paid by bank transfer, then they asked for more, for fees and taxes.",
    "They stayed on the phone for over an hour while I went to the bank.",
    "The website looked exactly like the real one, with the logo and everything.",
    "They said I had to act today or lose the money.",
    "I was asked to buy gift cards and read out the numbers.",
)
ENDINGS = (
    "My neighbour told me it sounded like a scam and I called the bank.",
    "The bank stopped the last payment but the others had gone.",
    "I have not lost any money but I am worried they have my details.",
    "I feel very embarrassed and have not told my family.",
    "Police have been informed.",
    "",
)
VULNERABILITY_NOTES = (
    "Lives alone, hard of hearing.",
    "Early-stage dementia; daughter holds lasting power of attorney.",
    "Recently bereaved.",
    "Uses a wheelchair; carer visits daily.",
    "Very anxious after the calls, not sleeping.",
)
UNKNOWN_SCAM_WORDS = ("Gardening scam", "Pension liberation", "Ticket fraud")
UNKNOWN_CONTACT_WORDS = ("Fax", "Carrier pigeon", "Leaflet")
REPORTED_TO = ("Action Fraud", "Police", "Bank", "Action Fraud; Bank", "Citizens Advice")
CONSENT_WORDS = ("yes", "Yes", "Y", "no", "N", "Consent given", "TRUE", "maybe")
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "MRS")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass
class FileFacts:
    """What the generator wrote, so the import's summary can be checked against it."""

    rows: int = 0
    quarantinable: int = 0
    repeated: int = 0
    revised: int = 0
    seconds: float = 0.0
    bytes: int = 0

    @property
    def expected(self) -> dict[str, int]:
        """One report per reference; a row sent again is updated or unchanged (which of
        the two depends on whether it shares a batch with the earlier row)."""
        return {
            "rows": self.rows,
            "created": self.rows - self.quarantinable - self.repeated - self.revised,
            "updated + unchanged": self.repeated + self.revised,
            "quarantined": self.quarantinable,
        }


@dataclass
class Pools:
    """Names, streets and the scammers' shared phones, sites and addresses, drawn once."""

    first_names: list[str]
    last_names: list[str]
    streets: list[str]
    companies: list[str]
    scam_words: list[str]
    contact_words: list[str]
    payment_words: list[str]
    scammer_phones: list[str]
    scammer_sites: list[str]
    scammer_emails: list[str]


def make_pools(rng: random.Random, seed: int, rows: int) -> Pools:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    last_names = [fake.last_name() for _ in range(2_000)]
    scam_words = [s.slug for s in SCAM_TYPES] + [s.name for s in SCAM_TYPES]
    scam_words += list(DEFAULT_SCAM_TYPE_WORDS) + [w.upper() for w in DEFAULT_SCAM_TYPE_WORDS]
    contact_words = [slug for slug, _ in CONTACT_METHODS] + [n for _, n in CONTACT_METHODS]
    contact_words += [w.title() for w in DEFAULT_CONTACT_WORDS]
    sites = []
    for n in range(max(200, rows // 200)):
        shape = rng.choice(SITE_SHAPES)
        sites.append(shape.format(brand=rng.choice(BRANDS), n=n))
    return Pools(
        first_names=[fake.first_name() for _ in range(1_000)],
        last_names=last_names,
        streets=[fake.street_name() for _ in range(2_000)],
        companies=[f"{rng.choice(last_names)} {fake.company_suffix()}" for _ in range(500)],
        scam_words=scam_words,
        contact_words=contact_words,
        payment_words=list(PAYMENT_WORDS) + ["Bank Transfer", "Amazon vouchers", "PayPal"],
        scammer_phones=[_mobile(rng) for _ in range(max(500, rows // 40))],
        scammer_sites=sites,
        scammer_emails=[
            f"{rng.choice(BRANDS)}.{word}{n}@{rng.choice(EMAIL_DOMAINS)}"
            for n, word in enumerate(
                rng.choice(("support", "claims", "refund")) for _ in range(300)
            )
        ],
    )


def _mobile(rng: random.Random) -> str:
    return f"07{rng.randint(400, 999)}{rng.randint(0, 999_999):06d}"


def _skewed(rng: random.Random, pool: Sequence[str]) -> str:
    """A few scammers account for most reports: low indexes come up far more often."""
    return pool[int(len(pool) * rng.random() ** 3)]


def phone_as_typed(rng: random.Random, national: str) -> str:
    """A UK number (without its leading 0) the way people and partner systems write it."""
    split = 2 if national.startswith("20") else 4
    head, tail = national[:split], national[split:]
    roll = rng.random()
    if roll < 0.30:
        return f"0{head} {tail}"
    if roll < 0.45:
        return f"0{national}"
    if roll < 0.55:
        return f"+44 {head} {tail}"
    if roll < 0.62:
        return f"+44{national}"
    if roll < 0.68:
        return f"0044 {head} {tail[:3]} {tail[3:]}"
    if roll < 0.74:
        return f"(0{head}) {tail}"
    if roll < 0.80:
        return f"0{head}-{tail[:3]}-{tail[3:]}"
    if roll < 0.84:
        return f"44{national}"
    if roll < 0.87:
        return f"0{national[:-1]}"  # a digit short
    if roll < 0.89:
        return rng.choice(("n/a", "unknown", "withheld", "123"))
    if roll < 0.91:
        return f"+234 803 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    if roll < 0.93:
        return f"09{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    return f"0{head} {tail}"


def victim_phone(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return ""
    if rng.random() < 0.55:
        return phone_as_typed(rng, _mobile(rng)[1:])
    area = rng.choice(AREA_CODES)
    digits = 10 - len(area)
    return phone_as_typed(rng, f"{area}{rng.randint(2 * 10 ** (digits - 1), 10**digits - 1)}")


def postcode_as_typed(rng: random.Random) -> tuple[str, str]:
    """A postcode in the county (with its town), typed with the usual variety."""
    district = rng.choice(POSTCODE_DISTRICTS)
    inward = f"{rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
    roll = rng.random()
    if roll < 0.80:
        typed = f"{district.code} {inward}"
    elif roll < 0.85:
        typed = f"{district.code} {inward}".lower()
    elif roll < 0.90:
        typed = f"{district.code}{inward}"
    elif roll < 0.93:
        typed = f"{district.code}  {inward}"
    elif roll < 0.95:
        typed = district.code
    elif roll < 0.98:
        typed = rng.choice((f"{district.code} {inward[:2]}", "N/A", "12345", "unknown"))
    else:
        typed = ""
    return typed, district.town


def date_as_typed(rng: random.Random, day: date) -> str:
    roll = rng.random()
    if roll < 0.80:
        return day.strftime("%d/%m/%Y")
    if roll < 0.90:
        return day.isoformat()
    if roll < 0.95:
        return f"{day.day}/{day.month}/{day.strftime('%y')}"
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def money_as_typed(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return ""
    pounds = int(10 ** rng.uniform(1, 5))
    roll = rng.random()
    if roll < 0.45:
        return f"£{pounds:,}.00"
    if roll < 0.65:
        return f"£{pounds:,}"
    if roll < 0.85:
        return str(pounds)
    if roll < 0.92:
        return f"{pounds:,}.{rng.randint(0, 99):02d}"
    if roll < 0.96:
        return f"GBP {pounds}"
    return rng.choice(("unknown", "a few hundred", "£2,000 (approx)"))


def narrative(rng: random.Random) -> str:
    parts = [rng.choice(OPENINGS)] + rng.sample(MIDDLES, rng.randint(0, 3)) + [rng.choice(ENDINGS)]
    if rng.random() < MULTILINE:
        return "\n".join(p for p in parts if p)
    return " ".join(p for p in parts if p)


def email_as_typed(rng: random.Random, first: str, last: str) -> str:
    roll = rng.random()
    if roll < 0.55:
        return ""
    address = f"{first}.{last}{rng.randint(1, 999)}@{rng.choice(EMAIL_DOMAINS)}".replace(" ", "")
    if roll < 0.90:
        return address.lower()
    if roll < 0.97:
        return address
    return rng.choice((f"{first.lower()}@", "none", "no email"))


def website_as_typed(rng: random.Random, site: str) -> str:
    roll = rng.random()
    if roll < 0.4:
        return site
    if roll < 0.6:
        return f"https://www.{site}/login"
    if roll < 0.8:
        return f"http://{site}"
    if roll < 0.9:
        return f"www.{site.upper()}"
    return f"https://{site}/verify?id={rng.randint(1000, 99999)}"


def one_row(rng: random.Random, pools: Pools, number: int) -> list[str]:
    """A referral as a partner's case system exports it: mostly right, often untidy."""
    received = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    incident = received - timedelta(days=rng.randint(0, 60))
    first, last = rng.choice(pools.first_names), rng.choice(pools.last_names)
    postcode, town = postcode_as_typed(rng)
    age = int(rng.triangular(18, 98, 80))
    born = incident - timedelta(days=365 * age + rng.randrange(365))
    roll = rng.random()
    incident_typed = (
        date_as_typed(rng, incident)
        if roll < 0.7
        else ("" if roll < 0.95 else rng.choice(("last Tuesday", "early March", "31/02/2025")))
    )
    age_typed = "" if rng.random() < 0.45 else rng.choice((str(age), str(age), f"{age} years"))
    sort_code = account = ""
    if rng.random() < 0.1:
        digits = f"{rng.randint(0, 999_999):06d}"
        sort_code = rng.choice((f"{digits[:2]}-{digits[2:4]}-{digits[4:]}", digits))
        account = f"{rng.randint(0, 99_999_999):08d}"
        if rng.random() < 0.05:
            account = account[:7]
    suspect_phone = _skewed(rng, pools.scammer_phones) if rng.random() < 0.5 else ""
    if suspect_phone:
        suspect_phone = phone_as_typed(rng, suspect_phone[1:])
        if rng.random() < 0.05:
            suspect_phone += "; " + phone_as_typed(rng, _skewed(rng, pools.scammer_phones)[1:])
    values = {
        "partner_reference": f"TS/{received.year}/{number:07d}",
        "received_date": date_as_typed(rng, received),
        "incident_date": incident_typed,
        "scam_type": rng.choice(pools.scam_words)
        if rng.random() < 0.97
        else rng.choice(UNKNOWN_SCAM_WORDS),
        "contact_method": ""
        if rng.random() < 0.1
        else (
            rng.choice(pools.contact_words)
            if rng.random() < 0.98
            else rng.choice(UNKNOWN_CONTACT_WORDS)
        ),
        "description": narrative(rng),
        "amount_lost": money_as_typed(rng),
        "payment_method": rng.choice(pools.payment_words) if rng.random() < 0.5 else "",
        "victim_title": rng.choice(TITLES) if rng.random() < 0.7 else "",
        "victim_first_name": first,
        "victim_last_name": last,
        "victim_date_of_birth": date_as_typed(rng, born) if rng.random() < 0.4 else "",
        "victim_age": age_typed,
        "victim_address_line1": f"{rng.randint(1, 180)} {rng.choice(pools.streets)}",
        "victim_address_line2": "Flat " + str(rng.randint(1, 30)) if rng.random() < 0.1 else "",
        "victim_town": town,
        "victim_postcode": postcode,
        "victim_phone": victim_phone(rng),
        "victim_email": email_as_typed(rng, first, last),
        "vulnerability_notes": rng.choice(VULNERABILITY_NOTES) if rng.random() < 0.15 else "",
        "suspect_name": f"{rng.choice(pools.first_names)} {rng.choice(pools.last_names)}"
        if rng.random() < 0.3
        else "",
        "suspect_phone": suspect_phone,
        "suspect_email": _skewed(rng, pools.scammer_emails) if rng.random() < 0.2 else "",
        "suspect_website": website_as_typed(rng, _skewed(rng, pools.scammer_sites))
        if rng.random() < 0.25
        else "",
        "suspect_bank_sort_code": sort_code,
        "suspect_bank_account": account,
        "suspect_company": _skewed(rng, pools.companies) if rng.random() < 0.1 else "",
        "suspect_vehicle_reg": f"{rng.choice('ABCDEFGHKLMNOPRSVWY')}{rng.choice('ABCDEFGHJKLMNOPRSTUVWXY')}"
        f"{rng.randint(10, 74)} {''.join(rng.choice('ABCDEFGHJKLMNOPRSTUVWXYZ') for _ in range(3))}"
        if rng.random() < 0.05
        else "",
        "consent_to_contact": rng.choice(CONSENT_WORDS) if rng.random() < 0.8 else "",
        "reported_to": rng.choice(REPORTED_TO) if rng.random() < 0.4 else "",
        "crime_reference": f"NFRC{received.strftime('%y%m')}{rng.randint(0, 9_999_999):07d}"
        if rng.random() < 0.3
        else "",
    }
    return [values[column] for column in COLUMNS]


def unusable_row(rng: random.Random, row: list[str]) -> list[str]:
    """A row that cannot be a report at all, so it is quarantined."""
    broken = list(row)
    which = rng.randrange(3)
    if which == 0:
        broken[COLUMNS.index("partner_reference")] = ""
    elif which == 1:
        broken[COLUMNS.index("received_date")] = rng.choice(("last week", "TBC", "31/13/2025"))
    else:
        broken[COLUMNS.index("description")] = ""
        broken[COLUMNS.index("scam_type")] = ""
    return broken


def generate_rows(rows: int, seed: int, facts: FileFacts) -> Iterator[list[str]]:
    """`rows` data rows, deterministic by seed, counting what the import should make of
    them. Only the last RECENT_KEPT rows are held, for repeats and revisions."""
    rng = random.Random(seed)
    pools = make_pools(rng, seed, rows)
    recent: list[list[str]] = []
    description = COLUMNS.index("description")
    for number in range(1, rows + 1):
        roll = rng.random()
        if recent and roll < REPEATED:
            row = rng.choice(recent)
            facts.repeated += 1
        elif recent and roll < REPEATED + REVISED:
            index = rng.randrange(len(recent))
            row = list(recent[index])
            row[description] += f" Update {number}: the victim called again with more detail."
            recent[index] = row
            facts.revised += 1
        elif roll < REPEATED + REVISED + QUARANTINABLE:
            row = unusable_row(rng, one_row(rng, pools, number))
            facts.quarantinable += 1
        else:
            row = one_row(rng, pools, number)
            if len(recent) < RECENT_KEPT:
                recent.append(row)
            else:
                recent[rng.randrange(RECENT_KEPT)] = row
        facts.rows += 1
        yield row


def write_file(path: Path, rows: int, seed: int) -> FileFacts:
    facts = FileFacts()
    started = time.perf_counter()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(generate_rows(rows, seed, facts))
    facts.seconds = time.perf_counter() - started
    facts.bytes = path.stat().st_size
    return facts


# --- measuring -------------------------------------------------------------------------


@dataclass
class Measured:
    """One subprocess: wall time, peak resident memory and what it printed."""

    seconds: float
    cpu_seconds: float
    peak_mb: float
    stdout: str
    returncode: int

    def summary(self) -> dict[str, int]:
        lines = self.stdout.strip().splitlines()
        return dict(json.loads(lines[-1])) if lines else {}


def run_measured(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run a command and read its own peak RSS from wait4 (ru_maxrss is in KiB on Linux);
    getrusage(RUSAGE_CHILDREN) would give the largest of every child so far instead."""
    out_path = log.with_suffix(".out")
    with out_path.open("wb") as out, log.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=err)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stdout}\n{log.read_text()[-3000:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(seconds, cpu, usage.ru_maxrss / 1024, stdout, process.returncode)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process on this machine, from /proc/PID/stat (fields 14 and
    15, counted after the command name, which may hold spaces)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


class BackendCpu:
    """CPU seconds of the PostgreSQL sessions serving one database while a command runs:
    pg_stat_activity names their processes, /proc gives their CPU (the server runs on this
    machine). Sampled every 0.1 s, so a session's last tenth of a second may be missed."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.seen: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> BackendCpu:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self.seen.values())

    def _watch(self) -> None:
        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                pids = conn.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
                for (pid,) in pids:
                    cpu = process_cpu_seconds(pid)
                    if cpu is not None:
                        self.seen[pid] = max(cpu, self.seen.get(pid, 0.0))
                self._stop.wait(0.1)


def django_env(database_url: str, debug: bool) -> dict[str, str]:
    """The environment of a deployment (DEBUG off unless asked) pointing at one database."""
    env = {**os.environ, "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING"}
    env["DEBUG"] = "true" if debug else "false"
    if not debug:
        env["SECRET_KEY"] = "benchmark-only-not-a-secret"  # noqa: S105
    return env


def fraudhub(*args: str) -> list[str]:
    return [str(FRAUDHUB), *args]


@dataclass
class Result:
    label: str
    rows: int
    seconds: float
    cpu_seconds: float | None = None
    peak_mb: float | None = None
    summary: dict[str, int] = field(default_factory=dict)
    server_cpu_seconds: float | None = None  # the PostgreSQL session's own

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def import_into(
    label: str, database_url: str, csv_path: Path, facts: FileFacts, work: Path, debug: bool
) -> Result:
    """Migrate an empty database, add the partner, then time the import alone."""
    env = django_env(database_url, debug)
    slug = label.split()[0].lower()
    run_measured(fraudhub("migrate", "--noinput"), env, work / f"{slug}-migrate.log")
    run_measured(
        fraudhub("add-organisation", ORG_SLUG, "--name", "Benchmark partner", "--kind", "police"),
        env,
        work / f"{slug}-org.log",
    )
    print(f"  importing into {label} ...", flush=True)
    command = fraudhub("import-referrals", str(csv_path), "--org", ORG_SLUG)
    backend: BackendCpu | None = None
    if database_url.startswith("postgres"):
        with BackendCpu(database_url) as backend:
            measured = run_measured(command, env, work / f"{slug}-import.log")
    else:
        measured = run_measured(command, env, work / f"{slug}-import.log")
    summary = measured.summary()
    expected = facts.expected
    counted = {**summary, "updated + unchanged": summary["updated"] + summary["unchanged"]}
    if {k: counted.get(k) for k in expected} != expected:
        print(f"  ! {label}: summary {summary} differs from what was written {expected}")
    return Result(
        label,
        facts.rows,
        measured.seconds,
        measured.cpu_seconds,
        measured.peak_mb,
        summary,
        backend.seconds if backend is not None else None,
    )


def copy_floor(url: str, csv_path: Path, rows: int) -> Result:
    """PostgreSQL's COPY of the same file into a table of text columns, one per header
    column: no parsing beyond CSV, no normalising, no indexes. Nothing loads it faster."""
    table = sql.Identifier("bench_copy_floor")
    columns = sql.SQL(", ").join(sql.SQL("{} text").format(sql.Identifier(c)) for c in COLUMNS)
    with psycopg.connect(url) as conn:
        conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(table))
        conn.execute(sql.SQL("CREATE TABLE {} ({})").format(table, columns))
        conn.commit()
        started = time.perf_counter()
        with (
            conn.cursor() as cursor,
            cursor.copy(
                sql.SQL("COPY {} FROM STDIN (FORMAT csv, HEADER true)").format(table)
            ) as copy,
            csv_path.open("rb") as handle,
        ):
            while block := handle.read(1 << 20):
                copy.write(block)
        conn.commit()
        seconds = time.perf_counter() - started
        loaded = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table)).fetchone()
        conn.execute(sql.SQL("DROP TABLE {}").format(table))
        conn.commit()
    if loaded is None or loaded[0] != rows:
        print(f"  ! COPY loaded {loaded} rows, expected {rows}")
    return Result("PostgreSQL COPY (text columns)", rows, seconds)


def normalise_floor(csv_path: Path, limit: int) -> Result:
    """CPU time to read and normalise the first rows (read_row, then prepare) with no
    database at all: the ceiling on rows per second per core however the rows are stored.
    The mappings and taxonomy are built from the seeds, as a fresh database has them."""
    scam_types = {mapping_key(s.slug): s.slug for s in SCAM_TYPES}
    scam_types |= {mapping_key(s.name): s.slug for s in SCAM_TYPES}
    scam_types |= {mapping_key(w): slug for w, slug in DEFAULT_SCAM_TYPE_WORDS.items()}
    methods = {mapping_key(slug): slug for slug, _ in CONTACT_METHODS}
    methods |= {mapping_key(name): slug for slug, name in CONTACT_METHODS}
    methods |= {mapping_key(w): slug for w, slug in DEFAULT_CONTACT_WORDS.items()}
    mappings = Mappings(scam_types=scam_types, contact_methods=methods)
    taxonomy = Taxonomy(
        scam_types={s.slug: i for i, s in enumerate(SCAM_TYPES, 1)},
        contact_methods={slug: i for i, (slug, _) in enumerate(CONTACT_METHODS, 1)},
    )
    today = date.today()
    done = 0
    started = time.process_time()
    for row in open_rows(csv_path).rows():
        result = read_row(row.values, mappings=mappings, source="partner_file", today=today)
        if result.submission is not None:
            prepare(result.submission, taxonomy)
        done += 1
        if done == limit:
            break
    seconds = time.process_time() - started
    return Result("Read + normalise only, no DB", done, seconds, seconds)


def database_size_mb(url: str) -> float:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return (row[0] if row else 0) / 1024 / 1024


def print_table(results: list[Result]) -> None:
    """Wall time is what a partner waits; CPU seconds are the import process's own (not
    the database server's), which other work on the machine disturbs less."""
    print()
    print(
        f"{'':32} {'rows':>10} {'seconds':>8} {'rows/s':>8} {'CPU s':>7} {'server':>7} "
        f"{'us/row':>7} {'peak MB':>8}"
    )
    for r in results:
        cpu = f"{r.cpu_seconds:7.1f}" if r.cpu_seconds is not None else f"{'-':>7}"
        server = f"{r.server_cpu_seconds:7.1f}" if r.server_cpu_seconds is not None else f"{'-':>7}"
        total = (r.cpu_seconds or 0) + (r.server_cpu_seconds or 0)
        per_row = f"{1e6 * total / r.rows:7.0f}" if total and r.rows else f"{'-':>7}"
        peak = f"{r.peak_mb:8.0f}" if r.peak_mb is not None else f"{'-':>8}"
        print(
            f"{r.label:32} {r.rows:>10,} {r.seconds:>8.1f} {r.rows_per_second:>8,.0f} {cpu} "
            f"{server} {per_row} {peak}"
        )
    print(
        "CPU s is the import process's own; server, its PostgreSQL session's; us/row, both "
        "together per row."
    )


def verdict(results: list[Result]) -> None:
    postgres = next((r for r in results if r.label.startswith("PostgreSQL import")), None)
    if postgres is None:
        return
    rate = postgres.rows_per_second
    met = "met" if rate >= TARGET_ROWS_PER_SECOND else "MISSED"
    print(
        f"\nTarget {TARGET_ROWS_PER_SECOND:,} rows/s into PostgreSQL: {met} "
        f"({rate:,.0f} rows/s, {100 * rate / TARGET_ROWS_PER_SECOND:.0f}% of the target)"
    )
    peak = postgres.peak_mb or 0
    met = "met" if peak < TARGET_PEAK_MB else "MISSED"
    note = "" if postgres.rows >= LARGE_ROWS else " (the target is for 1,000,000 rows)"
    print(
        f"Target peak under {TARGET_PEAK_MB} MB: {met} ({peak:.0f} MB at {postgres.rows:,} rows){note}"
    )
    floor = next((r for r in results if "COPY" in r.label), None)
    if floor and floor.seconds:
        print(f"The import takes {postgres.seconds / floor.seconds:.0f} times as long as COPY.")
    alone = next((r for r in results if r.label.startswith("Read + normalise")), None)
    if alone:
        print(
            "Reading and normalising alone, with no database, manage "
            f"{alone.rows_per_second:,.0f} rows per CPU-second."
        )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--large", action="store_true", help=f"{LARGE_ROWS:,} rows")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--debug", action="store_true", help="import with DEBUG on (the development default)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the file and the databases")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rows = LARGE_ROWS if args.large else args.rows
    work = Path(tempfile.mkdtemp(prefix="fraudhub-bench-"))
    csv_path = work / f"referrals-{rows}.csv"
    print(f"Writing {rows:,} rows (seed {args.seed}) to {csv_path} ...", flush=True)
    facts = write_file(csv_path, rows, args.seed)
    print(
        f"  {facts.bytes / 1024 / 1024:.1f} MB in {facts.seconds:.1f} s: "
        f"{facts.quarantinable} unusable, {facts.repeated} repeated, {facts.revised} revised rows"
    )
    results: list[Result] = [normalise_floor(csv_path, min(rows, NORMALISE_SAMPLE))]
    print(f"  load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if not args.skip_sqlite:
        sqlite_url = f"sqlite:///{work / 'bench.sqlite3'}"
        results.append(import_into("SQLite import", sqlite_url, csv_path, facts, work, args.debug))
    if not args.skip_postgres:
        drop_database(args.postgres_url, create_again=True)
        results.append(
            import_into("PostgreSQL import", args.postgres_url, csv_path, facts, work, args.debug)
        )
        print(f"  database size after the import: {database_size_mb(args.postgres_url):.0f} MB")
        print("  copying the raw file with COPY ...", flush=True)
        results.append(copy_floor(args.postgres_url, csv_path, rows))
    print(f"  load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print_table(results)
    verdict(results)
    if args.keep:
        print(f"\nKept {work} and the database {urlsplit(args.postgres_url).path.lstrip('/')}")
    else:
        if not args.skip_postgres:
            drop_database(args.postgres_url)
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
