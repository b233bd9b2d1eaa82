"""Pure normalisers for what people type: each keeps the raw text, never raises, and flags
what it cannot use instead of dropping or silently correcting it.

The costly ones remember their recent results, since a partner's file repeats the same
dates, amounts, postcodes and scammers' numbers many times; so a result may be shared
between callers, and its `extra` must never be changed."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers
import tldextract
from email_validator import EmailNotValidError, validate_email
from phonenumbers import PhoneNumberType


@dataclass(frozen=True)
class Normalised:
    """The typed value, its normalised form (None when unusable) and any problems found."""

    raw: str
    value: str | None
    issues: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict, compare=False)  # read only: may be shared

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def ok(self) -> bool:
        return self.value is not None and not self.issues


def _clean(raw: object) -> str:
    """Text as typed, as a string, with control characters other than newlines removed."""
    text = "" if raw is None else str(raw)
    if text.isprintable():
        return text  # printable text has no control or format characters to remove
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")


def printable(raw: object) -> str:
    """Text with its control characters removed (newlines and tabs kept), so it can be
    written into XML, a Word file or a feed, which refuse them."""
    return _clean(raw)


CACHE_SIZE = 8_192  # results remembered per normaliser: a few MB each at most


def _nothing_usable(typed: str, what: str) -> Normalised:
    """Blank input is simply missing; anything else with nothing usable in it is flagged."""
    if not typed.strip():
        return Normalised(typed, None)
    return Normalised(typed, None, (f"{typed.strip()[:30]} is not {what}",))


def text(raw: object) -> Normalised:
    """Free text with runs of white space collapsed."""
    cleaned = _clean(raw)
    value = " ".join(cleaned.split())
    return Normalised(cleaned, value or None)


# --- postcodes -------------------------------------------------------------------------

_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_FULL_POSTCODE = re.compile(rf"^({_OUTWARD})({_INWARD})$")
_OUTWARD_ONLY = re.compile(rf"^({_OUTWARD})$")


def postcode(raw: object) -> Normalised:
    """A UK postcode in upper case with one space ("AL1 3EJ"); an outward code alone
    ("AL1") is kept as the district and flagged incomplete; impossible ones are flagged."""
    return _postcode(_clean(raw))


@lru_cache(maxsize=CACHE_SIZE)
def _postcode(typed: str) -> Normalised:
    compact = re.sub(r"\s+", "", typed).upper()
    if not compact:
        return Normalised(typed, None)
    if compact == "GIR0AA":
        return Normalised(typed, "GIR 0AA", extra={"district": "GIR"})
    match = _FULL_POSTCODE.match(compact)
    if match:
        outward, inward = match.groups()
        return Normalised(typed, f"{outward} {inward}", extra={"district": outward})
    if _OUTWARD_ONLY.match(compact):
        return Normalised(
            typed, None, (f"postcode {compact} is incomplete",), extra={"district": compact}
        )
    shown = " ".join(typed.split())[:20]
    return Normalised(typed, None, (f"postcode {shown} is not a real UK postcode",))


def postcode_district(value: str | None) -> str:
    """The outward code ("AL1") of a normalised postcode, or "" when there is none."""
    return value.split(" ")[0] if value else ""


# --- phone numbers ---------------------------------------------------------------------

_PHONE_TYPES_FLAGGED = {
    PhoneNumberType.PREMIUM_RATE: "premium-rate number",
    PhoneNumberType.SHARED_COST: "shared-cost number",
}


def phone(raw: object, *, region: str = "GB") -> Normalised:
    """A phone number in E.164 form (+441727123456); premium-rate, international, short
    and impossible numbers are flagged."""
    return _phone(_clean(raw), region)


@lru_cache(maxsize=CACHE_SIZE)
def _phone(typed: str, region: str) -> Normalised:
    compact = typed.strip()
    if not compact:
        return Normalised(typed, None)
    digits = re.sub(r"[\s\-().]", "", compact)
    if digits.isascii() and digits.isdigit() and len(digits) <= 6:
        if len(digits) < 3:
            return Normalised(typed, None, (f"{compact[:30]} is not a phone number",))
        return Normalised(typed, digits, ("short number",), extra={"type": "short"})
    if len(compact) > 40:
        return Normalised(typed, None, ("phone number is too long to be real",))
    if region == "GB" and (found := _plain_uk_number(compact)) is not None:
        national, kind = found
        flagged = _PHONE_TYPES_FLAGGED.get(kind)
        return Normalised(typed, f"+44{national}", (flagged,) if flagged else ())
    return _phone_by_library(typed, compact, region)


# A UK number typed plainly: +44, 0044 or 0, then the national number in digits, spaces
# and dashes. National numbers starting 180020 are left to the library, which may read
# that as a prefix to strip.
_PLAIN_UK = re.compile(r"(?:\+44|0044|0)([1-9][0-9]{8,9})")
_UK: phonenumbers.PhoneMetadata = phonenumbers.PhoneMetadata.metadata_for_region("GB")  # type: ignore[assignment]


_Desc = tuple[frozenset[int], re.Pattern[str] | None]


def _desc(desc: phonenumbers.PhoneNumberDesc | None) -> _Desc | None:
    if desc is None:
        return None
    pattern = desc.national_number_pattern
    return frozenset(desc.possible_length), re.compile(pattern) if pattern else None


def _matches(national: str, desc: _Desc | None) -> bool:
    """The library's `_is_number_matching_desc`, with the pattern compiled once."""
    if desc is None:
        return False
    lengths, pattern = desc
    if lengths and len(national) not in lengths:
        return False
    return pattern is not None and pattern.fullmatch(national) is not None


