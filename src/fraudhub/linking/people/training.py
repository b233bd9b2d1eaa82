"""Training: u by random sampling, m by expectation maximisation, the household test
on the list, and the shipped model used for lists too small to learn from."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .blocking import PairCounter, _default_rules, blocking_rules
from .comparisons import _household, _settings
from .records import prepare_person

logger = logging.getLogger(__name__)

MIN_RECORDS_TO_TRAIN = 1_000  # fewer than this, and the shipped model is used instead
MIN_RECORDS_TO_REESTIMATE = 200  # fewer, and even chance agreement cannot be sampled
SHIPPED_MODEL = Path(__file__).parent.parent / "data" / "people_model.json"


def u_sample_pairs(records: int) -> float:
    """How many random pairs to sample for u: ten per record, and at least two million.
    A sample of a fixed size holds fewer pairs sharing a phone, email or address as the
    list grows; at a million records two million pairs held none, Splink then could not
    weigh those levels, and a tenth of the true pairs went unlinked."""
    return float(max(2_000_000, 10 * records))


# Expectation maximisation learns a dozen levels' m from a sample of its session's pairs:
# at a million records a session blocked on date of birth holds 17 million pairs and
# took 50 s; two million give the same model (docs/performance.md).
EM_MAX_PAIRS = 2_000_000


def _train(linker: Any, seed: int, *, records: int) -> None:
    """Train on the records themselves: the prior from near-certain matches, u by random
    sampling, m by expectation maximisation in two sessions (names in one, date of birth
    in the other, so between them every comparison is trained)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "date_of_birth", "postcode")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_sample_pairs(records), seed=seed)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=EM_MAX_PAIRS, record_sample_proportion=1.0
            )
        except ValueError:  # a level never seen in this data: keep the other session's
            logger.warning("People matching: a training session could not converge")


def _trained(
    table: Any, rows: list[dict[str, Any]], rules: list[Any], seed: int, *, dialect: str
) -> Any:
    """A linker trained on `table` (holding `rows`). Training sees the comparisons with
    no household rule: a comparison whose levels read a column a training session
    blocks on is left out of that session, and the household rule reads names and dates
    of birth, which the sessions block on; with it, the address parts and shared contact
    details were never trained and kept Splink's starting m. Trained without it, their
    m is how one person's records agree. Their u is the same either way: among
    different people, whether a town or a phone agrees does not depend on their names.
    Scoring uses those m and u, with the household rule if the list holds households
    (see households_in)."""
    from splink import Linker

    trainer = Linker(table, _settings(rules, households=False), log_level=logging.ERROR)
    _train(trainer, seed, records=len(rows))
    trained = trainer.misc.save_model_to_json()
    households = households_in(rows, trained)
    fresh: dict[str, Any] = _settings(rules, households=households).create_settings_dict(dialect)
    return Linker(table, _with_probabilities(fresh, trained), log_level=logging.ERROR)


@dataclass(frozen=True)
class HomeSharing:
    """Pairs of records at one home (same postcode and street address), both with given
    names and dates of birth: how many show two people (see _household), and how many of
    those one person's typing would explain."""

    two_people: int
    one_person: int
    expected_two_people: float

    @property
    def households(self) -> bool:
        """More pairs showing two people than chance allows, were they all one person's
        records: three standard deviations (of a Poisson count) above the expected."""
        expected = self.expected_two_people
        return self.two_people > expected + 3 * expected**0.5


def home_sharing(rows: list[dict[str, Any]], trained: Mapping[str, Any]) -> HomeSharing:
    """Count the pairs at one home with two people's given names and dates of birth,
    and the number expected if every pair at one home were one person: of one person's
    pairs, the trained model says a share m(given names different) x m(dates of birth
    further apart than a typo) shows two people's details (pairs that agree on neither
    are as rare as that among one person's records)."""
    import duckdb
    import pyarrow as pa

    columns = ("given_name", "given_forms", "surname", "date_of_birth")
    at_home = [
        {c: r.get(c) for c in columns} | {"n": n, "home": f"{r['postcode']}|{r['address']}"}
        for n, r in enumerate(rows)
        if r.get("postcode") and r.get("address") and r.get("given_name") and r.get("date_of_birth")
    ]
    if len(at_home) < 2:
        return HomeSharing(0, 0, 0.0)
    two_people = _household().get_comparison_level("duckdb").sql_condition
    homes = pa.Table.from_pylist(at_home)  # noqa: F841 (read by name in the SQL below)
    connection = duckdb.connect()
    counted = connection.execute(
        f"""
        WITH h AS (SELECT * FROM homes)
        SELECT count(*) FILTER (WHERE {two_people}), count(*)
        FROM (
            SELECT l.given_name AS given_name_l, r.given_name AS given_name_r,
                l.given_forms AS given_forms_l, r.given_forms AS given_forms_r,
                l.surname AS surname_l, r.surname AS surname_r,
                l.date_of_birth AS date_of_birth_l, r.date_of_birth AS date_of_birth_r
            FROM h AS l JOIN h AS r ON l.home = r.home AND l.n < r.n
        )
        """  # noqa: S608 (the model's own SQL)
    ).fetchone()
    shown, pairs = counted if counted else (0, 0)
    levels = {c["output_column_name"]: c["comparison_levels"] for c in trained["comparisons"]}

    def m(comparison: str) -> list[float]:
        return [
            float(level.get("m_probability", 0.0))
            for level in levels[comparison]
            if not level.get("is_null_level")
        ]

    # Given names: the last level is "different"; dates of birth: the levels after
    # exact and one figure different are further apart than a typo.
    share = m("given_name")[-1] * sum(m("date_of_birth")[2:])
    one_person = pairs - shown
    expected = one_person * share / (1 - share) if share < 1 else float(pairs)
    return HomeSharing(two_people=shown, one_person=one_person, expected_two_people=expected)


