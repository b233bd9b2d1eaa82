"""Normalisers turn what people type into values that link and count, keep the raw text,
and flag what they cannot use. They never raise, whatever they are given."""

from datetime import date
from decimal import Decimal
from unittest import mock

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers.phonenumberutil import _number_type_helper

from fraudhub.reports import normalise as n

ANY_TEXT = st.text(max_size=80) | st.none() | st.integers()


@pytest.mark.parametrize(
    ("typed", "value", "district"),
    [
        ("al1 3ej", "AL1 3EJ", "AL1"),
        ("AL13EJ", "AL1 3EJ", "AL1"),
        ("  sg1   2ab ", "SG1 2AB", "SG1"),
        ("WD25 9XY", "WD25 9XY", "WD25"),
        ("EC1A 1BB", "EC1A 1BB", "EC1A"),
        ("W1A 0AX", "W1A 0AX", "W1A"),
    ],
)
def test_full_postcodes_are_upper_case_with_one_space(
    typed: str, value: str, district: str
) -> None:
    result = n.postcode(typed)
    assert result.value == value
    assert result.extra["district"] == district
    assert result.issues == ()
    assert result.raw == typed


def test_outward_code_alone_is_kept_as_district_and_flagged_incomplete() -> None:
    result = n.postcode("AL1")
    assert result.value is None
    assert result.extra["district"] == "AL1"
    assert result.issues == ("postcode AL1 is incomplete",)


@pytest.mark.parametrize("typed", ["QQ1 1AA", "AL1 3CI", "ALI 3EJ", "12345", "SW1A 1A", "hello"])
def test_impossible_postcodes_are_flagged(typed: str) -> None:
    result = n.postcode(typed)
    assert result.value is None
    assert "not a real UK postcode" in result.issues[0]


def test_blank_postcode_is_missing_not_wrong() -> None:
    assert n.postcode("  ") == n.Normalised("  ", None)


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("01727 123456", "+441727123456"),
        ("(01727) 123 456", "+441727123456"),
        ("+44 1727 123456", "+441727123456"),
        ("0044 1727 123456", "+441727123456"),
        ("07400 123456", "+447400123456"),
    ],
)
def test_uk_phone_numbers_become_e164(typed: str, e164: str) -> None:
    result = n.phone(typed)
    assert result.value == e164
    assert result.issues == ()


# National numbers from the ranges partners' files are full of (mobiles, geographic,
# London, freephone, premium, shared cost, personal, pagers, VoIP, the Crown
# dependencies' mobiles) and any others, at every length near a real one.
NATIONAL_STARTS = st.sampled_from(
    ["7", "74", "77", "7700", "7911", "7624", "1727", "1442", "1923", "20", "800", "808"]
    + ["845", "870", "871", "9", "906", "55", "56", "70", "76", "3", "1481", "1534", "180020"]
    + [str(d) for d in range(1, 10)]
)
PLAIN_PREFIXES = st.sampled_from(["0", "+44", "0044", "+44 ", "0044 ", "+440", "44", "00", ""])


@st.composite
def typed_uk_numbers(draw: st.DrawFn) -> str:
    """A UK number the way people type it: a prefix, then the digits in groups split by
    spaces or dashes, sometimes with brackets or a stray character."""
    digits = draw(NATIONAL_STARTS) + draw(st.text("0123456789", min_size=4, max_size=10))
    prefix = draw(PLAIN_PREFIXES)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(digits) - 1)), max_size=3)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
    separator = draw(st.sampled_from([" ", "-", "", "  ", " - ", ".", "/"]))
    typed = prefix + separator.join(groups)
    return draw(st.sampled_from([typed, f" {typed} ", f"({typed[:5]}){typed[5:]}", typed + "x"]))


@settings(max_examples=3_000, deadline=None)
@given(typed_uk_numbers())
def test_plainly_typed_uk_numbers_give_what_the_phone_library_gives(typed: str) -> None:
    result = n._phone.__wrapped__(typed, "GB")  # not the remembered results
    with mock.patch.object(n, "_plain_uk_number", return_value=None):
        library = n._phone.__wrapped__(typed, "GB")
    assert (result, result.extra) == (library, library.extra)


@settings(max_examples=3_000, deadline=None)
@given(NATIONAL_STARTS, st.text("0123456789", min_size=0, max_size=9))
def test_uk_number_types_are_the_phone_librarys(start: str, rest: str) -> None:
    national = start + rest
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("GB")
    assert n._uk_number_type(national) == _number_type_helper(national, metadata)


