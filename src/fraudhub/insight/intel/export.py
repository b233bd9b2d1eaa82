"""The export: build an intelligence export in the format asked for from what the receiving
organisation may see, check it, and write the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.conf import settings
from django.db import transaction

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.models import ExcludedIdentifier

from .csv_export import csv_text
from .gathering import Aggregate, _sightings, aggregate, producer_name
from .misp import misp_event
from .stix import stix_bundle, validate_stix

FORMATS = ("stix", "misp", "csv")
TLP_LEVELS = ("clear", "green", "amber", "amber+strict", "red")


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