def households_in(rows: list[dict[str, Any]], trained: Mapping[str, Any]) -> bool:
    """Whether the list holds households: pairs at one home with two people's names and
    dates of birth beyond what one person's typing explains. In a list of one record
    set per person (as FEBRL's), such pairs are one person with two fields replaced, and
    the address parts count for them as for anyone; in a list with couples, they count
    once (see _household_detail and _shared_contact)."""
    sharing = home_sharing(rows, trained)
    logger.info(
        "People matching: %s pairs at one home look like two people, %.1f expected",
        sharing.two_people,
        sharing.expected_two_people,
    )
    return sharing.households


def _with_probabilities(fresh: dict[str, Any], trained: dict[str, Any]) -> dict[str, Any]:
    """Settings `fresh` given the m, u and prior of the model `trained`, level by level."""
    for mine, theirs in zip(fresh["comparisons"], trained["comparisons"], strict=True):
        for level, source in zip(
            mine["comparison_levels"], theirs["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability"):
                if key in source:
                    level[key] = source[key]
    fresh["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    return fresh


def train_shipped_model(out: Path, *, people: int = 3_000, seed: int = 1) -> dict[str, Any]:
    """Train the model used for small lists on synthetic people, and save it."""
    import duckdb
    from splink import DuckDBAPI

    from ..synthetic import messy_people

    rows = [prepare_person(i, p.values) for i, p in enumerate(messy_people(people, seed=seed))]
    db_api = DuckDBAPI(connection=duckdb.connect())
    linker = _trained(db_api.register(rows), rows, _default_rules(), seed, dialect="duckdb")
    model: dict[str, Any] = linker.misc.save_model_to_json(str(out), overwrite=True)
    return model


def _shipped_model(dialect: str, rules: list[Any]) -> dict[str, Any]:
    """The shipped model for this SQL dialect and these blocking rules: the comparisons
    are built afresh and given the shipped m and u (its SQL is DuckDB's, and its blocking
    rules were chosen for the list it was trained on)."""
    shipped: dict[str, Any] = json.loads(SHIPPED_MODEL.read_text())
    return _with_probabilities(_settings(rules).create_settings_dict(dialect), shipped)


M_FLOOR = 0.001


def _floor_m(linker: Any) -> Any:
    """Give every level at least M_FLOOR of the true matches. A level the training data
    never showed among matches (a typo in a date of birth, in synthetic people who never
    mistype one; a different town, in a list without towns) otherwise gets an m of
    nearly nothing, and one such field vetoes a pair whatever the others say."""
    for comparison in linker._settings_obj.comparisons:  # Splink has no public setter
        for level in comparison.comparison_levels:
            if not level.is_null_level and (level.m_probability or 0.0) < M_FLOOR:
                level.m_probability = M_FLOOR
    return linker


def _linker(
    rows: list[dict[str, Any]],
    table: Any,
    seed: int,
    dialect: str = "duckdb",
    count_pairs: PairCounter | None = None,
) -> Any:
    """A linker trained on the records themselves or, for a list too small to learn
    from, the shipped model trained on synthetic people."""
    from splink import Linker, block_on

    rules = blocking_rules(rows, count_pairs)
    if len(rows) >= MIN_RECORDS_TO_TRAIN:
        return _floor_m(_trained(table, rows, rules, seed, dialect=dialect))
    # Too few to learn how names and dates agree (m); how often they agree by chance
    # (u) and how many pairs match at all are still this list's own, if it is big
    # enough to sample.
    linker = Linker(table, _shipped_model(dialect, rules), log_level=logging.ERROR)
    if len(rows) >= MIN_RECORDS_TO_REESTIMATE:
        try:
            linker.training.estimate_probability_two_random_records_match(
                [block_on("surname", "date_of_birth", "postcode")], recall=0.8
            )
            linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        except ValueError:
            logger.info("People matching: could not re-estimate; shipped model as is")
    return _floor_m(linker)