@pytest.mark.parametrize(
    "typed",
    ["07400 123456", "01727 123456", "+44 20 7946 0000", "0044 7400 123 456", "0800-123-4567"],
)
def test_plainly_typed_uk_numbers_are_read_without_the_library_parsing_them(typed: str) -> None:
    """So the comparison above covers the shortcut, not only the library."""
    assert n._plain_uk_number(typed) is not None


def test_numbers_outside_any_allocated_range_are_kept_and_flagged() -> None:
    result = n.phone("07700 900123")
    assert result.value == "+447700900123"
    assert result.issues == ("+447700900123 is not in a range given to any phone company",)


def test_premium_rate_numbers_are_flagged() -> None:
    result = n.phone("0906 123 4567")
    assert result.value == "+449061234567"
    assert "premium-rate number" in result.issues


def test_international_numbers_are_flagged_with_their_country() -> None:
    result = n.phone("+33 1 42 68 53 00")
    assert result.value == "+33142685300"
    assert result.issues == ("international number (France)",)


def test_short_numbers_like_159_are_kept_and_flagged() -> None:
    assert n.phone("159") == n.Normalised("159", "159", ("short number",), {"type": "short"})


@pytest.mark.parametrize("typed", ["call me", "12", "0" * 45, "+44"])
def test_things_that_are_not_phone_numbers_are_flagged(typed: str) -> None:
    result = n.phone(typed)
    assert result.value is None
    assert result.issues


def test_email_is_checked_for_form_only_and_lower_cased() -> None:
    assert n.email(" Scam.Er@Example.COM ").value == "scam.er@example.com"


def test_bad_email_is_flagged_with_the_reason() -> None:
    result = n.email("someone@")
    assert result.value is None
    assert result.issues[0].startswith("someone@ is not an email address")


@pytest.mark.parametrize(
    ("typed", "domain", "host"),
    [
        (
            "https://Secure.Barclays-Verify.co.uk/login?x=1",
            "barclays-verify.co.uk",
            "secure.barclays-verify.co.uk",
        ),
        ("www.parcel-fees.com", "parcel-fees.com", "www.parcel-fees.com"),
        ("http://shop.example.org.uk:8080/", "example.org.uk", "shop.example.org.uk"),
    ],
)
def test_websites_become_their_registrable_domain(typed: str, domain: str, host: str) -> None:
    result = n.website(typed)
    assert result.value == domain
    assert result.extra["host"] == host


def test_website_domains_come_from_the_bundled_suffix_list_without_network() -> None:
    extractor = n._domain_splitter()
    assert extractor.suffix_list_urls == ()
    assert n.website("a.b.gov.uk").value == "b.gov.uk"


@pytest.mark.parametrize("typed", ["not a website", "someone@example.com", "http://localhost/"])
def test_unusable_websites_are_flagged(typed: str) -> None:
    result = n.website(typed)
    assert result.value is None
    assert result.issues


def test_sort_codes_and_accounts() -> None:
    assert n.sort_code("309950").value == "30-99-50"
    assert n.sort_code("30 99 50").value == "30-99-50"
    assert n.account_number("0073 3445").value == "00733445"
    assert n.sort_code("3099").issues == ("sort code 3099 must be 6 digits",)
    assert n.account_number("1234567").issues == ("account number 1234567 must be 8 digits",)
    assert n.bank_account("30-99-50", "00733445").value == "30-99-50 00733445"


def test_bank_account_without_sort_code_is_kept_and_flagged() -> None:
    result = n.bank_account("", "00733445")
    assert result.value == "?? 00733445"
    assert "no sort code" in result.issues


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("£1,250.00", "1250.00"), ("1250", "1250.00"), ("£ 99.5", "99.50"), ("GBP 20", "20.00")],
)
def test_money_becomes_pounds_and_pence(typed: str, amount: str) -> None:
    result = n.money(typed)
    assert result.value == amount
    assert n.to_decimal(result) == Decimal(amount)


@pytest.mark.parametrize("typed", ["about five hundred", "-50", "£1.2.3", "1e9"])
def test_money_that_cannot_be_read_is_flagged(typed: str) -> None:
    result = n.money(typed)
    assert result.value is None
    assert result.issues


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("05/03/2025", "2025-03-05"),
        ("5/3/25", "2025-03-05"),
        ("05-03-2025", "2025-03-05"),
        ("5.3.2025", "2025-03-05"),
        ("2025-03-05", "2025-03-05"),
        ("20250305", "2025-03-05"),
        ("5 March 2025", "2025-03-05"),
        ("5th Mar 2025", "2025-03-05"),
        ("03/02/45", "1945-02-03"),
    ],
)
def test_dates_are_read_day_first(typed: str, iso: str) -> None:
    assert n.uk_date(typed, today=date(2026, 11, 23)).value == iso