_UK_GENERAL = _desc(_UK.general_desc)
_UK_TYPES = [
    (kind, _desc(desc))
    for kind, desc in (
        (PhoneNumberType.PREMIUM_RATE, _UK.premium_rate),
        (PhoneNumberType.TOLL_FREE, _UK.toll_free),
        (PhoneNumberType.SHARED_COST, _UK.shared_cost),
        (PhoneNumberType.VOIP, _UK.voip),
        (PhoneNumberType.PERSONAL_NUMBER, _UK.personal_number),
        (PhoneNumberType.PAGER, _UK.pager),
        (PhoneNumberType.UAN, _UK.uan),
        (PhoneNumberType.VOICEMAIL, _UK.voicemail),
    )
]
_UK_FIXED, _UK_MOBILE = _desc(_UK.fixed_line), _desc(_UK.mobile)


def _uk_number_type(national: str) -> int:
    """The library's type of a national number under GB's metadata, checked in the
    library's own order (`phonenumberutil._number_type_helper`)."""
    if not _matches(national, _UK_GENERAL):
        return PhoneNumberType.UNKNOWN
    for kind, desc in _UK_TYPES:
        if _matches(national, desc):
            return kind
    same = _UK.same_mobile_and_fixed_line_pattern
    if _matches(national, _UK_FIXED):
        if same or _matches(national, _UK_MOBILE):
            return PhoneNumberType.FIXED_LINE_OR_MOBILE
        return PhoneNumberType.FIXED_LINE
    if not same and _matches(national, _UK_MOBILE):
        return PhoneNumberType.MOBILE
    return PhoneNumberType.UNKNOWN


def _plain_uk_number(compact: str) -> tuple[str, int] | None:
    """The national number and type of a plainly typed UK number that is valid, without
    parsing it: what `_phone_by_library` would find for it (the type is the library's own,
    worked out once instead of three times), or None to leave it to the library.
    tests/reports/test_normalise.py compares the two over generated numbers."""
    match = _PLAIN_UK.fullmatch(compact.replace(" ", "").replace("-", ""))
    if match is None or match[1].startswith("180020"):
        return None
    national = match[1]
    # A type known under GB's own metadata makes GB the number's region, as the library
    # tries GB first of the regions sharing +44; the others are left to the library.
    kind = _uk_number_type(national)
    number = phonenumbers.PhoneNumber(country_code=44, national_number=int(national))
    if kind == PhoneNumberType.UNKNOWN or not phonenumbers.is_possible_number(number):
        return None
    return national, kind


def _phone_by_library(typed: str, compact: str, region: str) -> Normalised:
    try:
        number = phonenumbers.parse(compact, region)
    except phonenumbers.NumberParseException:
        return Normalised(typed, None, (f"{compact[:30]} is not a phone number",))
    if not phonenumbers.is_possible_number(number):
        return Normalised(typed, None, (f"{compact[:30]} has the wrong number of digits",))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    issues: list[str] = []
    extra: dict[str, str] = {}
    kind = phonenumbers.number_type(number)  # UNKNOWN exactly when is_valid_number is false
    if (
        kind == PhoneNumberType.UNKNOWN
        and e164.startswith("+44")
        and (e164.startswith("+440") or len(e164) < 3 + 9)
    ):
        # "0772 123 45": too short for the library to take off the 0, it would become
        # +44077212345, which no UK number is; digits were left out, and which is not known.
        return Normalised(typed, None, (f"{compact[:30]} has too few digits for a UK number",))
    if kind == PhoneNumberType.UNKNOWN:
        issues.append(f"{e164} is not in a range given to any phone company")
    number_region = phonenumbers.region_code_for_number(number)
    if number_region and number_region != region:
        from phonenumbers import geocoder  # its place names take 100 MB: load them when needed

        country = geocoder.country_name_for_number(number, "en") or number_region
        issues.append(f"international number ({country})")
        extra["country"] = country
    flagged = _PHONE_TYPES_FLAGGED.get(kind)
    if flagged:
        issues.append(flagged)
    return Normalised(typed, e164, tuple(issues), extra=extra)


