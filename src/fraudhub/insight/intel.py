"""Intelligence exports: the scammers' identifiers in the reports a receiving organisation
may see, counted and dated, written as a STIX 2.1 bundle, a MISP event or a flat CSV.

The rules (what is counted, what is left out, how each format is built) are pure
functions of plain data; `export_intel` alone reads the database and writes the audit log.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import stix2
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from stix2.properties import StringProperty

from fraudhub.governance import audit, policy
from fraudhub.governance.audit import Actor
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.models import ExcludedIdentifier
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.selectors import released_q, reports_for_organisation
from fraudhub.tabular.escaping import escape_cell

FORMATS = ("stix", "misp", "csv")
TLP_LEVELS = ("clear", "green", "amber", "amber+strict", "red")
CSV_COLUMNS = (
    "kind",
    "value",
    "display",
    "report_count",
    "first_seen",
    "last_seen",
    "total_loss",
    "scam_types",
    "cluster_ids",
)

# Every id this hub gives a STIX object is a uuid5 in this namespace, so the same value
# keeps the same id from one export to the next and a receiving system updates it.
NAMESPACE = uuid.UUID("94ca26f5-890b-43d2-a29a-df55b7663682")
# When the definitions of this hub's own STIX extensions were written.
EXTENSIONS_WRITTEN = datetime(2026, 12, 1, tzinfo=UTC)


# --- aggregating ------------------------------------------------------------------------


@dataclass(frozen=True)
class Sighting:
    """One identifier as it appears in one report, with what the export needs of the report."""

    kind: str
    value: str
    display: str
    report_id: int
    received_date: date
    amount_lost: Decimal | None = None
    scam_type: str = ""
    cluster_id: int | None = None
    changed_at: datetime | None = None  # when the report last changed


@dataclass(frozen=True)
class IntelItem:
    """One identifier across every report that names it."""

    kind: str
    value: str
    display: str
    report_count: int
    first_seen: date
    last_seen: date
    total_loss: Decimal
    scam_types: tuple[str, ...] = ()
    cluster_ids: tuple[int, ...] = ()
    # When a report naming it last changed: the version of its STIX objects in a feed.
    changed_at: datetime | None = None


@dataclass(frozen=True)
class Aggregate:
    """The identifiers to export and what was left out, by reason."""

    items: list[IntelItem]
    reports: int
    excluded: int = 0
    names_withheld: int = 0
    below_minimum: int = 0


def export_value(kind: str, normalised: str) -> str:
    """The value as it is exported: a bank account with no sort code is its account number."""
    if kind == Identifier.Kind.BANK_ACCOUNT and normalised.startswith("?? "):
        return normalised[3:]
    return normalised


def aggregate(
    sightings: Iterable[Sighting],
    *,
    excluded: frozenset[tuple[str, str]] = frozenset(),
    min_reports: int = 1,
    include_names: bool = False,
) -> Aggregate:
    """Count each (kind, value) once per report; leave out values on the exclusion list,
    names used unless asked for, and values seen in fewer than `min_reports` reports."""
    by_key: dict[tuple[str, str], list[Sighting]] = {}
    left_out: dict[str, set[tuple[str, str]]] = {"excluded": set(), "names": set()}
    for sighting in sightings:
        key = (sighting.kind, sighting.value)
        if not sighting.value:
            continue
        if key in excluded:
            left_out["excluded"].add(key)
        elif sighting.kind == Identifier.Kind.PERSON_NAME and not include_names:
            left_out["names"].add(key)
        else:
            by_key.setdefault(key, []).append(sighting)
    items: list[IntelItem] = []
    below = 0
    reports: set[int] = set()
    for (kind, value), seen in sorted(by_key.items()):
        per_report = {s.report_id: s for s in seen}
        if len(per_report) < min_reports:
            below += 1
            continue
        reports.update(per_report)
        dates = [s.received_date for s in per_report.values()]
        changes = [s.changed_at for s in per_report.values() if s.changed_at is not None]
        items.append(
            IntelItem(
                kind=kind,
                value=export_value(kind, value),
                display=export_value(kind, next((s.display for s in seen if s.display), value)),
                report_count=len(per_report),
                first_seen=min(dates),
                last_seen=max(dates),
                total_loss=sum(
                    (s.amount_lost for s in per_report.values() if s.amount_lost is not None),
                    Decimal("0.00"),
                ),
                scam_types=tuple(sorted({s.scam_type for s in seen if s.scam_type})),
                cluster_ids=tuple(sorted({s.cluster_id for s in seen if s.cluster_id})),
                changed_at=max(changes) if changes else None,
            )
        )
    return Aggregate(
        items=items,
        reports=len(reports),
        excluded=len(left_out["excluded"]),
        names_withheld=len(left_out["names"]),
        below_minimum=below,
    )


# --- STIX 2.1 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CustomKind:
    """A kind STIX has no observable for: this hub's own observable type and its extension."""

    type: str
    extension_id: str
    name: str
    schema: str


