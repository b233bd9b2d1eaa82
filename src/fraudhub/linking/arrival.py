"""People matching as a report arrives: one new victim record against everyone already
known, without running the whole model again.

Candidates are found by indexed queries on the stored records (the same phone, email,
postcode or date of birth, or the same names either way round), then scored with the
people model's own comparisons and trained parameters: Splink writes the scoring SQL
once for the model, and DuckDB runs it on the new record and its few candidates. Name
frequencies (Splink's term frequency adjustments) are those of every stored record."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import Lower

from fraudhub.reports.models import Person

from .people import (
    COMPARED_FIELDS,
    SHARED_CONTACT_FIELDS,
    SHIPPED_MODEL,
    ScoredPair,
    agreement_of,
)

logger = logging.getLogger(__name__)

# How many records each candidate query may bring: a very common date of birth or
# postcode at a million records shares a few dozen; this keeps the worst case quick.
CANDIDATES_PER_QUERY = 300
MIN_PROBABILITY = 0.5  # pairs at least this likely are kept for analysts, as nightly

_COLUMNS = (
    ("unique_id", "int64"),
    ("given_name", "string"),
    ("given_forms", "list<string>"),
    ("surname", "string"),
    ("date_of_birth", "string"),
    ("postcode", "string"),
    ("address", "string"),
    ("address_words", "string"),
    ("address_line1", "string"),
    ("address_line2", "string"),
    ("town", "string"),
    ("phone", "string"),
    ("email", "string"),
    ("tf_given_name", "double"),
    ("tf_surname", "double"),
)


def candidate_ids(person: Person) -> list[int]:
    """Stored records of the same role that could be this person: each shares at least
    one of phone, email, postcode or date of birth with it, or its names either way round.
    Every query is answered from an index."""
    others = Person.objects.filter(role=person.role).exclude(pk=person.pk)
    queries = []
    for field_name in ("phone", "email", "postcode"):
        if value := getattr(person, field_name):
            queries.append(others.filter(**{field_name: value}))
    if person.date_of_birth:
        queries.append(others.filter(date_of_birth=person.date_of_birth))
    given, surname = person.first_name.strip().lower(), person.last_name.strip().lower()
    if given and surname:
        named = others.alias(given=Lower("first_name"), surname=Lower("last_name"))
        queries.append(named.filter(surname=surname, given=given))
        queries.append(named.filter(surname=given, given=surname))
    found: set[int] = set()
    for query in queries:
        found.update(query.values_list("pk", flat=True)[:CANDIDATES_PER_QUERY])
    return sorted(found)


_TOTAL_SECONDS = 600.0  # how long a count of all named records is reused
_totals: dict[tuple[str, str], tuple[float, int]] = {}


def _named_total(role: str, field_name: str) -> int:
    """How many records of the role have this name field: a full count, so kept a while."""
    key = (role, field_name)
    now = time.monotonic()
    cached = _totals.get(key)
    if cached is None or now - cached[0] > _TOTAL_SECONDS:
        count = Person.objects.filter(role=role).exclude(**{field_name: ""}).count()
        _totals[key] = cached = (now, count)
    return cached[1]


def name_frequencies(
    role: str, new: Mapping[str, Any], candidates: Sequence[Mapping[str, Any]]
) -> None:
    """Set tf_given_name and tf_surname where the model's scoring reads them: the share of
    the role's stored records with that name, as Splink's training counted it (at least
    one: itself). A name's frequency weighs only a level that adjusts for it (the model's
    exact matches of that name), so at such a level a candidate's name is the new
    record's and only names some candidate shares with it are counted; the others are
    left empty (None), as they change no score. Counting every candidate's names instead
    read tens of thousands of records for each common name at a million records."""
    tf_beyond_exact = _compiled().tf_beyond_exact
    rows = [new, *candidates]
    for column, field_name in _NAME_FIELDS.items():
        if column in tf_beyond_exact:  # a model weighing names that differ: all are read
            wanted: set[str] = {row[column] for row in rows if row.get(column)}
        else:
            value: str = new.get(column) or ""
            shared = value and any(c.get(column) == value for c in candidates)
            wanted = {value} if shared else set()
        counts = _name_counts(role, field_name, wanted)
        for row in rows:
            row[f"tf_{column}"] = counts.get(row.get(column) or "")  # type: ignore[index]


_NAME_FIELDS = {"given_name": "first_name", "surname": "last_name"}


def _name_counts(role: str, field_name: str, values: set[str]) -> dict[str, float]:
    """Each name's share of the role's records with the field, from the name's index."""
    if not values:
        return {}
    total = max(_named_total(role, field_name), 1)
    counts = dict(
        Person.objects.annotate(v=Lower(field_name))
        .filter(role=role, v__in=values)
        .values("v")
        .annotate(n=Count("pk"))
        .values_list("v", "n")
        .order_by()
    )
    return {value: max(counts.get(value, 0), 1) / total for value in values}


