"""The audit log's hash chain, as pure functions: each entry carries the hash of the one
before, so changing, removing or reordering any entry breaks the chain from there on, and
a checkpoint of the latest hash kept elsewhere catches a rewrite of the whole chain.

Only values that never change after writing are chained: the actor and organisation are
chained by the labels stored with the entry, not by their ids, which become empty when a
login or organisation is later removed."""

from __future__ import annotations

import hashlib
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


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return value


def entry_hash(previous_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of one entry: SHA-256 over the hash before it and the entry's chained
    values as canonical JSON (sorted keys, so a database that reorders JSON keys agrees)."""
    body = {name: _canonical(entry[name]) for name in CHAINED_FIELDS}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous_hash}\n{text}".encode()).hexdigest()


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


def verify(entries: Iterable[Mapping[str, Any]]) -> Verified | Break:
    """Walk the entries in sequence order: each must follow the one before without a gap,
    name the hash before it, and hash to what it says."""
    previous_hash = GENESIS
    expected = 1
    count = 0
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
