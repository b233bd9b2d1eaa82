"""A value that can be read two ways is kept as typed and flagged, never returned as a
confident value: amounts, dates, phone numbers, postcodes and ages. Email addresses one
slip away from a common provider come back with a suggestion, and are still accepted."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fraudhub.reports import normalise as n

TODAY = date(2026, 11, 23)


def _confident(result: n.Normalised) -> bool:
    return result.value is not None and not result.issues


@pytest.mark.parametrize("typed", ["£1,2,00", "12,50", "£1.250", "1.234,56", "1 2 00", "1,2000"])
def test_amounts_that_read_two_ways_are_kept_as_typed_with_no_amount(typed: str) -> None:
    result = n.money(typed)
    assert result.value is None
    assert result.raw == typed
    assert result.issues == (
        f"{typed} can be read as more than one amount: kept as typed, not as pounds",
    )


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("1,200", "1200.00"),
        ("£1,200.50", "1200.50"),
        ("1200", "1200.00"),
        ("£4,000", "4000.00"),
        ("£12,345,678.90", "12345678.90"),
        ("1 200", "1200.00"),
        ("£0", "0.00"),
    ],
)
def test_amounts_written_the_uk_way_are_read(typed: str, pounds: str) -> None:
    assert n.money(typed).value == pounds
    assert n.money(typed).issues == ()


def _digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(min_value=low, max_value=high).map(str)


AMBIGUOUS_AMOUNTS = st.one_of(
    # a comma before the pence, as much of Europe writes it: 12,50
    st.tuples(_digits(0, 99_999), st.text("0123456789", min_size=1, max_size=2)).map(",".join),
    # a full stop before three digits, as much of Europe writes thousands: 1.250
    st.tuples(_digits(1, 999), st.text("0123456789", min_size=3, max_size=3)).map(".".join),
    # groups of thousands that are not three digits: 1,2,00 or 12,34
    st.lists(st.text("0123456789", min_size=1, max_size=5), min_size=2, max_size=4)
    .filter(lambda groups: any(len(g) != 3 for g in groups[1:]))
    .map(",".join),
    # both separators, the European way round: 1.234,56
    st.tuples(_digits(1, 999), st.text("0123456789", min_size=3, max_size=3), _digits(0, 99)).map(
        lambda t: f"{t[0]}.{t[1]},{t[2]}"
    ),
)


@given(typed=AMBIGUOUS_AMOUNTS, pound=st.sampled_from(["", "£", "£ ", "GBP "]))
def test_an_amount_that_reads_two_ways_is_never_a_confident_amount(typed: str, pound: str) -> None:
    result = n.money(pound + typed)
    assert result.value is None
    assert result.issues


@pytest.mark.parametrize("typed", ["01/02/03", "1/2/03", "12-11-10", "03.04.05"])
def test_dates_whose_numbers_could_be_in_any_order_are_not_read(typed: str) -> None:
    result = n.uk_date(typed, today=TODAY)
    assert result.value is None
    assert result.issues == (f"{typed} can be read as more than one date: give the year in full",)


def test_a_date_with_the_year_in_full_or_a_day_past_12_is_read_day_first() -> None:
    assert n.uk_date("01/02/2003", today=TODAY).value == "2003-02-01"
    assert n.uk_date("13/02/03", today=TODAY).value == "2003-02-13"
    assert n.uk_date("01/01/01", today=TODAY).value == "2001-01-01"  # the same in any order


@given(
    parts=st.lists(st.integers(min_value=1, max_value=12), min_size=3, max_size=3).filter(
        lambda p: len(set(p)) > 1
    ),
    separator=st.sampled_from(["/", "-", ".", " "]),
    padded=st.booleans(),
)
def test_a_date_that_reads_in_any_order_is_never_a_confident_date(
    parts: list[int], separator: str, padded: bool
) -> None:
    day, month = (f"{p:02d}" if padded else str(p) for p in parts[:2])
    result = n.uk_date(separator.join([day, month, f"{parts[2]:02d}"]), today=TODAY)
    assert result.value is None
    assert result.issues


@given(
    number=st.tuples(
        st.sampled_from("123456789"), st.text("0123456789", min_size=5, max_size=7)
    ).map(lambda t: "0" + "".join(t)),
    spaced=st.booleans(),
)
def test_a_uk_number_with_too_few_digits_has_no_value_unless_it_is_real(
    number: str, spaced: bool
) -> None:
    typed = f"{number[:5]} {number[5:]}" if spaced else number
    result = n.phone(typed)
    assert result.value is None or result.ok  # a real short number (0800 1111) is read


def test_a_uk_number_with_digits_left_out_has_no_value() -> None:
    result = n.phone("0772 123 45")
    assert result.value is None  # once +44077212345, kept for linking
    assert result.issues == ("0772 123 45 has too few digits for a UK number",)


@given(digits=st.text("0123456789", min_size=1, max_size=6))
def test_a_short_run_of_digits_is_never_a_confident_phone_number(digits: str) -> None:
    assert not _confident(n.phone(digits))


@given(
    outward=st.sampled_from(["AL1", "SG1", "WD17", "EN6", "HP2"]),
    inward=st.text("ABDEFGHJLNPQRSTUWXYZO", min_size=3, max_size=3),
)
def test_a_postcode_with_a_letter_for_its_inward_digit_is_never_read(
    outward: str, inward: str
) -> None:
    """O for 0 or I for 1 could be a slip or a real letter: it is flagged, not corrected."""
    assert not _confident(n.postcode(f"{outward} {inward}"))


@given(
    whole=st.integers(min_value=0, max_value=120),
    tail=st.sampled_from([".5", "ish", "+", "-ish", " or so", "s"]),
)
def test_an_age_that_is_not_a_whole_number_is_never_a_confident_age(whole: int, tail: str) -> None:
    assert not _confident(n.age(f"{whole}{tail}"))


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("rita@gmial.com", "rita@gmail.com"),
        ("rita@hotmial.co.uk", "rita@hotmail.co.uk"),
        ("Rita@GMAIL.CON", "rita@gmail.com"),
        ("rita@yahooo.co.uk", "rita@yahoo.co.uk"),
    ],
)
def test_a_likely_email_domain_typo_is_kept_with_a_suggestion(typed: str, suggestion: str) -> None:
    result = n.email(typed)
    assert result.value == typed.lower()
    assert result.issues == ()
    assert result.extra["did_you_mean"] == suggestion


@pytest.mark.parametrize("typed", ["rita@gmail.com", "rita@hertfordshire.gov.uk", "rita@aol.co.uk"])
def test_a_usual_email_domain_has_no_suggestion(typed: str) -> None:
    assert "did_you_mean" not in n.email(typed).extra