# --- email and websites ----------------------------------------------------------------


def email(raw: object) -> Normalised:
    """An email address checked for form only (no DNS), in lower case for matching."""
    return _email(_clean(raw))


@lru_cache(maxsize=CACHE_SIZE)
def _email(typed: str) -> Normalised:
    candidate = typed.strip().strip("<>").strip()
    if not candidate:
        return _nothing_usable(typed, "an email address")
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as exc:
        return Normalised(typed, None, (f"{candidate[:60]} is not an email address: {exc}",))
    except Exception:  # noqa: BLE001 - a bad address must never stop a report
        return Normalised(typed, None, (f"{candidate[:60]} is not an email address",))
    address = result.normalized.lower()
    suggestion = _likely_domain(address.rpartition("@")[2])
    if suggestion is None:
        return Normalised(typed, address)
    local = address.rpartition("@")[0]
    return Normalised(typed, address, extra={"did_you_mean": f"{local}@{suggestion}"})


# Email providers most people in the county use: a domain one slip away from one of these
# ("gmial.com", "hotmial.co.uk") is probably a typo, so the form asks without blocking.
COMMON_EMAIL_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.co.uk",
    "live.com",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "me.com",
    "aol.com",
    "btinternet.com",
    "sky.com",
    "talktalk.net",
    "virginmedia.com",
    "ntlworld.com",
    "msn.com",
)


def _one_slip(a: str, b: str) -> bool:
    """True when b is a with one letter changed, added, dropped or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _likely_domain(domain: str) -> str | None:
    """The common provider a typed domain is probably a slip for, or None."""
    if domain in COMMON_EMAIL_DOMAINS:
        return None
    return next((d for d in COMMON_EMAIL_DOMAINS if _one_slip(domain, d)), None)


@lru_cache(maxsize=1)
def _domain_splitter() -> tldextract.TLDExtract:
    """tldextract with its bundled public suffix list; it never fetches one at run time."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def website(raw: object) -> Normalised:
    """A website as its lower-case registrable domain (for linking); the host is kept too."""
    return _website(_clean(raw))


@lru_cache(maxsize=CACHE_SIZE)
def _website(typed: str) -> Normalised:
    candidate = typed.strip()
    if not candidate:
        return Normalised(typed, None)
    if "@" in candidate and "/" not in candidate:
        return Normalised(typed, None, (f"{candidate[:60]} looks like an email address",))
    with_scheme = candidate if "://" in candidate else f"http://{candidate}"
    try:
        host = (urlsplit(with_scheme).hostname or "").rstrip(".")
    except ValueError:
        host = ""
    if not host or " " in host:
        return Normalised(typed, None, (f"{candidate[:60]} is not a website address",))
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        host = host.lower()
    try:
        ipaddress.ip_address(host)
        return Normalised(typed, host, ("website is a bare IP address",), extra={"host": host})
    except ValueError:
        pass
    parts = _domain_splitter()(host)
    if not parts.suffix or not parts.domain:
        return Normalised(
            typed, None, (f"{host[:60]} has no recognised domain ending",), extra={"host": host}
        )
    registrable = f"{parts.domain}.{parts.suffix}"
    return Normalised(typed, registrable, extra={"host": host})


# --- bank details ----------------------------------------------------------------------


def sort_code(raw: object) -> Normalised:
    """A sort code as NN-NN-NN."""
    typed = _clean(raw)
    digits = re.sub(r"[\s\-–.]", "", typed)
    if not digits:
        return _nothing_usable(typed, "a sort code")
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 6:
        return Normalised(typed, None, (f"sort code {typed.strip()[:20]} must be 6 digits",))
    return Normalised(typed, f"{digits[0:2]}-{digits[2:4]}-{digits[4:6]}")


