"""People matching: which person records are the same person. Splink (on DuckDB by
default) trains a model on the data itself and scores pairs; connected pairs above the
threshold form clusters. Names are compared with their nicknames (Peggy is Margaret)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping
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
MATCH_THRESHOLD = 0.8  # decision 0018


@lru_cache(maxsize=1)
def _nick_namer() -> NickNamer:
    return NickNamer()


_NOT_PLAIN = re.compile(r"[^a-z0-9 ]+")


@lru_cache(maxsize=200_000)
def _plain(text: str) -> str:
    """Lower case, accents dropped, only letters, digits and single spaces."""
    if not text:
        return ""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_PLAIN.sub(" ", text.lower()).split())


@lru_cache(maxsize=100_000)
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


def prepare_person(
    unique_id: int, row: Mapping[str, str], *, normalised: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """One input row as Splink compares it: normalised, blanks as missing. Values intake
    already normalised (date of birth as ISO, postcode, phone, email) may be given in
    `normalised`, and are used as they are; the others are normalised here."""
    done = normalised or {}
    given = _plain(row.get("given_name", ""))
    surname = _plain(row.get("surname", ""))
    line1, line2 = _plain(row.get("address_line1", "")), _plain(row.get("address_line2", ""))
    address = f"{line1} {line2}".strip()
    return {
        "unique_id": unique_id,
        "given_name": given or None,
        "given_forms": list(name_forms(given)) or None,
        "surname": surname or None,
        "date_of_birth": done.get("date_of_birth") or _date_of_birth(row.get("date_of_birth", "")),
        "postcode": done.get("postcode") or _postcode(row.get("postcode", "")),
        "address": address or None,
        "address_words": " ".join(sorted(address.split())) or None,
        "address_line1": line1 or None,
        "address_line2": line2 or None,
        "town": _plain(row.get("town", "")) or None,
        "phone": done.get("phone") or _phone(row.get("phone", "")),
        "email": done.get("email") or _email(row.get("email", "")),
    }


# Candidate pairs agree exactly on at least one of these. Pairs of fields keep the pairs
# few at any size; the others pair records with typos in every other field, and are
# added when this list's values on them are rare enough (see blocking_rules).
PAIRED_FIELDS = (
    ("surname", "date_of_birth"),
    ("given_name", "date_of_birth"),
    ("surname", "postcode"),
    ("given_name", "postcode"),
    ("phone",),
    ("email",),
    ("date_of_birth", "postcode"),
    ("given_name", "surname"),
)
# A town is one of a few dozen in a county (a million records put 30 million pairs in
# one given name and town) but one of thousands of suburbs in a national list.
IF_RARE_FIELDS = (
    ("given_name", "town"),
    ("surname", "town"),
    ("date_of_birth", "town"),
    ("date_of_birth",),
    ("postcode",),
    ("address",),
    ("town",),
    ("surname",),
    ("given_name",),
)
SINGLE_FIELDS = tuple(fields[0] for fields in IF_RARE_FIELDS if len(fields) == 1)
SWAPPED_NAMES = "l.given_name = r.surname AND l.surname = r.given_name"
PAIRS_PER_RECORD = 30  # a rule in IF_RARE_FIELDS is blocked on if it pairs no more than this
MAX_RARE_FIELD_PAIRS = 1_000_000  # and never more than this, so a big list stays quick


PairCounter = Callable[[tuple[str, ...]], int]


def pairs_in(records: list[dict[str, Any]]) -> PairCounter:
    """How many pairs of `records` agree on some fields, counted in Python."""
    from collections import Counter

    def count(fields: tuple[str, ...]) -> int:
        counts = Counter(
            values for r in records if None not in (values := tuple(r.get(f) for f in fields))
        )
        return sum(n * (n - 1) // 2 for n in counts.values())

    return count


def pairs_in_table(connection: Any, table: str) -> PairCounter:
    """How many pairs of a DuckDB table's rows agree on some fields, counted by DuckDB
    (a second each at a million rows, against a few in Python)."""

    def count(fields: tuple[str, ...]) -> int:
        columns = ", ".join(f'"{f}"' for f in fields)
        present = " AND ".join(f'"{f}" IS NOT NULL' for f in fields)
        ((pairs,),) = connection.execute(
            f"SELECT coalesce(sum(n * (n - 1) // 2), 0) FROM "  # noqa: S608 (our own names)
            f"(SELECT count(*) AS n FROM {table} WHERE {present} GROUP BY {columns})"
        ).fetchall()
        return int(pairs)

    return count


def blocking_rules(
    records: list[dict[str, Any]], count_pairs: PairCounter | None = None
) -> list[Any]:
    """The rules that choose which pairs are scored: the pairs of fields, names typed in
    each other's box, and each rule of IF_RARE_FIELDS whose equal values make no more
    than PAIRS_PER_RECORD pairs per record in this list and no more than
    MAX_RARE_FIELD_PAIRS in all (on a small list every one; on a million records, the
    rare ones only: a date of birth shared by 27 people a day would add 9 million
    pairs, a given name and one of a county's towns 30 million)."""
    from splink import block_on

    count = count_pairs or pairs_in(records)
    rules = [block_on(*fields) for fields in PAIRED_FIELDS] + [SWAPPED_NAMES]
    budget = min(PAIRS_PER_RECORD * max(len(records), 100), MAX_RARE_FIELD_PAIRS)
    rules += [block_on(*fields) for fields in IF_RARE_FIELDS if count(fields) <= budget]
    return rules


def _settings(rules: list[Any] | None = None, *, households: bool = True) -> Any:
    """The model's comparisons. With `households` False, the address parts and shared
    contact details count the same for a household as for anyone (see _trained)."""
    import splink.comparison_library as cl
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _given_name(),
            _surname(),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            _home(),
            _household_detail("address_line2", *_TYPED_APART, households=households),
            _household_detail("town", *_TYPED_APART, households=households),
            _shared_contact("phone", households=households),
            _shared_contact("email", households=households),
        ],
        blocking_rules_to_generate_predictions=rules or _default_rules(),
        retain_intermediate_calculation_columns=False,
    )


