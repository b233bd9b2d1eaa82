"""Intelligence exports: the scammers' identifiers in the reports a receiving organisation
may see, counted and dated, written as a STIX 2.1 bundle, a MISP event or a flat CSV.

The rules (what is counted, what is left out, how each format is built) are pure
functions of plain data; `export_intel` alone reads the database and writes the audit log.

The package holds one module a job: `gathering` (sightings read and counted), `stix`,
`misp`, `csv_export` (the formats) and `export` (building, checking and auditing an
export). Their public names are re-exported here with `__all__`, so callers keep writing
`from fraudhub.insight.intel import export_intel` or `intel.stable_id(...)`.
"""

from .csv_export import CSV_COLUMNS, csv_text
from .export import FORMATS, TLP_LEVELS, IntelExport, IntelOptions, InvalidExport, export_intel
from .gathering import (
    Aggregate,
    IntelItem,
    Sighting,
    aggregate,
    export_value,
    producer_name,
    sightings_in,
)
from .misp import MISP_DISTRIBUTION, MISP_TYPES, misp_event
from .stix import (
    COUNTS_EXTENSION,
    COUNTS_KEY,
    CUSTOM_KINDS,
    EXTENSIONS_WRITTEN,
    KIND_LABELS,
    NAMESPACE,
    OBSERVABLE_CLASSES,
    TLP_AMBER_STRICT,
    TLP_MARKINGS,
    VALIDATOR_DISABLED,
    CustomKind,
    StixParts,
    Validation,
    extension_definitions,
    item_ids,
    item_objects,
    item_times,
    producer_identity,
    stable_id,
    stix_bundle,
    stix_data,
    stix_parts,
    validate_stix,
)

__all__ = [
    "COUNTS_EXTENSION",
    "COUNTS_KEY",
    "CSV_COLUMNS",
    "CUSTOM_KINDS",
    "EXTENSIONS_WRITTEN",
    "FORMATS",
    "KIND_LABELS",
    "MISP_DISTRIBUTION",
    "MISP_TYPES",
    "NAMESPACE",
    "OBSERVABLE_CLASSES",
    "TLP_AMBER_STRICT",
    "TLP_LEVELS",
    "TLP_MARKINGS",
    "VALIDATOR_DISABLED",
    "Aggregate",
    "CustomKind",
    "IntelExport",
    "IntelItem",
    "IntelOptions",
    "InvalidExport",
    "Sighting",
    "StixParts",
    "Validation",
    "aggregate",
    "csv_text",
    "export_intel",
    "export_value",
    "extension_definitions",
    "item_ids",
    "item_objects",
    "item_times",
    "misp_event",
    "producer_identity",
    "producer_name",
    "sightings_in",
    "stable_id",
    "stix_bundle",
    "stix_data",
    "stix_parts",
    "validate_stix",
]