def test_impossible_and_future_dates_are_flagged() -> None:
    today = date(2026, 11, 23)
    assert n.uk_date("31/02/2025", today=today).issues == ("31/02/2025 is not a real date",)
    future = n.uk_date("01/01/2027", today=today)
    assert future.value == "2027-01-01"
    assert future.issues == ("01/01/2027 is in the future",)
    assert n.uk_date("last Tuesday", today=today).value is None


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1956, 3, 5), date(2026, 3, 4), 69),
        (date(1956, 3, 5), date(2026, 3, 5), 70),
        (date(1956, 2, 29), date(2026, 2, 28), 69),
        (date(1956, 2, 29), date(2026, 3, 1), 70),
    ],
)
def test_age_at_the_incident_date(born: date, on: date, age: int) -> None:
    assert n.age_at(born, on) == age


def test_ages_are_whole_years_up_to_120() -> None:
    assert n.age("78").value == "78"
    assert n.age("78 years").value == "78"
    assert n.age("about 80").issues
    assert n.age("130").issues


def test_other_identifiers() -> None:
    assert n.vehicle("ab12 cde").value == "AB12 CDE"
    assert n.vehicle("A123 BCD").value == "A123BCD"
    assert n.handle("@ScamShop").value == "scamshop"
    assert n.handle("https://www.facebook.com/ScamShop/").value == "scamshop"
    assert n.crypto_wallet("0xAbC" + "1" * 37).value == "0xabc" + "1" * 37
    assert n.crypto_wallet("not-a-wallet").issues == ("not a recognised wallet address format",)
    assert n.name("  Hertford   Roofing LTD ").value == "hertford roofing ltd"


NORMALISERS = [
    n.text,
    n.postcode,
    n.phone,
    n.email,
    n.website,
    n.sort_code,
    n.account_number,
    n.money,
    n.uk_date,
    n.age,
    n.vehicle,
    n.handle,
    n.crypto_wallet,
    n.name,
]


@pytest.mark.parametrize("normaliser", NORMALISERS, ids=lambda f: f.__name__)
@given(typed=ANY_TEXT)
def test_normalisers_never_raise_and_keep_what_was_typed(normaliser, typed) -> None:  # type: ignore[no-untyped-def]
    result = normaliser(typed)
    assert isinstance(result, n.Normalised)
    assert result.raw == n._clean(typed)
    if result.value is None and not result.blank:
        assert result.issues, "an unusable value must say why"


@given(sort=ANY_TEXT, account=ANY_TEXT)
def test_bank_account_never_raises(sort: object, account: object) -> None:
    assert isinstance(n.bank_account(sort, account), n.Normalised)


@pytest.mark.parametrize(
    "normaliser",
    [n.postcode, n.phone, n.email, n.sort_code, n.money, n.vehicle, n.name],
    ids=lambda f: f.__name__,
)
@given(typed=st.text(max_size=40))
def test_normalising_a_normalised_value_changes_nothing(normaliser, typed) -> None:  # type: ignore[no-untyped-def]
    first = normaliser(typed)
    if first.value is not None and not first.issues:
        assert normaliser(first.value).value == first.value


@given(
    outward=st.from_regex(r"\A(AL|SG|HP|WD|EN|CM)[1-9]\Z"),
    inward=st.from_regex(r"\A[0-9][ABD-HJLNP-UW-Z]{2}\Z"),
    spaces=st.sampled_from(["", " ", "  "]),
    lower=st.booleans(),
)
def test_every_well_formed_county_postcode_is_accepted(
    outward: str, inward: str, spaces: str, lower: bool
) -> None:
    typed = f"{outward}{spaces}{inward}"
    result = n.postcode(typed.lower() if lower else typed)
    assert result.value == f"{outward} {inward}"


@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 23)))
def test_every_real_date_round_trips_in_uk_form(day: date) -> None:
    typed = day.strftime("%d/%m/%Y")
    assert n.uk_date(typed, today=date(2026, 11, 23)).value == day.isoformat()


@given(pence=st.integers(min_value=0, max_value=10**9))
def test_every_amount_in_pence_round_trips(pence: int) -> None:
    amount = Decimal(pence) / 100
    assert n.to_decimal(n.money(f"£{amount:,.2f}")) == amount


def test_a_handle_that_is_a_broken_address_is_flagged_not_an_error() -> None:
    """An address with an unclosed "[" made the address reader raise: it is kept as typed
    and flagged."""
    found = n.handle("https://[/scammer")
    assert found.value is None and found.raw == "https://[/scammer"
    assert found.issues == ("https://[/scammer is not a social media handle",)
