"""TAXII 2.1 resources as the standard shapes them: the media types, timestamps, the
envelope and manifest of a page of objects, its filters and its `next` token, and the
error message. Pure functions of plain data: the feeds module reads the database."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1"
STIX_MEDIA_TYPE = "application/stix+json;version=2.1"
# A page holds at most this many objects, whatever `limit` asks for.
MAX_PAGE = 500
DEFAULT_PAGE = 100
SPEC_VERSION = "2.1"  # every object this server holds is STIX 2.1


class BadRequest(ValueError):
    """A request the standard allows but with a value the server cannot read; its text
    says what to send instead."""


@dataclass(frozen=True)
class Stored:
    """One STIX object in a collection: its id, when it was added (its place in the feed)
    and its version, known before the object itself is made (`load`), so that a page
    makes only the objects it holds."""

    id: str
    date_added: datetime
    version: str
    load: Callable[[], Mapping[str, Any]]

    @property
    def type(self) -> str:
        return self.id.partition("--")[0]


@dataclass(frozen=True)
class Filters:
    """What a client asked for: objects added after a time, matching ids, types,
    versions and spec versions, `limit` at a time, from where `next` left off."""

    added_after: datetime | None = None
    ids: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    versions: frozenset[str] = frozenset({"last"})
    spec_versions: frozenset[str] = frozenset()
    limit: int = DEFAULT_PAGE
    after: tuple[datetime, str] | None = None  # from `next`: the last object already sent


def truncate(moment: datetime) -> datetime:
    """A time as the feed states it: UTC, to the millisecond."""
    moment = moment.astimezone(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def timestamp(moment: datetime) -> str:
    """A TAXII timestamp: RFC 3339 in UTC with milliseconds, like 2026-12-06T08:00:00.000Z."""
    moment = truncate(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(text: str, name: str) -> datetime:
    """A timestamp a client sent; one with no zone is taken as UTC, as TAXII's are."""
    cleaned = text.strip().replace(" ", "+")  # a '+' in a query string arrives as a space
    if cleaned.endswith(("Z", "z")):
        cleaned = cleaned[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise BadRequest(
            f"{name} is not a time this server can read: {text!r}. Send an RFC 3339 "
            "timestamp in UTC, like 2026-12-06T08:00:00.000Z."
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def encode_next(last: Stored) -> str:
    """The `next` token: where this page ended (the time and id of its last object)."""
    raw = f"{timestamp(last.date_added)}|{last.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_next(token: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        when, _, object_id = raw.partition("|")
        if not object_id:
            raise ValueError
        return parse_timestamp(when, "next"), object_id
    except (ValueError, binascii.Error, UnicodeDecodeError, BadRequest):
        raise BadRequest(
            "next is not a token this server gave. Send the 'next' value of the previous "
            "page unchanged, or leave it out to start from the beginning."
        ) from None


def _split(values: Sequence[str]) -> frozenset[str]:
    return frozenset(v.strip() for value in values for v in value.split(",") if v.strip())


def read_filters(query: Mapping[str, Sequence[str]]) -> Filters:
    """The filters in a query string (each name to its values), or BadRequest saying which
    value to mend. Names the standard does not define are ignored, as it allows."""

    def one(name: str) -> str | None:
        values = query.get(name) or []
        return values[-1] if values else None

    added_after = one("added_after")
    limit_text = one("limit")
    limit = DEFAULT_PAGE
    if limit_text is not None:
        if not limit_text.strip().isdigit() or int(limit_text) < 1:
            raise BadRequest(
                f"limit must be a whole number of objects, 1 or more: {limit_text!r} is not."
            )
        limit = min(int(limit_text), MAX_PAGE)
    next_token = one("next")
    versions = _split(query.get("match[version]") or []) or frozenset({"last"})
    for version in versions - {"first", "last", "all"}:
        parse_timestamp(version, "match[version]")
    return Filters(
        added_after=parse_timestamp(added_after, "added_after") if added_after else None,
        ids=_split(query.get("match[id]") or []),
        types=_split(query.get("match[type]") or []),
        versions=versions,
        spec_versions=_split(query.get("match[spec_version]") or []),
        limit=limit,
        after=decode_next(next_token) if next_token else None,
    )


def _version_matches(stored: Stored, versions: frozenset[str]) -> bool:
    """Each object here has one version, so first, last and all are that one; a time
    matches the version stated at that time."""
    if versions & {"first", "last", "all"}:
        return True
    return any(
        parse_timestamp(v, "match[version]") == parse_timestamp(stored.version, "version")
        for v in versions
    )


def select(objects: Sequence[Stored], filters: Filters) -> tuple[list[Stored], bool]:
    """The objects of one page, in the order they were added (ties by id), and whether
    more follow."""
    chosen = [
        s
        for s in objects
        if (filters.added_after is None or truncate(s.date_added) > filters.added_after)
        and (not filters.ids or s.id in filters.ids)
        and (not filters.types or s.type in filters.types)
        and (not filters.spec_versions or SPEC_VERSION in filters.spec_versions)
        and _version_matches(s, filters.versions)
    ]
    chosen.sort(key=lambda s: (truncate(s.date_added), s.id))
    if filters.after is not None:
        chosen = [s for s in chosen if (truncate(s.date_added), s.id) > filters.after]
    return chosen[: filters.limit], len(chosen) > filters.limit


def envelope(page: Sequence[Stored], more: bool) -> dict[str, Any]:
    """The envelope of Get Objects: the objects, and where the next page starts."""
    body: dict[str, Any] = {"more": more}
    if more and page:
        body["next"] = encode_next(page[-1])
    if page:
        body["objects"] = [dict(s.load()) for s in page]
    return body


def manifest(page: Sequence[Stored], more: bool) -> dict[str, Any]:
    """The manifest of Get Object Manifests: each object's id, when it was added, its
    version and media type."""
    body: dict[str, Any] = {"more": more}
    if more and page:
        body["next"] = encode_next(page[-1])
    if page:
        body["objects"] = [
            {
                "id": s.id,
                "date_added": timestamp(s.date_added),
                "version": s.version,
                "media_type": STIX_MEDIA_TYPE,
            }
            for s in page
        ]
    return body


def versions(page: Sequence[Stored], more: bool) -> dict[str, Any]:
    """The versions resource of Get Object Versions."""
    body: dict[str, Any] = {"more": more}
    if more and page:
        body["next"] = encode_next(page[-1])
    if page:
        body["versions"] = [s.version for s in page]
    return body


def page_headers(page: Sequence[Stored]) -> dict[str, str]:
    """X-TAXII-Date-Added-First and -Last: the first and last time on the page, which a
    client sends back as added_after to ask only for what is newer."""
    if not page:
        return {}
    return {
        "X-TAXII-Date-Added-First": timestamp(page[0].date_added),
        "X-TAXII-Date-Added-Last": timestamp(page[-1].date_added),
    }


def error(status: int, title: str, description: str = "") -> dict[str, Any]:
    """The error message resource."""
    body: dict[str, Any] = {"title": title, "http_status": str(status)}
    if description:
        body["description"] = description
    return body