def _default_rules() -> list[Any]:
    from splink import block_on

    return [block_on(*fields) for fields in PAIRED_FIELDS] + [SWAPPED_NAMES]


def _given_name() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            # Weighted by how common the name is: two Margarets agree by chance more
            # often than two Philippas.
            cll.ExactMatchLevel("given_name", term_frequency_adjustments=True),
            cll.ArrayIntersectLevel("given_forms", 1).configure(
                label_for_charts="Nickname or formal name"
            ),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.JaroWinklerLevel("given_name", 0.8),
            _swapped(),
            cll.ElseLevel(),
        ],
    )


def _surname() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name="surname",
        comparison_levels=[
            cll.Or(cll.NullLevel("surname"), _swapped()).configure(
                is_null_level=True, label_for_charts="No surname, or names swapped"
            ),
            cll.ExactMatchLevel("surname", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("surname", 0.92),
            cll.JaroWinklerLevel("surname", 0.88),
            cll.JaroWinklerLevel("surname", 0.7),
            cll.ElseLevel(),
        ],
    )


def _level(sql: str, label: str) -> Any:
    """A comparison level in SQL that DuckDB and Spark both read, with Jaro-Winkler
    similarity and Damerau-Levenshtein distance named as each engine names them
    ({jaro_winkler} and {damerau} in `sql`)."""
    from splink.internals.comparison_level_creator import ComparisonLevelCreator

    class Level(ComparisonLevelCreator):
        def create_sql(self, sql_dialect: Any) -> str:
            return sql.format(
                jaro_winkler=sql_dialect.jaro_winkler_function_name,
                damerau=sql_dialect.damerau_levenshtein_function_name,
            )

        def create_label_for_charts(self) -> str:
            return label

    return Level()


def _swapped() -> Any:
    """Names typed in each other's box (surname first): each name nearly agrees with the
    other record's other name. Counted once, in the given name's comparison; the
    surname's takes it as no evidence. One name alone agreeing with the other's other
    name (Campbell Campbell and Jazz Campbell) is not it."""
    return _level(
        "{jaro_winkler}(given_name_l, surname_r) >= 0.88 "
        "AND {jaro_winkler}(surname_l, given_name_r) >= 0.88",
        "Names in each other's box",
    )


