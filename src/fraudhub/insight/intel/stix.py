"""STIX 2.1: each identifier as an observable, the observed-data that counts its reports,
an indicator based on it and the relationship between them, with this hub's own
extensions for the kinds STIX has no observable for; and the OASIS validator's check."""

from __future__ import annotations

import ipaddress
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import stix2
from stix2.properties import StringProperty

from fraudhub.reports.models import Identifier

from .gathering import IntelItem

# Every id this hub gives a STIX object is a uuid5 in this namespace, so the same value
# keeps the same id from one export to the next and a receiving system updates it.
NAMESPACE = uuid.UUID("94ca26f5-890b-43d2-a29a-df55b7663682")
# When the definitions of this hub's own STIX extensions were written.
EXTENSIONS_WRITTEN = datetime(2026, 12, 1, tzinfo=UTC)


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
    "decimal places; left out when no amount was given or shared), x_fraudhub_scam_types (list of scam type slugs), x_fraudhub_cluster_ids "
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
    counts: dict[str, Any] = {"x_fraudhub_report_count": item.report_count}
    if item.total_loss is not None:
        counts["x_fraudhub_total_loss_gbp"] = f"{item.total_loss:.2f}"
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