@dataclass
class _Compiled:
    """The people model's scoring as one SQL query on two tables, arrival_l (the new
    record) and arrival_r (its candidates), with a DuckDB connection to run it on."""

    sql: str
    connection: Any
    schema: Any
    lock: threading.Lock
    tf_beyond_exact: frozenset[str]  # name columns weighed at a level besides exact match


def prepare() -> None:
    """Write the scoring SQL and start DuckDB now (about a second and a half of a core,
    once per process), so the first report a web worker stores does not wait for it."""
    _compiled()


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    """Splink writes the model's comparison and scoring SQL once per process."""
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI, Linker
    from splink.internals.pipeline import CTEPipeline
    from splink.internals.predict import predict_from_comparison_vectors_sqls_using_settings

    schema = pa.schema(
        [
            (
                name,
                pa.list_(pa.string())
                if kind == "list<string>"
                else {"int64": pa.int64(), "string": pa.string(), "double": pa.float64()}[kind],
            )
            for name, kind in _COLUMNS
        ]
    )
    connection = duckdb.connect()
    model = json.loads(SHIPPED_MODEL.read_text())
    empty = pa.Table.from_pylist([], schema=schema)
    linker = Linker(
        DuckDBAPI(connection=connection).register(empty), model, log_level=logging.ERROR
    )
    settings = linker._settings_obj  # Splink has no public way to its SQL
    settings._retain_matching_columns = True
    settings._retain_intermediate_calculation_columns = False
    # The SQL below is built from the model's own column names: nothing typed reaches it.
    blocked = ", ".join(settings._columns_to_select_for_blocking)
    compared = ", ".join(settings._columns_to_select_for_comparison_vector_values)
    pipeline = CTEPipeline()
    pipeline.enqueue_sql(
        f"select {blocked}, 0 as match_key from arrival_l as l cross join arrival_r as r",  # noqa: S608
        "__splink__arrival_blocked",
    )
    pipeline.enqueue_sql(
        f"select {compared} from __splink__arrival_blocked",  # noqa: S608
        "__splink__df_comparison_vectors",
    )
    pipeline.enqueue_list_of_sqls(predict_from_comparison_vectors_sqls_using_settings(settings))
    body = pipeline.generate_cte_pipeline_sql()
    levels = ", ".join(f"gamma_{f}" for f in COMPARED_FIELDS)
    same = ", ".join(f"coalesce({f}_l = {f}_r, false)" for f in SHARED_CONTACT_FIELDS)
    picked = f"unique_id_r, match_probability, {levels}, {same}"
    sql = f"select {picked} from ({body}) where match_probability >= ?"  # noqa: S608
    return _Compiled(sql, connection, schema, threading.Lock(), _tf_beyond_exact(settings))


def _tf_beyond_exact(settings: Any) -> frozenset[str]:
    """The columns whose frequency weighs some level other than their own exact match."""
    found = set()
    for comparison in settings.comparisons:
        for level in comparison.comparison_levels:
            column = level._tf_adjustment_input_column_name
            if not column or level.is_null_level or level._is_else_level:
                continue
            if level._tf_adjustment_weight == 0:
                continue
            if not (level._is_exact_match and level._exact_match_colnames == [column]):
                found.add(column)
    return frozenset(found)


def score_arrival(
    new: Mapping[str, Any],
    candidates: Sequence[Mapping[str, Any]],
    *,
    min_probability: float = MIN_PROBABILITY,
) -> list[ScoredPair]:
    """The pairs of the new record with each candidate that the model gives at least
    `min_probability`, with how each field compared. Records as prepare_person makes them,
    with tf_given_name and tf_surname set."""
    if not candidates:
        return []
    import pyarrow as pa

    compiled = _compiled()
    names = [name for name, _ in _COLUMNS]
    left = pa.Table.from_pylist([{n: new.get(n) for n in names}], schema=compiled.schema)
    right = pa.Table.from_pylist(
        [{n: c.get(n) for n in names} for c in candidates], schema=compiled.schema
    )
    with compiled.lock:
        cursor = compiled.connection.cursor()
        try:
            cursor.register("arrival_l", left)
            cursor.register("arrival_r", right)
            rows = cursor.execute(compiled.sql, [min_probability]).fetchall()
        finally:
            cursor.close()
    pairs = []
    levels = len(COMPARED_FIELDS)
    for row in rows:
        other = int(row[0])
        same = [f for f, e in zip(SHARED_CONTACT_FIELDS, row[2 + levels :], strict=True) if e]
        agreement = agreement_of(dict(zip(COMPARED_FIELDS, row[2 : 2 + levels], strict=True)), same)
        low, high = sorted((int(new["unique_id"]), other))
        pairs.append(ScoredPair(low, high, float(row[1]), agreement))
    return pairs


def matching_query(person_ids: Iterable[int]) -> Q:
    """Pairs stored for any of these records, on either side."""
    ids = list(person_ids)
    return Q(left_id__in=ids) | Q(right_id__in=ids)