def _home() -> Any:
    """Postcode, street address and town are one piece of evidence, compared together:
    scored apart, a spouse at the same address counted it two or three times and
    outweighed a different given name and date of birth. The street address is the
    first and second lines as one, near when a couple of letters differ, in the order
    typed or with its words sorted (a second line typed first), and alike when most of
    it agrees (one record without the second line)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    near = (
        "(levenshtein(address_l, address_r) <= 2 "
        "OR levenshtein(address_words_l, address_words_r) <= 2)"
    )
    alike = "{jaro_winkler}(address_l, address_r) >= 0.9"
    postcode = "postcode_l = postcode_r"
    place = "({damerau}(postcode_l, postcode_r) <= 1 OR town_l = town_r)"
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            _level(
                "(postcode_l IS NULL OR postcode_r IS NULL) "
                "AND (address_l IS NULL OR address_r IS NULL) "
                "AND (town_l IS NULL OR town_r IS NULL)",
                "Address, postcode and town missing",
            ).configure(is_null_level=True),
            _level(f"{postcode} AND {near}", "Same address"),
            _level(f"{postcode} AND {alike}", "Same postcode, similar address"),
            _level(postcode, "Same postcode"),
            _level(
                f"({near} OR {alike}) AND {place}",
                "Same street address, postcode nearly or town the same",
            ),
            _level(near, "Same street address"),
            _level(
                "split_part(postcode_l, ' ', 1) = split_part(postcode_r, ' ', 1) "
                "OR town_l = town_r",
                "Same postcode district or town",
            ),
            cll.ElseLevel(),
        ],
    )


def _household(*, contact: bool = False) -> Any:
    """Two people of one household rather than one person typed twice, only on evidence
    of two people: both given names given and really different (not the same, not a
    nickname of the other, not similar as a typo leaves them, not one of them the other
    record's surname as when names are typed in each other's box) and both dates of
    birth given and further apart than a typo leaves them (not one digit changed or two
    swapped, not day and month swapped). A missing given name or date of birth is no
    evidence of a second person. What a household shares (its landline, its email, the
    parts of its address) says nothing about which of them a record is."""
    import splink.comparison_level_library as cll

    given_names_alike = cll.Or(
        cll.NullLevel("given_name"),
        cll.ExactMatchLevel("given_name"),
        cll.ArrayIntersectLevel("given_forms", 1),
        cll.JaroWinklerLevel("given_name", 0.8),
        _level(
            "({jaro_winkler}(given_name_l, surname_r) >= 0.88 "
            "OR {jaro_winkler}(surname_l, given_name_r) >= 0.88) "
            "AND NOT coalesce({jaro_winkler}(surname_l, surname_r) >= 0.88, false)",
            "A given name in the other's surname box",
        ),
    )
    typed_apart = (
        "{damerau}(date_of_birth_l, date_of_birth_r) > 1 "
        "AND NOT (substr(date_of_birth_l, 1, 4) = substr(date_of_birth_r, 1, 4) "
        "AND substr(date_of_birth_l, 6, 2) = substr(date_of_birth_r, 9, 2) "
        "AND substr(date_of_birth_l, 9, 2) = substr(date_of_birth_r, 6, 2))"
    )
    if contact:  # a date of birth missing in one says nothing either way
        born_apart = _level(f"coalesce({typed_apart}, true)", "Dates of birth not one typed twice")
    else:
        born_apart = _level(
            f"date_of_birth_l IS NOT NULL AND date_of_birth_r IS NOT NULL AND {typed_apart}",
            "Dates of birth further apart than a typo",
        )
    return cll.And(cll.Not(given_names_alike), born_apart)


def _moved() -> Any:
    """Street address and postcode both different: a move, or another home. That the
    rest of the address differs too is then no news (the home comparison counted it)."""
    return _level(
        "NOT coalesce(levenshtein(address_l, address_r) <= 3 "
        "OR {jaro_winkler}(address_l, address_r) >= 0.9 "
        "OR levenshtein(postcode_l, postcode_r) <= 1, false)",
        "Street address and postcode different",
    )


_TYPED_APART = (
    ("levenshtein({column}_l, {column}_r) <= 1", "One letter apart"),
    ("levenshtein({column}_l, {column}_r) <= 3", "A few letters apart"),
)


def _household_detail(column: str, *near: tuple[str, str], households: bool = True) -> Any:
    """A part of the address (street, postcode, town) as evidence of its own, beyond the
    home comparison, for pairs that are not a household: one person's records agreeing
    on street, postcode and town are more alike than two records sharing one of them,
    and disagreeing on them less. For a household (see _household) it counts as no
    evidence, so a spouse's address still counts once."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    no_evidence = (_household(), _moved()) if households else (_moved(),)
    return cl.CustomComparison(
        output_column_name=f"{column}_alone",
        comparison_levels=[
            cll.Or(cll.NullLevel(column), *no_evidence).configure(
                is_null_level=True, label_for_charts=f"No {column}, a household's, or a move"
            ),
            cll.ExactMatchLevel(column),
            *(_level(sql.replace("{column}", column), label) for sql, label in near),
            cll.ElseLevel(),
        ],
    )


