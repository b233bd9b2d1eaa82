"""The model's comparisons: how each field's values are compared, level by level, and
the household rule that keeps two people of one home from counting as one."""

from __future__ import annotations

from typing import Any, Literal

from .blocking import _default_rules


def _settings(rules: list[Any] | None = None, *, households: bool = True) -> Any:
    """The model's comparisons. With `households` False, the address parts and shared
    contact details count the same for a household as for anyone (see _trained)."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _given_name(),
            _surname(),
            _date_of_birth(),
            _home(),
            _household_detail("address_line2", *_TYPED_APART, households=households),
            _household_detail("town", *_TYPED_APART, households=households),
            _shared_contact("phone", households=households),
            _shared_contact("email", households=households),
        ],
        blocking_rules_to_generate_predictions=rules or _default_rules(),
        retain_intermediate_calculation_columns=False,
    )


def _date_of_birth() -> Any:
    """Splink's date of birth comparison (same; one figure different; within a month, a
    year, ten years) with one level more: the same day and month in another year. A
    year typed wrong (1962 for 1930) is a common slip, and two different people share
    a birthday in another year about once in 365, so it is evidence of one person, not
    against (decision 0019). A year of birth is compared as a date, not as figures."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def within(metric: Literal["month", "year"], threshold: int, label: str) -> Any:
        return cll.AbsoluteDateDifferenceLevel(
            "date_of_birth", input_is_string=True, metric=metric, threshold=threshold
        ).configure(label_for_charts=label)

    return cl.CustomComparison(
        output_column_name="date_of_birth",
        comparison_levels=[
            cll.NullLevel("date_of_birth"),
            cll.ExactMatchLevel("date_of_birth").configure(
                label_for_charts="Exact match on date of birth"
            ),
            cll.LevenshteinLevel("date_of_birth", 1).configure(
                label_for_charts="Levenshtein distance <= 1"
            ),
            _level(
                "substr(date_of_birth_l, 6, 5) = substr(date_of_birth_r, 6, 5)",
                "Same day and month, another year",
            ),
            within("month", 1, "Abs date difference <= 1 month"),
            within("year", 1, "Abs date difference <= 1 year"),
            within("year", 10, "Abs date difference <= 10 year"),
            cll.ElseLevel(),
        ],
    )


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