def account_number(raw: object) -> Normalised:
    """A UK bank account number of 8 digits."""
    typed = _clean(raw)
    digits = re.sub(r"[\s\-]", "", typed)
    if not digits:
        return _nothing_usable(typed, "a account number")
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 8:
        return Normalised(typed, None, (f"account number {typed.strip()[:20]} must be 8 digits",))
    return Normalised(typed, digits)


def bank_account(sort_raw: object, account_raw: object) -> Normalised:
    """Sort code and account together ("12-34-56 12345678"), the key that links reports."""
    sc, acc = sort_code(sort_raw), account_number(account_raw)
    raw = " ".join(p for p in (sc.raw.strip(), acc.raw.strip()) if p)
    issues = sc.issues + acc.issues
    if acc.blank:
        issues += ("no account number",)
    if sc.value and acc.value:
        return Normalised(raw, f"{sc.value} {acc.value}", issues)
    if acc.value:
        return Normalised(raw, f"?? {acc.value}", issues + (("no sort code",) if sc.blank else ()))
    return Normalised(raw, None, issues)


# --- money, dates and ages -------------------------------------------------------------

_MONEY_NOISE = re.compile(r"(?i)£|gbp|pounds?")
# Pounds as the UK writes them: digits, or thousands in groups of three after a comma or
# a space ("1,200", "1 200"), then optionally a full stop and one or two digits of pence.
_UK_AMOUNT = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:[, ][0-9]{3})+)(?:\.[0-9]{1,2})?")
_SEPARATORS = re.compile(r"[0-9][0-9,. ]*[0-9]|[0-9]")


def money(raw: object) -> Normalised:
    """An amount in pounds ("£1,250.00" -> "1250.00"); the value is a Decimal-ready string.
    An amount that can be read two ways ("12,50", "£1.250", "1,2,00", "1.234,56") is kept
    as typed and flagged, with no value: its pounds are never guessed."""
    return _money(_clean(raw))


@lru_cache(maxsize=CACHE_SIZE)
def _money(typed: str) -> Normalised:
    shown = typed.strip()[:30]
    cleaned = " ".join(_MONEY_NOISE.sub(" ", typed).split())
    if not cleaned:
        return _nothing_usable(typed, "an amount of money")
    if not _UK_AMOUNT.fullmatch(cleaned):
        if _SEPARATORS.fullmatch(cleaned.lstrip("-")):
            return Normalised(
                typed,
                None,
                (f"{shown} can be read as more than one amount: kept as typed, not as pounds",),
                extra={"ambiguous": "yes"},
            )
        return Normalised(typed, None, (f"{shown} is not an amount of money",))
    try:
        amount = Decimal(cleaned.replace(",", "").replace(" ", ""))
    except InvalidOperation:
        return Normalised(typed, None, (f"{shown} is not an amount of money",))
    if amount < 0:
        return Normalised(typed, None, (f"{shown} is a negative amount",))
    if amount >= Decimal("100000000"):
        return Normalised(typed, None, (f"{shown} is too large to be right",))
    return Normalised(typed, str(amount.quantize(Decimal("0.01"))))


def to_decimal(result: Normalised) -> Decimal | None:
    return Decimal(result.value) if result.value is not None else None


_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-. ](\d{1,2})[/\-. ](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_WORDS_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")


def uk_date(raw: object, *, today: date | None = None, allow_future: bool = False) -> Normalised:
    """A UK day-first date ("05/03/2025" is 5 March 2025) as ISO text; also accepts ISO,
    yyyymmdd and "5 March 2025". Two-digit years are taken as the most recent such year,
    unless every number could be the day, the month or the year ("01/02/03"): that date
    is kept as typed and flagged, not read."""
    return _uk_date(_clean(raw), today or date.today(), allow_future)


@lru_cache(maxsize=CACHE_SIZE)
def _uk_date(typed: str, today: date, allow_future: bool) -> Normalised:
    candidate = " ".join(typed.split())
    if not candidate:
        return Normalised(typed, None)
    day = month = year = None
    if m := _NUMERIC_DATE.match(candidate):
        day, month, year = int(m[1]), int(m[2]), m[3]
        if _any_order(day, month, year):
            return Normalised(
                typed,
                None,
                (f"{candidate[:30]} can be read as more than one date: give the year in full",),
                extra={"ambiguous": "yes"},
            )
    elif (m := _ISO_DATE.match(candidate)) or (m := _COMPACT_DATE.match(candidate)):
        year, month, day = m[1], int(m[2]), int(m[3])
    elif (m := _WORDS_DATE.match(candidate)) and m[2].lower() in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2].lower()], m[3]
    if year is None or month is None or day is None:
        return Normalised(typed, None, (f"{candidate[:30]} is not a date (use day/month/year)",))
    full_year = int(year)
    if len(year) == 2:
        full_year = 2000 + full_year if 2000 + full_year <= today.year else 1900 + full_year
    try:
        parsed = date(full_year, month, day)
    except ValueError:
        return Normalised(typed, None, (f"{candidate[:30]} is not a real date",))
    if parsed.year < 1900:
        return Normalised(typed, None, (f"{candidate[:30]} is too long ago",))
    if not allow_future and parsed > today:
        return Normalised(typed, parsed.isoformat(), (f"{candidate[:30]} is in the future",))
    return Normalised(typed, parsed.isoformat())


