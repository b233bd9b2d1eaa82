"""The audit log's hash chain, as pure functions: each entry carries the hash of the one
before, so changing, removing or reordering any entry breaks the chain from there on, and
a checkpoint of the latest hash kept elsewhere catches a rewrite of the whole chain.

Only values that never change after writing are chained. The actor and organisation are
chained by the labels stored with the entry and, from chain version 2, by the ids they had
when it was written (`actor_key`, `organisation_key`): the links themselves become empty
when a login or organisation is later removed, so `verify` checks that a link still names
the id it was written with and is only empty once that login or organisation is gone.
Version 1 entries, written before the ids were chained, are checked by their labels alone."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first entry
CHAINED_FIELDS = (
    "sequence",
    "at",
    "actor_label",
    "organisation_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "detail",
)
# Chained from version 2 on, with the version itself.
KEYED_FIELDS = ("chain_version", "actor_key", "organisation_key")
CHAIN_VERSION = 2
SEALED_FIELDS = tuple(f for f in CHAINED_FIELDS if f != "sequence") + KEYED_FIELDS


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(previous_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of one entry: SHA-256 over the hash before it and the entry's chained
    values as canonical JSON (sorted keys, so a database that reorders JSON keys agrees)."""
    version = int(entry.get("chain_version") or 1)
    names = CHAINED_FIELDS + (KEYED_FIELDS if version >= 2 else ())
    body = {name: _canonical(entry[name]) for name in names}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous_hash}\n{text}".encode()).hexdigest()


def entry_seal(secret: str, entry: Mapping[str, Any]) -> str:
    """The application's seal on an entry as it writes it: HMAC-SHA256, keyed with the
    service's secret, over the entry's values (all but its place in the chain, which it
    gets at commit). Only entries with a good seal are chained, so a row inserted into the
    database directly, by someone without the secret, is never chained and `verify`
    names it."""
    body = {name: _canonical(entry[name]) for name in SEALED_FIELDS}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(secret.encode(), f"audit-seal\n{text}".encode(), hashlib.sha256).hexdigest()


def has_good_seal(secret: str, entry: Mapping[str, Any]) -> bool:
    return hmac.compare_digest(str(entry.get("seal") or ""), entry_seal(secret, entry))


@dataclass(frozen=True)
class Break:
    """Where the chain first fails to hold, and how."""

    sequence: int
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"Audit entry {self.sequence}"
        if self.entry_id is not None:
            where += f" (row {self.entry_id})"
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verified:
    entries: int
    last_sequence: int
    last_hash: str


@dataclass(frozen=True)
class Existing:
    """The ids of the logins and organisations that exist now, so that a link emptied
    while its login or organisation still exists is caught (an entry quietly detached
    from who wrote it)."""

    logins: frozenset[int]
    organisations: frozenset[int]


def _links_hold(entry: Mapping[str, Any], existing: Existing | None) -> str | None:
    """Why an entry's links to its login and organisation no longer match the ids chained
    with it, or None when they do."""
    if int(entry.get("chain_version") or 1) < 2:
        return None
    for link, key, kind, ids in (
        ("actor_id", "actor_key", "login", existing.logins if existing else None),
        (
            "organisation_id",
            "organisation_key",
            "organisation",
            existing.organisations if existing else None,
        ),
    ):
        if link not in entry:
            continue
        now, then = entry[link], entry[key]
        if now is not None and now != then:
            return f"was moved to another {kind} (written by {kind} {then}, now names {now})"
        if now is None and then is not None and ids is not None and then in ids:
            return f"was detached from its {kind} ({then}), which still exists"
    return None


def verify(
    entries: Iterable[Mapping[str, Any]], existing: Existing | None = None
) -> Verified | Break:
    """Walk the entries in sequence order: each must follow the one before without a gap,
    name the hash before it, hash to what it says, come from a chain version no older
    than the one before it, and still link to the login and organisation it was written
    by (when the entries carry their links)."""
    previous_hash = GENESIS
    expected = 1
    count = 0
    version = 1
    for entry in entries:
        sequence = int(entry["sequence"])
        entry_id = entry.get("id")
        if sequence != expected:
            missing = "was removed" if sequence > expected else "appears twice"
            return Break(expected, entry_id, f"the entry numbered {expected} {missing}")
        if entry["previous_hash"] != previous_hash:
            return Break(
                sequence, entry_id, "does not follow the entry before it (moved or reordered)"
            )
        if entry_hash(previous_hash, entry) != entry["hash"]:
            return Break(sequence, entry_id, "was changed after it was written")
        entry_version = int(entry.get("chain_version") or 1)
        if entry_version < version:
            return Break(
                sequence,
                entry_id,
                f"claims chain version {entry_version} after an entry of version {version}",
            )
        version = entry_version
        if (moved := _links_hold(entry, existing)) is not None:
            return Break(sequence, entry_id, moved)
        previous_hash = entry["hash"]
        expected += 1
        count += 1
    return Verified(entries=count, last_sequence=expected - 1, last_hash=previous_hash)


@dataclass(frozen=True)
class Checkpoint:
    """The chain's latest entry and hash at one moment, kept outside the database."""

    sequence: int
    hash: str
    at: str

    def line(self) -> str:
        return json.dumps({"sequence": self.sequence, "hash": self.hash, "at": self.at})

    @classmethod
    def from_line(cls, line: str) -> Checkpoint:
        data = json.loads(line)
        return cls(sequence=int(data["sequence"]), hash=str(data["hash"]), at=str(data["at"]))
