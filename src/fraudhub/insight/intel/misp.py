"""MISP: the identifiers as one MISP event (the JSON MISP imports), one attribute each."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from fraudhub.reports.models import Identifier

from .gathering import IntelItem
from .stix import NAMESPACE, _describe, _end, _start

MISP_TYPES: dict[str, tuple[str, str, bool]] = {
    # kind: (attribute type, category, for intrusion detection)
    Identifier.Kind.PHONE: ("phone-number", "Financial fraud", True),
    Identifier.Kind.EMAIL: ("email-src", "Payload delivery", True),
    Identifier.Kind.WEBSITE: ("domain", "Network activity", True),
    Identifier.Kind.BANK_ACCOUNT: ("bank-account-nr", "Financial fraud", True),
    Identifier.Kind.CRYPTO_WALLET: ("text", "Financial fraud", False),
    Identifier.Kind.COMPANY: ("text", "Attribution", False),
    Identifier.Kind.SOCIAL_MEDIA: ("text", "Social network", False),
    Identifier.Kind.VEHICLE: ("text", "Other", False),
    Identifier.Kind.PERSON_NAME: ("full-name", "Person", False),
}
# MISP's distribution levels: 0 your organisation only, 1 this community, 3 all communities.
MISP_DISTRIBUTION = {"clear": "3", "green": "1", "amber": "0", "amber+strict": "0", "red": "0"}


def _misp_type(item: IntelItem) -> tuple[str, str, bool]:
    kind, category, to_ids = MISP_TYPES[item.kind]
    if item.kind == Identifier.Kind.WEBSITE:
        try:
            ipaddress.ip_address(item.value)
            return ("ip-dst", category, to_ids)
        except ValueError:
            pass
    if item.kind == Identifier.Kind.CRYPTO_WALLET and item.value[:1] in "13b":
        return ("btc", category, True)
    return (kind, category, to_ids)


def _misp_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def misp_event(
    items: Iterable[IntelItem],
    *,
    producer: str,
    area: str,
    tlp: str,
    receiver: str,
    today: date,
) -> dict[str, Any]:
    """A MISP event (the JSON MISP imports) with one attribute per identifier; uuids are
    stable, so importing a later export updates the same event and attributes."""
    attributes: list[dict[str, Any]] = []
    for item in items:
        kind, category, to_ids = _misp_type(item)
        attributes.append(
            {
                "uuid": str(uuid.uuid5(NAMESPACE, f"misp-attribute|{item.kind}|{item.value}")),
                "type": kind,
                "category": category,
                "value": item.value,
                "to_ids": to_ids,
                "comment": _describe(item, area),
                "first_seen": _misp_time(_start(item.first_seen)),
                "last_seen": _misp_time(_end(item.last_seen)),
                "distribution": "5",
                "Tag": [{"name": f"tlp:{tlp}"}],
            }
        )
    return {
        "Event": {
            "uuid": str(uuid.uuid5(NAMESPACE, f"misp-event|{area}|{receiver}")),
            "info": f"Scammers' identifiers reported to the {area} fraud hub, for {receiver}",
            "date": today.isoformat(),
            "threat_level_id": "2",
            "analysis": "0",
            "distribution": MISP_DISTRIBUTION[tlp],
            "published": False,
            "Orgc": {"name": producer, "uuid": str(uuid.uuid5(NAMESPACE, f"org|{area}"))},
            "Tag": [{"name": f"tlp:{tlp}"}],
            "Attribute": attributes,
        }
    }
