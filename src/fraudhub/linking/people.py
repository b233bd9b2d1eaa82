"""People matching: which person records are the same person. Splink (on DuckDB by
default) trains a model on the data itself and scores pairs; connected pairs above the
threshold form clusters. Names are compared with their nicknames (Peggy is Margaret)."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from nicknames import NickNamer

from fraudhub.reports import normalise as n

logger = logging.getLogger(__name__)

PERSON_COLUMNS = (
    "id",
    "given_name",
    "surname",
    "date_of_birth",
    "address_line1",
    "address_line2",
    "town",
    "postcode",
    "phone",
    "email",
)
MATCH_THRESHOLD = 0.9


@lru_cache(maxsize=1)
def _nick_namer() -> NickNamer:
    return NickNamer()


def _plain(text: str) -> str:
    """Lower case, accents dropped, only letters, digits and single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", ascii_text.lower()).split())


@lru_cache(maxsize=20_000)
def name_forms(given: str) -> tuple[str, ...]:
    """A given name with the formal names it may stand for and its usual nicknames."""
    name = _plain(given).split(" ")[0] if given else ""
    if not name:
        return ()
    namer = _nick_namer()
    forms = {name} | namer.canonicals_of(name) | namer.nicknames_of(name)
    return tuple(sorted(forms))


def _date_of_birth(text: str) -> str | None:
    """ISO (1950-03-07), day/month/year or yyyymmdd; anything else is treated as missing."""
    text = (text or "").strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[6:8]}/{text[4:6]}/{text[0:4]}"
    elif re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        year, month, day = text.split("-")
        text = f"{day}/{month}/{year}"
    born = n.to_date(n.uk_date(text, today=date.today()))
    return born.isoformat() if born else None


def _postcode(text: str) -> str | None:
    result = n.postcode(text)
    if result.value:
        return result.value
    compact = re.sub(r"\s+", "", text or "").upper()
    return compact or None  # a foreign code is compared as typed, never dropped


def _phone(text: str) -> str | None:
    result = n.phone(text)
    if result.value:
        return result.value
    digits = re.sub(r"\D", "", text or "")
    return digits or None


def _email(text: str) -> str | None:
    result = n.email(text)
    return result.value or (text.strip().lower() or None)


def prepare_person(unique_id: int, row: Mapping[str, str]) -> dict[str, Any]:
    """One input row as Splink compares it: normalised, blanks as missing."""
    given = _plain(row.get("given_name", ""))
    surname = _plain(row.get("surname", ""))
    address = _plain(f"{row.get('address_line1', '')} {row.get('address_line2', '')}")
    return {
        "unique_id": unique_id,
        "given_name": given or None,
        "given_forms": list(name_forms(given)) or None,
        "surname": surname or None,
        "date_of_birth": _date_of_birth(row.get("date_of_birth", "")),
        "postcode": _postcode(row.get("postcode", "")),
        "address": address or None,
        "town": _plain(row.get("town", "")) or None,
        "phone": _phone(row.get("phone", "")),
        "email": _email(row.get("email", "")),
    }


def _settings() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    given = cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            cll.ExactMatchLevel("given_name"),
            cll.ArrayIntersectLevel("given_forms", 1).configure(
                label_for_charts="Nickname or formal name"
            ),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.JaroWinklerLevel("given_name", 0.8),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            given,
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.PostcodeComparison("postcode"),
            cl.LevenshteinAtThresholds("address", [2, 5]),
            cl.ExactMatch("phone"),
            cl.EmailComparison("email"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "date_of_birth"),
            block_on("given_name", "date_of_birth"),
            block_on("surname", "postcode"),
            block_on("given_name", "postcode"),
            block_on("phone"),
            block_on("email"),
            block_on("date_of_birth", "postcode"),
            block_on("given_name", "surname"),
        ],
        retain_intermediate_calculation_columns=False,
    )


@dataclass(frozen=True)
class PeopleClusters:
    """Each input record's cluster: records in one cluster are judged the same person."""

    cluster_of: dict[int, int]
    pairs_scored: int
    pairs_matched: int


MIN_RECORDS_TO_TRAIN = 1_000  # fewer than this, and the shipped model is used instead
MIN_RECORDS_TO_REESTIMATE = 200  # fewer, and even chance agreement cannot be sampled
SHIPPED_MODEL = Path(__file__).parent / "data" / "people_model.json"


def _train(linker: Any, seed: int) -> None:
    """Train on the records themselves: the prior from near-certain matches, u by random
    sampling, m by expectation maximisation in two sessions (names in one, date of birth
    in the other, so between them every comparison is trained)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "date_of_birth", "postcode")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, record_sample_proportion=1.0
            )
        except ValueError:  # a level never seen in this data: keep the other session's
            logger.warning("People matching: a training session could not converge")


def train_shipped_model(out: Path, *, people: int = 3_000, seed: int = 1) -> dict[str, Any]:
    """Train the model used for small lists on synthetic people, and save it."""
    import duckdb
    from splink import DuckDBAPI, Linker

    from .synthetic import messy_people

    rows = [prepare_person(i, p.values) for i, p in enumerate(messy_people(people, seed=seed))]
    db_api = DuckDBAPI(connection=duckdb.connect())
    linker = Linker(db_api.register(rows), _settings(), log_level=logging.ERROR)
    _train(linker, seed)
    model: dict[str, Any] = linker.misc.save_model_to_json(str(out), overwrite=True)
    return model


def cluster_people(records: Iterable[dict[str, Any]], *, seed: int = 1) -> PeopleClusters:
    """Score candidate pairs with a model trained on the records themselves (or, for a
    list too small to learn from, the shipped model trained on synthetic people) and
    cluster the pairs at or above the threshold."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    rows = list(records)
    if len(rows) < 2:
        return PeopleClusters({r["unique_id"]: r["unique_id"] for r in rows}, 0, 0)
    connection = duckdb.connect()
    db_api = DuckDBAPI(connection=connection)
    table = db_api.register(rows)
    if len(rows) >= MIN_RECORDS_TO_TRAIN:
        linker = Linker(table, _settings(), log_level=logging.ERROR)
        _train(linker, seed)
    else:
        # Too few to learn how names and dates agree (m); how often they agree by chance
        # (u) and how many pairs match at all are still this list's own, if it is big
        # enough to sample.
        linker = Linker(table, str(SHIPPED_MODEL), log_level=logging.ERROR)
        if len(rows) >= MIN_RECORDS_TO_REESTIMATE:
            try:
                linker.training.estimate_probability_two_random_records_match(
                    [block_on("surname", "date_of_birth", "postcode")], recall=0.8
                )
                linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
            except ValueError:
                logger.info("People matching: could not re-estimate; shipped model as is")
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=MATCH_THRESHOLD
    )
    cluster_of = dict(
        connection.table(clusters.physical_name).project("unique_id, cluster_id").fetchall()
    )
    pairs = connection.table(predictions.physical_name)
    scored = pairs.count("*").fetchall()[0]
    matched = pairs.filter(f"match_probability >= {MATCH_THRESHOLD:f}").count("*").fetchall()[0]
    return PeopleClusters(
        cluster_of={int(k): int(v) for k, v in cluster_of.items()},
        pairs_scored=int(scored[0]) if scored else 0,
        pairs_matched=int(matched[0]) if matched else 0,
    )
