"""A person record as the model compares it: names, date of birth, address and contact
details normalised, blanks as missing, and the nicknames a given name may stand for."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from nicknames import NickNamer

from fraudhub.reports import normalise as n

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