CUSTOM_KINDS: dict[str, CustomKind] = {
    Identifier.Kind.PHONE: CustomKind(
        "x-fraudhub-phone-number",
        "extension-definition--24447f5d-aa87-45f3-8c34-e15b18ae4fd9",
        "Phone number",
        "A phone number a scammer used, in E.164 form (+441632960000) where it could be read "
        "as one, otherwise as typed. Property: value (string, required).",
    ),
    Identifier.Kind.BANK_ACCOUNT: CustomKind(
        "x-fraudhub-bank-account",
        "extension-definition--2f8f8a31-2c10-4180-b9a6-57c536e27975",
        "UK bank account",
        "A UK bank account victims were told to pay: sort code and account number as "
        "'NN-NN-NN NNNNNNNN', or the account number alone when the sort code was not given. "
        "Property: value (string, required).",
    ),
    Identifier.Kind.VEHICLE: CustomKind(
        "x-fraudhub-vehicle-registration",
        "extension-definition--14f4525e-40e7-429a-9279-54235434dc9b",
        "Vehicle registration",
        "A vehicle registration seen with a doorstep scam, in capitals, current plates spaced "
        "('AB12 CDE'). Property: value (string, required).",
    ),
    Identifier.Kind.COMPANY: CustomKind(
        "x-fraudhub-company-name",
        "extension-definition--8ba4782f-7935-4c29-a5c3-e52e6344ab72",
        "Company name",
        "A company name a scammer traded under, spaces collapsed and in lower case. "
        "Property: value (string, required).",
    ),
    Identifier.Kind.CRYPTO_WALLET: CustomKind(
        "x-fraudhub-crypto-wallet",
        "extension-definition--bedfed71-a1aa-4d78-81c7-69654f5f0a1d",
        "Cryptocurrency wallet",
        "A cryptocurrency wallet address victims were told to pay. "
        "Property: value (string, required).",
    ),
    Identifier.Kind.PERSON_NAME: CustomKind(
        "x-fraudhub-name-used",
        "extension-definition--1114cc69-dabc-4df9-99f8-089da79502ad",
        "Name used",
        "A name a scammer gave, which may be false or someone else's, in lower case. "
        "Property: value (string, required).",
    ),
}
COUNTS_EXTENSION = CustomKind(
    "",
    "extension-definition--2b4a4211-f19f-479f-8e4b-96d8716f4035",
    "Fraud hub report counts",
    "Top-level properties on an indicator: x_fraudhub_report_count (integer, reports that "
    "name the value), x_fraudhub_total_loss_gbp (string, pounds lost in those reports, two "
    "decimal places), x_fraudhub_scam_types (list of scam type slugs), x_fraudhub_cluster_ids "
    "(list of the hub's cluster numbers for those reports).",
)


def _custom_observable(kind: CustomKind) -> Any:
    @stix2.v21.CustomObservable(
        kind.type,
        [("value", StringProperty(required=True))],
        id_contrib_props=["value"],
        extension_name=kind.extension_id,
    )
    class Observable:
        pass

    return Observable


OBSERVABLE_CLASSES: dict[str, Any] = {
    kind: _custom_observable(custom) for kind, custom in CUSTOM_KINDS.items()
}