def _any_order(day: int, month: int, year: str) -> bool:
    """Numbers that make a different real date in any order, like 01/02/03: with a year of
    two digits, day first is only a guess, so the date is not read."""
    parts = (day, month, int(year))
    return len(year) == 2 and all(1 <= p <= 12 for p in parts) and len(set(parts)) > 1


def to_date(result: Normalised) -> date | None:
    return date.fromisoformat(result.value) if result.value else None


def age_at(date_of_birth: date, on: date) -> int:
    """Age in whole years on a given day (a birthday on 29 February counts from 1 March)."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def age(raw: object) -> Normalised:
    """An age in whole years, 0 to 120."""
    return _age(_clean(raw))


@lru_cache(maxsize=CACHE_SIZE)
def _age(typed: str) -> Normalised:
    candidate = typed.strip().lower().removesuffix("years").removesuffix("yrs").strip()
    if not candidate:
        return Normalised(typed, None)
    if not (candidate.isascii() and candidate.isdigit()) or not 0 <= int(candidate) <= 120:
        return Normalised(
            typed, None, (f"age {typed.strip()[:10]} must be a number from 0 to 120",)
        )
    return Normalised(typed, str(int(candidate)))


# --- other scammer identifiers ---------------------------------------------------------

_CURRENT_REG = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z]{3}$")


def vehicle(raw: object) -> Normalised:
    """A vehicle registration in capitals; current-style plates are spaced ("AB12 CDE")."""
    typed = _clean(raw)
    compact = re.sub(r"[^A-Za-z0-9]", "", typed).upper()
    if not compact:
        return _nothing_usable(typed, "a vehicle registration")
    if not compact.isascii() or len(compact) > 8:
        return Normalised(typed, None, (f"{typed.strip()[:20]} is not a vehicle registration",))
    if _CURRENT_REG.match(compact):
        return Normalised(typed, f"{compact[:4]} {compact[4:]}")
    return Normalised(typed, compact)


def handle(raw: object) -> Normalised:
    """A social media handle or profile address, lower case, without the leading @."""
    typed = _clean(raw)
    candidate = typed.strip()
    if not candidate:
        return Normalised(typed, None)
    if "/" in candidate:
        try:
            path = urlsplit(candidate if "://" in candidate else f"https://{candidate}").path
        except ValueError:  # "//[" and the like: no address, so no path to take a handle from
            return Normalised(typed, None, (f"{candidate[:40]} is not a social media handle",))
        candidate = path.strip("/").split("/")[-1] if path.strip("/") else candidate
    candidate = candidate.lstrip("@").lower()
    if not candidate or " " in candidate:
        return Normalised(typed, None, (f"{typed.strip()[:40]} is not a social media handle",))
    return Normalised(typed, candidate)


_WALLETS = (
    re.compile(r"^(bc1|tb1)[02-9ac-hj-np-z]{8,87}$"),
    re.compile(r"^[13][1-9A-HJ-NP-Za-km-z]{25,34}$"),
    re.compile(r"^0x[0-9a-f]{40}$"),
    re.compile(r"^T[1-9A-HJ-NP-Za-km-z]{33}$"),
)


def crypto_wallet(raw: object) -> Normalised:
    """A cryptocurrency wallet address; unrecognised formats are kept and flagged."""
    typed = _clean(raw)
    candidate = "".join(typed.split())
    if not candidate:
        return Normalised(typed, None)
    if candidate.lower().startswith(("0x", "bc1", "tb1")):
        candidate = candidate.lower()
    if any(p.match(candidate) for p in _WALLETS):
        return Normalised(typed, candidate)
    return Normalised(typed, candidate[:120], ("not a recognised wallet address format",))


def name(raw: object) -> Normalised:
    """A person's or company's name, spaces collapsed; matched case-insensitively."""
    result = text(raw)
    if result.value is None:
        return result
    return Normalised(result.raw, result.value[:200].casefold())