def _shared_contact(column: str, *, households: bool = True) -> Any:
    """A phone number or email compared exactly. The same one in a household (see
    _household: a couple's landline or shared email) counts as no evidence, like a
    missing one. Counted as a match, it was a second count of the shared address and
    joined spouses."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    household = cll.And(cll.ExactMatchLevel(column), _household(contact=True))
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.Or(cll.NullLevel(column), *((household,) if households else ())).configure(
                is_null_level=True, label_for_charts=f"No {column}, or a household's"
            ),
            cll.ExactMatchLevel(column),
            cll.ElseLevel(),
        ],
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

    from .synthetic import messy_people

    rows = [prepare_person(i, p.values) for i, p in enumerate(messy_people(people, seed=seed))]
    db_api = DuckDBAPI(connection=duckdb.connect())
    linker = _trained(db_api.register(rows), rows, _default_rules(), seed, dialect="duckdb")
    model: dict[str, Any] = linker.misc.save_model_to_json(str(out), overwrite=True)
    return model


@dataclass(frozen=True)
class ScoredPair:
    """Two records the model compared: their match probability and, by field, how their
    values compared, in words ("same", "within a year", "different", "not given in one or both")."""

    left: int
    right: int
    probability: float
    agreement: dict[str, str]


COMPARED_FIELDS = (
    "given_name",
    "surname",
    "date_of_birth",
    "address",
    "phone",
    "email",
)
# Splink's level numbers, as _settings() defines them, in words; -1 is "not given".
_LEVEL_NAMES: dict[str, dict[int, str]] = {
    "given_name": {
        5: "same",
        4: "nickname or formal name",
        3: "nearly the same",
        2: "similar",
        1: "the same as the other's surname",
    },
    "surname": {4: "same", 3: "nearly the same", 2: "similar", 1: "a little similar"},
    "date_of_birth": {
        5: "same",
        4: "one figure different",
        3: "within a month",
        2: "within a year",
        1: "within 10 years",
    },
    "address": {
        6: "same address and postcode",
        5: "same postcode, similar address",
        4: "same postcode",
        3: "same street address, postcode nearly or town the same",
        2: "same street address, postcode differs",
        1: "same postcode district or town",
    },
    "phone": {1: "same"},
    "email": {1: "same"},
}
# Compared only when the given names agree (see _shared_contact): under different given
# names the same value scores as not given, and the words say what it was.
SHARED_CONTACT_FIELDS = ("phone", "email")
SHARED_WORDS = "same, under a different first name"


def agreement_of(gammas: Mapping[str, int], same_values: Iterable[str] = ()) -> dict[str, str]:
    """How each field compared, in words, from Splink's comparison levels and, for the
    shared contact fields, whether the two values were the same."""
    same = set(same_values)
    result = {}
    for field_name in COMPARED_FIELDS:
        level = gammas.get(field_name)
        if field_name in same and (level is None or level < 0):
            result[field_name] = SHARED_WORDS
        elif level is None or level < 0:
            result[field_name] = "not given in one or both"
        else:
            result[field_name] = _LEVEL_NAMES[field_name].get(level, "different")
    return result


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


def cluster_people(records: Iterable[dict[str, Any]], *, seed: int = 1) -> PeopleClusters:
    """Score candidate pairs with a model trained on the records themselves (or, for a
    list too small to learn from, the shipped model trained on synthetic people) and
    cluster the pairs at or above the threshold."""
    rows = list(records)
    pairs = score_people(rows, seed=seed)
    return PeopleClusters(
        cluster_of=group_people([r["unique_id"] for r in rows], pairs),
        pairs_scored=len(pairs),
        pairs_matched=sum(1 for p in pairs if p.probability >= MATCH_THRESHOLD),
    )


ENGINES = ("duckdb", "spark")


def score_people(
    records: Iterable[dict[str, Any]],
    *,
    seed: int = 1,
    engine: str = "duckdb",
    min_probability: float = 0.5,
) -> list[ScoredPair]:
    """Every candidate pair the model gives at least `min_probability`, on DuckDB in this
    process or on Spark (a local session unless SPARK_REMOTE or a master is configured)."""
    rows = list(records)
    if len(rows) < 2:
        return []
    if engine == "spark":
        return _score_on_spark(rows, seed=seed, min_probability=min_probability)
    if engine != "duckdb":
        raise ValueError(f"Unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    import duckdb
    import pyarrow as pa
    from splink import DuckDBAPI

    connection = duckdb.connect()
    db_api = DuckDBAPI(connection=connection)
    # Copied into a DuckDB table once: training and scoring read it many times, and a
    # native table reads faster than the Python objects behind a registered one.
    records_in = pa.Table.from_pylist(rows)  # noqa: F841 (read by name in the SQL below)
    connection.execute("CREATE TABLE people_input AS SELECT * FROM records_in")
    del records_in
    linker = _linker(
        rows,
        db_api.register("people_input"),
        seed,
        count_pairs=pairs_in_table(connection, "people_input"),
    )
    predictions = linker.inference.predict(threshold_match_probability=min_probability)
    result = connection.table(predictions.physical_name).project(", ".join(_PAIR_COLUMNS))
    return [_pair(row) for row in result.fetchall()]


# What is read of each scored pair: ids, probability, each field's level, and whether
# the shared contact fields held the same value.
_PAIR_COLUMNS = (
    ["unique_id_l", "unique_id_r", "match_probability"]
    + [f"gamma_{f}" for f in COMPARED_FIELDS]
    + [f"coalesce({f}_l = {f}_r, false)" for f in SHARED_CONTACT_FIELDS]
)


def _pair(row: tuple[Any, ...]) -> ScoredPair:
    left, right = int(row[0]), int(row[1])
    if left > right:
        left, right = right, left
    levels = len(COMPARED_FIELDS)
    return ScoredPair(
        left, right, float(row[2]), _agreement(tuple(row[3 : 3 + levels]), tuple(row[3 + levels :]))
    )


@lru_cache(maxsize=4_096)
def _agreement(levels: tuple[int, ...], same: tuple[bool, ...]) -> dict[str, str]:
    """agreement_of for levels in COMPARED_FIELDS order and sameness in
    SHARED_CONTACT_FIELDS order: a few hundred combinations come up, so pairs with the
    same one share one dict (never changed once made)."""
    return agreement_of(
        dict(zip(COMPARED_FIELDS, levels, strict=True)),
        [f for f, equal in zip(SHARED_CONTACT_FIELDS, same, strict=True) if equal],
    )


def spark_session() -> Any:
    """A Spark session for people matching: the one already running, or a local one on
    this machine's cores. Point it at a cluster with SPARK_REMOTE (Spark Connect) or
    FRAUDHUB_SPARK_MASTER (spark://host:7077, yarn, k8s://...)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    logging.getLogger("py4j").setLevel(logging.WARNING)  # not a line per Java call

    from django.conf import settings

    partitions = settings.FRAUDHUB_SPARK_PARTITIONS or str(os.cpu_count() or 2)
    builder = (
        SparkSession.builder.appName("fraudhub-people")
        .config("spark.jars", similarity_jar_location())  # Splink's string similarity
        .config("spark.sql.shuffle.partitions", partitions)
        .config("spark.default.parallelism", partitions)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if not settings.FRAUDHUB_SPARK_REMOTE:  # Spark Connect reads SPARK_REMOTE itself
        builder = builder.master(settings.FRAUDHUB_SPARK_MASTER)
    return builder.getOrCreate()


def _score_on_spark(
    rows: list[dict[str, Any]], *, seed: int, min_probability: float
) -> list[ScoredPair]:
    from splink import SparkAPI

    spark = spark_session()
    local = spark.sparkContext.master.startswith("local")
    shared = None if local else spark.conf.get("spark.checkpoint.dir", None)
    checkpoints = None if shared else Path(tempfile.mkdtemp(prefix="fraudhub-spark-"))
    spark.sparkContext.setCheckpointDir(shared or str(checkpoints))
    try:
        frame = spark.createDataFrame(rows, schema=_SPARK_SCHEMA)
        db_api = SparkAPI(
            spark_session=spark,
            # In one machine's memory, cached tables beat checkpoints written to disk.
            break_lineage_method="persist" if local else None,
            num_partitions_on_repartition=int(spark.conf.get("spark.sql.shuffle.partitions")),
        )
        linker = _linker(rows, db_api.register(frame), seed, dialect="spark")
        predictions = linker.inference.predict(threshold_match_probability=min_probability)
        collected = predictions.as_spark_dataframe().selectExpr(*_PAIR_COLUMNS).collect()
    finally:
        if checkpoints is not None:
            shutil.rmtree(checkpoints, ignore_errors=True)
    return [_pair(tuple(r)) for r in collected]


_SPARK_SCHEMA = (
    "unique_id long, given_name string, given_forms array<string>, surname string, "
    "date_of_birth string, postcode string, address string, address_words string, "
    "address_line1 string, address_line2 string, "
    "town string, phone string, email string"
)


def group_people(
    ids: Iterable[int],
    pairs: Iterable[ScoredPair],
    *,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    threshold: float = MATCH_THRESHOLD,
) -> dict[int, int]:
    """Each record's group, its smallest member id. Pairs an analyst confirmed join
    first, then the model's pairs at or above the threshold, most likely first; no union
    is made that would put a pair an analyst split into one group. Only records that
    join another cost anything, so a million records with few links group quickly."""
    order = list(ids)
    known = set(order)
    parent: dict[int, int] = {}  # a record's parent; a group's root is in no entry
    members: dict[int, list[int]] = {}  # a root with others: every record in its group
    apart: dict[int, set[int]] = {}  # a root: the records its group must not join
    for a, b in different:
        if a in known and b in known:
            apart.setdefault(a, set()).add(b)
            apart.setdefault(b, set()).add(a)

    def find(x: int) -> int:
        root = x
        while root in parent:
            root = parent[root]
        while x != root:  # shorten the path for next time
            parent[x], x = root, parent[x]
        return root

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        ma, mb = members.get(ra, [ra]), members.get(rb, [rb])
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        refused = apart.get(ra)
        if refused and any(m in refused for m in mb):
            return
        parent[rb] = ra
        ma.extend(mb)
        members[ra] = ma
        members.pop(rb, None)
        if rb in apart:
            apart.setdefault(ra, set()).update(apart.pop(rb))

    for a, b in same:
        if a in known and b in known:
            union(a, b)
    ranked = sorted(
        (-p.probability, p.left, p.right)
        for p in pairs
        if p.probability >= threshold and p.left in known and p.right in known
    )
    for _, left, right in ranked:
        union(left, right)
    group_of = {record: record for record in order}
    for grouped in members.values():
        smallest = min(grouped)
        for record in grouped:
            group_of[record] = smallest
    return group_of