TLP_AMBER_STRICT = stix2.MarkingDefinition(
    id="marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    created="2022-10-01T00:00:00.000Z",
    name="TLP:AMBER+STRICT",
    extensions={
        "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
            "extension_type": "property-extension",
            "tlp_2_0": "amber+strict",
        }
    },
    allow_custom=True,
)
TLP_MARKINGS: dict[str, stix2.MarkingDefinition] = {
    "clear": stix2.TLP_WHITE,
    "green": stix2.TLP_GREEN,
    "amber": stix2.TLP_AMBER,
    "amber+strict": TLP_AMBER_STRICT,
    "red": stix2.TLP_RED,
}
KIND_LABELS = dict(Identifier.Kind.choices)


def stable_id(stix_type: str, *parts: str) -> str:
    """The id a STIX object of this hub keeps from one export to the next."""
    return f"{stix_type}--{uuid.uuid5(NAMESPACE, '|'.join((stix_type, *parts)))}"


def _quoted(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _observable(item: IntelItem, marking: list[str]) -> Any:
    """The STIX cyber-observable for an identifier; its id is STIX's own uuid5 of the value."""
    if item.kind == Identifier.Kind.EMAIL:
        return stix2.EmailAddress(value=item.value, object_marking_refs=marking)
    if item.kind == Identifier.Kind.WEBSITE:
        try:
            address = ipaddress.ip_address(item.value)
        except ValueError:
            return stix2.DomainName(value=item.value, object_marking_refs=marking)
        kind = stix2.IPv4Address if address.version == 4 else stix2.IPv6Address
        return kind(value=item.value, object_marking_refs=marking)
    if item.kind == Identifier.Kind.SOCIAL_MEDIA:
        return stix2.UserAccount(account_login=item.value, object_marking_refs=marking)
    return OBSERVABLE_CLASSES[item.kind](value=item.value, object_marking_refs=marking)


def _pattern(observable: Any) -> str:
    prop = "account_login" if observable["type"] == "user-account" else "value"
    return f"[{observable['type']}:{prop} = {_quoted(observable[prop])}]"


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _describe(item: IntelItem, area: str) -> str:
    reports = "report" if item.report_count == 1 else "reports"
    when = _day(item.first_seen)
    if item.last_seen != item.first_seen:
        when += f" to {_day(item.last_seen)}"
    text = (
        f"{KIND_LABELS.get(item.kind, item.kind)} {item.display} named in {item.report_count} "
        f"scam {reports} to the {area} fraud hub, received {when}."
    )
    if item.total_loss:
        text += f" Reported losses: £{item.total_loss:,.2f}."
    if item.scam_types:
        text += f" Scam types: {', '.join(item.scam_types)}."
    return text


@dataclass(frozen=True)
class StixParts:
    """A bundle's objects by what they belong to: the marking and producer every object
    refers to, the extension definition of each custom kind used, and each identifier's
    own objects (observable, observed-data, indicator and the relationship between them)."""

    header: list[dict[str, Any]]
    definitions: dict[str, dict[str, Any]]  # by identifier kind; "" for the counts extension
    items: list[tuple[IntelItem, list[dict[str, Any]]]]


COUNTS_KEY = ""


def producer_identity(*, producer: str, area: str, tlp: str) -> stix2.Identity:
    """The hub as the producer every object names."""
    return stix2.Identity(
        id=stable_id("identity", area),
        name=producer,
        identity_class="organization",
        sectors=["government-local"],
        description=f"The {area} fraud hub: reports of scams from residents and partners.",
        created=EXTENSIONS_WRITTEN,
        modified=EXTENSIONS_WRITTEN,
        object_marking_refs=[TLP_MARKINGS[tlp].id],
    )


def item_times(item: IntelItem, now: datetime) -> tuple[datetime, datetime]:
    """When an identifier's objects were created and last modified: an item that knows
    when its reports last changed is versioned by that time (so a feed gives the same
    version until something changes), otherwise by `now`."""
    created = min(_start(item.first_seen), now)
    if item.changed_at is None:
        return created, now
    changed = item.changed_at.astimezone(UTC)
    changed = changed.replace(microsecond=changed.microsecond // 1000 * 1000)
    return created, max(changed, created)


def item_ids(item: IntelItem) -> tuple[str, str, str, str]:
    """The ids of an identifier's observable, observed-data, indicator and relationship,
    in that order, without making the last three."""
    observable = _observable(item, [])
    observed = stable_id("observed-data", item.kind, item.value)
    indicator = stable_id("indicator", item.kind, item.value)
    return (
        observable.id,
        observed,
        indicator,
        stable_id("relationship", indicator, "based-on", observed),
    )


def item_objects(
    item: IntelItem, *, identity_id: str, area: str, tlp: str, now: datetime
) -> list[dict[str, Any]]:
    """An identifier's observable, the observed-data that counts its reports, an indicator
    based on it and the relationship saying so, serialised and marked with `tlp`."""
    refs = [TLP_MARKINGS[tlp].id]
    observable = _observable(item, refs)
    created, modified = item_times(item, now)
    observed = stix2.ObservedData(
        id=stable_id("observed-data", item.kind, item.value),
        created_by_ref=identity_id,
        created=created,
        modified=modified,
        first_observed=_start(item.first_seen),
        last_observed=_end(item.last_seen),
        number_observed=item.report_count,
        object_refs=[observable.id],
        object_marking_refs=refs,
        allow_custom=True,
    )
    counts: dict[str, Any] = {
        "x_fraudhub_report_count": item.report_count,
        "x_fraudhub_total_loss_gbp": f"{item.total_loss:.2f}",
    }
    if item.scam_types:
        counts["x_fraudhub_scam_types"] = list(item.scam_types)
    if item.cluster_ids:
        counts["x_fraudhub_cluster_ids"] = list(item.cluster_ids)
    indicator = stix2.Indicator(
        id=stable_id("indicator", item.kind, item.value),
        created_by_ref=identity_id,
        created=created,
        modified=modified,
        name=f"{KIND_LABELS.get(item.kind, item.kind)} used in scams: {item.display}",
        description=_describe(item, area),
        indicator_types=["malicious-activity"],
        pattern=_pattern(observable),
        pattern_type="stix",
        valid_from=_start(item.first_seen),
        object_marking_refs=refs,
        extensions={
            COUNTS_EXTENSION.extension_id: {"extension_type": "toplevel-property-extension"}
        },
        allow_custom=True,
        **counts,
    )
    based_on = stix2.Relationship(
        id=stable_id("relationship", indicator.id, "based-on", observed.id),
        created_by_ref=identity_id,
        created=created,
        modified=modified,
        relationship_type="based-on",
        source_ref=indicator.id,
        target_ref=observed.id,
        object_marking_refs=refs,
    )
    return [stix_data(o) for o in (observable, observed, indicator, based_on)]


def extension_definitions(
    kinds: Iterable[str], *, identity_id: str, tlp: str
) -> dict[str, dict[str, Any]]:
    """The definitions of the custom kinds named and of the report counts every indicator
    carries, by kind (COUNTS_KEY for the counts)."""
    refs = [TLP_MARKINGS[tlp].id]
    definitions = {
        kind: stix_data(_extension_definition(CUSTOM_KINDS[kind], "new-sco", identity_id, refs))
        for kind in sorted(kinds)
    }
    definitions[COUNTS_KEY] = stix_data(
        _extension_definition(COUNTS_EXTENSION, "toplevel-property-extension", identity_id, refs)
    )
    return definitions


def stix_parts(
    items: Iterable[IntelItem], *, producer: str, area: str, tlp: str, now: datetime
) -> StixParts:
    """The STIX 2.1 objects for `items`, all marked with `tlp`. Each object is made (and
    checked) by stix2, then kept as the JSON data the validator and the file need."""
    identity = producer_identity(producer=producer, area=area, tlp=tlp)
    body = [
        (item, item_objects(item, identity_id=identity.id, area=area, tlp=tlp, now=now))
        for item in items
    ]
    used = {item.kind for item, _ in body if item.kind in CUSTOM_KINDS}
    definitions = extension_definitions(used, identity_id=identity.id, tlp=tlp) if body else {}
    return StixParts(
        header=[stix_data(TLP_MARKINGS[tlp]), stix_data(identity)],
        definitions=definitions,
        items=body,
    )


def stix_bundle(
    items: Iterable[IntelItem], *, producer: str, area: str, tlp: str, now: datetime
) -> dict[str, Any]:
    """A STIX 2.1 bundle, serialised: the producing identity, for each identifier an
    observable, the observed-data that counts its reports and an indicator based on it,
    all marked with `tlp`."""
    parts = stix_parts(items, producer=producer, area=area, tlp=tlp, now=now)
    return {
        "type": "bundle",
        "id": f"bundle--{uuid.uuid4()}",
        "objects": [
            *parts.header,
            *parts.definitions.values(),
            *(data for _, objects in parts.items for data in objects),
        ],
    }


def stix_data(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(obj.serialize())
    return data


def _extension_definition(
    kind: CustomKind, extension_type: str, producer_id: str, refs: list[str]
) -> stix2.ExtensionDefinition:
    extra = (
        {
            "extension_properties": [
                "x_fraudhub_report_count",
                "x_fraudhub_total_loss_gbp",
                "x_fraudhub_scam_types",
                "x_fraudhub_cluster_ids",
            ]
        }
        if extension_type == "toplevel-property-extension"
        else {}
    )
    return stix2.ExtensionDefinition(
        id=kind.extension_id,
        created_by_ref=producer_id,
        created=EXTENSIONS_WRITTEN,
        modified=EXTENSIONS_WRITTEN,
        name=kind.name,
        description=f"{kind.name}, as the fraud hub exports it.",
        schema=kind.schema,
        version="1.0.0",
        extension_types=[extension_type],
        object_marking_refs=refs,
        **extra,
    )


@dataclass(frozen=True)
class Validation:
    """What the OASIS validator said of a bundle."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


# The validator asks for random (version 4) ids on domain objects, and takes custom
# observables for domain objects; this hub's ids are uuid5 by design (see
# docs/formats/intel-exports.md), so that one check is left out.
VALIDATOR_DISABLED = ("uuid-check",)


def validate_stix(
    bundle: dict[str, Any], *, disabled: Iterable[str] = VALIDATOR_DISABLED
) -> Validation:
    """Run the OASIS STIX 2.1 validator over a serialised bundle. Where it is not
    installed (it is a development dependency) the bundle goes unchecked, with a warning."""
    try:
        from stix2validator import ValidationOptions, validate_instance
        from stix2validator.errors import ValidationError
    except ImportError:
        return Validation(warnings=["not checked: the stix2-validator package is not installed"])
    options = ValidationOptions(version="2.1", disabled=",".join(disabled))
    try:
        result = validate_instance(bundle, options)
    except ValidationError as exc:
        return Validation(errors=[f"the STIX validator could not run: {exc}"])
    return Validation(
        errors=[str(e) for e in result.errors], warnings=[str(w) for w in result.warnings]
    )


# --- MISP --------------------------------------------------------------------------------

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


# --- CSV ---------------------------------------------------------------------------------


def csv_text(items: Iterable[IntelItem]) -> str:
    """One row per identifier; cells a spreadsheet would run as a formula are escaped."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in items:
        row: list[object] = [
            item.kind,
            item.value,
            item.display,
            item.report_count,
            item.first_seen.isoformat(),
            item.last_seen.isoformat(),
            f"{item.total_loss:.2f}",
            "; ".join(item.scam_types),
            "; ".join(str(c) for c in item.cluster_ids),
        ]
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue()


# --- reading, auditing, writing ----------------------------------------------------------


class InvalidExport(Exception):
    """The export was built but fails validation, so it is not handed out."""


@dataclass(frozen=True)
class IntelOptions:
    """What the person exporting asked for."""

    format: str = "stix"
    tlp: str = "amber"
    since: date | None = None
    min_reports: int = 1
    include_names: bool = False
    cluster: int | None = None  # only the reports of this cluster


@dataclass(frozen=True)
class IntelExport:
    """A finished export: its text and what went into it."""

    text: str
    aggregate: Aggregate
    warnings: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.aggregate.items)


def _sightings(
    organisation: Organisation, since: date | None, cluster: int | None = None
) -> Iterator[Sighting]:
    """Scammers' identifiers of the reports whose scam details an agreement in force
    releases to the organisation; amounts lost only where money is released too."""
    reader = policy.reader_for_organisation(organisation)
    reports = reports_for_organisation(organisation)
    if since is not None:
        reports = reports.filter(received_date__gte=since)
    if cluster is not None:
        reports = reports.filter(cluster_member__cluster_id=cluster)
    money: set[int] | None = None
    if not reader.sees_everything:
        money = set(
            reports.filter(released_q(reader, policy.Category.MONEY)).values_list("pk", flat=True)
        )
        reports = reports.filter(released_q(reader, policy.Category.SCAM_DETAILS))
    yield from sightings_in(reports, money=money)


def sightings_in(
    reports: QuerySet[Report],
    *,
    changes: bool = False,
    values: QuerySet[Identifier] | None = None,
    money: set[int] | None = None,
) -> Iterator[Sighting]:
    """Each identifier in `reports` (only those whose normalised value is among `values`
    when given), with when its report last changed if `changes` is asked for; the amount
    lost only for the reports in `money` when it is given (where money is released)."""
    rows = Identifier.objects.filter(report__in=reports).exclude(normalised="")
    if values is not None:
        rows = rows.filter(normalised__in=values.values("normalised"))
    fields = [
        "kind",
        "normalised",
        "display",
        "report_id",
        "report__received_date",
        "report__amount_lost",
        "report__scam_type__slug",
        "report__cluster_member__cluster_id",
    ]
    for row in rows.values_list(*fields, "report__updated_at").order_by("id").iterator(2000):
        kind, value, display, report_id, received, lost, scam_type, cluster, changed = row
        if money is not None and report_id not in money:
            lost = None
        yield Sighting(
            kind,
            value,
            display,
            report_id,
            received,
            lost,
            scam_type or "",
            cluster,
            changed if changes else None,
        )


def producer_name() -> str:
    """The producing organisation: the hub's own, or one named after the area."""
    hub = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    return hub.name if hub is not None else f"{settings.FRAUDHUB_AREA_NAME} Fraud Hub"


def export_intel(
    *, organisation: Organisation, options: IntelOptions, actor: Actor = None
) -> IntelExport:
    """Build an intelligence export for a receiving organisation from what it may see,
    check it, and write one audit event for it."""
    if options.format not in FORMATS:
        raise ValueError(f"Unknown format {options.format!r}: use one of {', '.join(FORMATS)}")
    if options.tlp not in TLP_LEVELS:
        raise ValueError(f"Unknown TLP {options.tlp!r}: use one of {', '.join(TLP_LEVELS)}")
    excluded = frozenset(ExcludedIdentifier.objects.values_list("kind", "value"))
    with transaction.atomic():
        found = aggregate(
            _sightings(organisation, options.since, options.cluster),
            excluded=excluded,
            min_reports=options.min_reports,
            include_names=options.include_names,
        )
        area = settings.FRAUDHUB_AREA_NAME
        warnings: list[str] = []
        if options.format == "stix":
            serialised = stix_bundle(
                found.items,
                producer=producer_name(),
                area=area,
                tlp=options.tlp,
                now=datetime.now(UTC),
            )
            text = json.dumps(serialised, indent=2, ensure_ascii=False)
            checked = validate_stix(serialised)
            if not checked.valid:
                raise InvalidExport("; ".join(checked.errors))
            warnings = checked.warnings
        elif options.format == "misp":
            event = misp_event(
                found.items,
                producer=producer_name(),
                area=area,
                tlp=options.tlp,
                receiver=organisation.name,
                today=date.today(),
            )
            text = json.dumps(event, indent=2, ensure_ascii=False)
        else:
            text = csv_text(found.items)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.EXPORT,
            obj=organisation,
            detail={
                "for": organisation.slug,
                "format": f"intel-{options.format}",
                "tlp": options.tlp,
                "since": options.since.isoformat() if options.since else None,
                "min_reports": options.min_reports,
                "include_names": options.include_names,
                "cluster": options.cluster,
                "identifiers": len(found.items),
                "reports": found.reports,
                "left_out_excluded": found.excluded,
                "left_out_names": found.names_withheld,
                "left_out_below_minimum": found.below_minimum,
            },
            actor_label=None
            if actor is not None and actor.is_authenticated
            else f"intel export for {organisation.slug}",
        )
    return IntelExport(text=text, aggregate=found, warnings=warnings)
