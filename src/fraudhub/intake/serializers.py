"""The partner API's contract: what a partner sends (one referral, in the referral format's
column names), what comes back (a report as the hub holds it) and how errors look."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from fraudhub.reports.models import Identifier, Person, Report, ScamType

from .referrals import COLUMNS, KNOWN, header_key

# The longest value each column may hold: what the report's fields store once normalised,
# so a long value is a clear 400 rather than a database error on PostgreSQL.
MAX_LENGTHS: dict[str, int] = {
    "partner_reference": 100,
    "received_date": 100,
    "incident_date": 100,
    "scam_type": 200,
    "contact_method": 200,
    "description": 20_000,
    "amount_lost": 100,
    "payment_method": 100,
    "victim_title": 20,
    "victim_first_name": 100,
    "victim_last_name": 100,
    "victim_date_of_birth": 100,
    "victim_age": 20,
    "victim_address_line1": 200,
    "victim_address_line2": 200,
    "victim_town": 100,
    "victim_postcode": 40,
    "victim_phone": 60,
    "victim_email": 254,
    "vulnerability_notes": 10_000,
    "suspect_name": 2_000,
    "suspect_phone": 2_000,
    "suspect_email": 2_000,
    "suspect_website": 2_000,
    "suspect_bank_sort_code": 100,
    "suspect_bank_account": 100,
    "suspect_company": 2_000,
    "suspect_vehicle_reg": 2_000,
    "consent_to_contact": 20,
    "victim_contact_rule": 100,
    "still_in_contact": 20,
    "reported_to": 300,
    "crime_reference": 100,
}
WHOLE_REQUEST = "body"  # where errors about the request as a whole are listed
MAX_EXTRA_FIELDS = 50
MAX_EXTRA_NAME = 100
MAX_EXTRA_VALUE = 1_000

NOTES: dict[str, str] = {
    "partner_reference": "Required. Your own reference, unique within your organisation: "
    "sending it again updates the same report.",
    "received_date": "Required. The day you received the report, day first or as year-month-day "
    "(05/03/2026, 5/3/26, 2026-03-05 or 5 March 2026): a real date, today or earlier, and not "
    "before 2000.",
    "incident_date": "The day the scam happened (2026-03-01 or 01/03/2026).",
    "scam_type": "A scam type slug or name, or your own wording if it is in the mapping "
    "table. Send a description or a scam_type (or both).",
    "contact_method": "How the scammer first made contact: a slug, name or mapped wording.",
    "description": "What happened, in the victim's or your words. Send a description or a "
    "scam_type (or both).",
    "amount_lost": "Money lost in pounds: 1250, 1250.00 or £1,250.",
    "payment_method": "How the money was paid or moved, for example bank transfer, "
    "safe account (moved to a 'safe account' the caller gave), courier (handed to a courier), "
    "card, cash.",
    "victim_date_of_birth": "2026-03-05 or 05/03/2026.",
    "victim_age": 'Whole years at the time of the scam, as text ("84").',
    "victim_phone": "Any UK or international format; stored as E.164.",
    "suspect_name": "Several values may be separated by semicolons; so may every suspect_ field "
    "except the bank details.",
    "consent_to_contact": "yes or no.",
    "victim_contact_rule": "How the hub may safely contact the victim: direct (contact them "
    "directly), via_reporter (only through you), via_carer (only through their carer or "
    "attorney) or no_phone (do not phone: the scammer may still be in touch). Anything else "
    "is kept as a data-quality issue and a warning, and no rule is recorded.",
    "still_in_contact": "Is the scammer still in touch with the victim, or still asking for "
    "money: yes, no or not sure.",
    "reported_to": "Who else it was reported to (for example Action Fraud).",
}


class ReferralValueField(serializers.CharField):
    """A referral value: text, or null for not known. Anything else is refused, saying
    what to send instead: the schema says text, and a value read some other way (true as
    "yes", 1250.5 as "1250.50") would be a guess about what the sender meant."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError(not_text(data), code="invalid")
        return str(super().to_internal_value(data))


def not_text(data: object) -> str:
    """What to send instead of a value that is not text."""
    if isinstance(data, bool):
        word = "yes" if data else "no"
        return f'Send text, not {str(data).lower()}: "{word}" in double quotes, for example.'
    if isinstance(data, int | float):
        return f'Send text, not a number: put it in double quotes, like "{str(data)[:30]}".'
    if isinstance(data, list):
        return "Send text, not a list: several values go in one text, separated by semicolons."
    return f"Send text in double quotes, not {_kind(data)}."


def _column_field(name: str) -> serializers.Field:
    return ReferralValueField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=MAX_LENGTHS[name],
        help_text=NOTES.get(name, ""),
    )


class ReferralSerializer(serializers.Serializer):
    """One referral, keyed by the referral format's column names (docs/api.md). Keys are
    matched as a file's headers are, so "Partner Reference" is partner_reference; keys the
    format does not know are kept with the report as extra data. A referral is refused
    only when it has no partner_reference, no readable received_date, or neither a
    description nor a scam_type."""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {name: _column_field(name) for name in COLUMNS}

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError(
                {
                    WHOLE_REQUEST: [
                        f"Send one JSON object of column names and values, not {_kind(data)}."
                    ]
                }
            )
        return super().run_validation(data)

    def to_internal_value(self, data: Mapping[str, Any]) -> dict[str, Any]:
        named: dict[str, Any] = {}
        sent_as: dict[str, str] = {}
        errors: dict[str, list[str]] = {}
        for key, value in data.items():
            name = header_key(key)
            if not name:
                continue
            if name in sent_as:
                first, again = sent_as[name], str(key)[:MAX_EXTRA_NAME]
                errors.setdefault(name, []).append(
                    f"Sent twice, as '{first}' and '{again}': send it once."
                )
                continue
            named[name], sent_as[name] = value, str(key)[:MAX_EXTRA_NAME]
        extra, extra_errors = _extra_values(
            {name: value for name, value in named.items() if name not in KNOWN}
        )
        _merge(errors, extra_errors)
        values: dict[str, Any] = {}
        try:
            values = super().to_internal_value(
                {name: value for name, value in named.items() if name in KNOWN}
            )
        except serializers.ValidationError as exc:
            _merge(errors, exc.detail)
        if errors:
            raise serializers.ValidationError(errors)
        return {**values, **extra}


REQUIRED = ("partner_reference", "received_date")
ONE_OF = ("description", "scam_type")
NOT_BLANK = r"\S"  # at least one character that is not a space: blank counts as missing


class ReferralSchema(OpenApiSerializerExtension):
    """The referral's schema says what the referral rules (intake/referrals.py) enforce:
    partner_reference and received_date are required and not blank, and a description or
    a scam_type must be sent; every value is text or null, and fields the format does not
    know are kept if they are text too. What a schema cannot say (that received_date must
    be a real date, not in the future) is in the field's description."""

    target_class = "fraudhub.intake.serializers.ReferralSerializer"

    def map_serializer(self, auto_schema: Any, direction: Any) -> dict[str, Any]:
        schema: dict[str, Any] = auto_schema._map_serializer(
            self.target, direction, bypass_extensions=True
        )
        properties = schema["properties"]
        for name in REQUIRED:
            properties[name].pop("nullable", None)
            properties[name].update(minLength=1, pattern=NOT_BLANK)
        schema["required"] = list(REQUIRED)
        schema["anyOf"] = [
            {"required": [name], "properties": {name: {"type": "string", "pattern": NOT_BLANK}}}
            for name in ONE_OF
        ]
        schema["additionalProperties"] = {
            "type": "string",
            "nullable": True,
            "maxLength": MAX_EXTRA_VALUE,
            "description": "A field the format does not know, kept with the report.",
        }
        schema["maxProperties"] = len(COLUMNS) + MAX_EXTRA_FIELDS
        return schema


def _merge(errors: dict[str, list[str]], more: Mapping[str, list[str]]) -> None:
    for name, messages in more.items():
        errors.setdefault(name, []).extend(str(m) for m in messages)


def _kind(data: object) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, dict):
        return "an object"
    if data is None:
        return "null"
    return f"a {type(data).__name__}"


def _extra_values(unknown: dict[str, Any]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Fields the format does not know, as text; they must still be plain values (not
    lists or objects) of a sensible size, and not too many of them."""
    if len(unknown) > MAX_EXTRA_FIELDS:
        return {}, {
            WHOLE_REQUEST: [
                f"{len(unknown)} fields are not in the referral format; at most "
                f"{MAX_EXTRA_FIELDS} extra fields are kept. Check the field names."
            ]
        }
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    name_field = serializers.CharField(max_length=MAX_EXTRA_NAME)
    value_field = ReferralValueField(allow_blank=True, allow_null=True, max_length=MAX_EXTRA_VALUE)
    for name, value in unknown.items():
        try:
            name_field.run_validation(name)
            values[name] = value_field.run_validation(value) or ""
        except serializers.ValidationError as exc:
            errors.setdefault(name[:MAX_EXTRA_NAME], []).extend(str(m) for m in exc.detail)
    return values, errors


class IdentifierSerializer(serializers.ModelSerializer):
    """Something the scammer used, as typed and as normalised for matching."""

    issues = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Identifier
        fields = ["kind", "raw", "normalised", "issues"]
        read_only_fields = fields


class VictimSerializer(serializers.ModelSerializer):
    """The victim as the hub holds them: normalised values (phone in E.164). The age band,
    postcode district and council come with the report; the rest is withheld (null or
    empty) as the report page withholds it (governance.categories)."""

    age_band = serializers.CharField(
        read_only=True,
        help_text='Band of their age at the time ("70 to 79", or "Not known"); given even '
        "when their contact details and exact age are withheld.",
    )

    class Meta:
        model = Person
        fields = [
            "first_name",
            "last_name",
            "age_at_incident",
            "age_band",
            "postcode",
            "postcode_district",
            "council",
            "phone",
            "email",
            "contact_rule",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    """A report as the hub holds it, with its data-quality score (0 to 100) and the
    problems behind it."""

    scam_type = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    contact_method = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    source_organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    description = serializers.CharField(source="narrative", read_only=True)
    payment_method = serializers.ChoiceField(
        choices=Report.PaymentMethod.choices, allow_blank=True, read_only=True
    )
    victim = VictimSerializer(read_only=True, allow_null=True)
    identifiers = IdentifierSerializer(many=True, read_only=True)
    data_quality_score = serializers.IntegerField(source="quality_score", read_only=True)
    data_quality_issues = serializers.ListField(
        source="quality_issues", child=serializers.CharField(), read_only=True
    )
    withheld = serializers.SerializerMethodField(
        help_text="What is withheld from you and why, by category of data (empty when "
        "nothing is): a data-sharing agreement in force with the organisation that sent the "
        "report must cover it, and the victim must have agreed to sharing their details. "
        "Withheld fields are null or empty."
    )

    class Meta:
        model = Report
        fields = [
            "reference",
            "partner_reference",
            "source_organisation",
            "received_date",
            "incident_date",
            "scam_type",
            "contact_method",
            "description",
            "amount_lost",
            "payment_method",
            "status",
            "victim",
            "identifiers",
            "data_quality_score",
            "data_quality_issues",
            "crime_reference",
            "withheld",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_withheld(self, report: Report) -> dict[str, str]:
        release = getattr(report, "release", None)
        return dict(release.reasons) if release is not None else {}


OUTCOMES = [
    ("created", "A new report was created"),
    ("updated", "The report with this partner_reference was replaced by what was sent"),
    ("unchanged", "The report with this partner_reference already held exactly this"),
]


class ReferralResultSerializer(ReportSerializer):
    """The report a referral created or updated, what happened to it, and warnings about
    values kept as they were sent (unknown fields, unmapped wording)."""

    outcome = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta(ReportSerializer.Meta):
        fields = ["outcome", "warnings", *ReportSerializer.Meta.fields]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=OUTCOMES))
    def get_outcome(self, report: Report) -> str:
        return str(self.context["outcome"])

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, report: Report) -> list[str]:
        return list(self.context.get("warnings", []))


_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class ReportFiltersSerializer(serializers.Serializer):
    """What a partner may filter the report list by; all optional, all combined."""

    received_from = serializers.DateField(
        required=False, input_formats=["iso-8601"], help_text="Received on or after (YYYY-MM-DD)."
    )
    received_to = serializers.DateField(
        required=False, input_formats=["iso-8601"], help_text="Received on or before (YYYY-MM-DD)."
    )
    scam_type = serializers.SlugField(required=False, help_text="A scam type slug.")
    partner_reference = serializers.CharField(
        required=False, max_length=100, help_text="The sending organisation's own reference."
    )
    postcode_district = serializers.CharField(
        required=False, max_length=8, help_text="The outward part of a postcode, like AL1."
    )

    def validate_scam_type(self, value: str) -> str:
        if not ScamType.objects.filter(slug=value).exists():
            known = ", ".join(ScamType.objects.order_by("slug").values_list("slug", flat=True))
            raise serializers.ValidationError(f"'{value}' is not a scam type. Use one of: {known}.")
        return value

    def validate_postcode_district(self, value: str) -> str:
        district = re.sub(r"\s+", "", value).upper()
        if not _DISTRICT.match(district):
            raise serializers.ValidationError(
                f"'{value}' is not the outward part of a postcode: send something like AL1 or SG12."
            )
        return district

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("received_from"), attrs.get("received_to")
        if start and end and start > end:
            raise serializers.ValidationError(
                {"received_to": ["received_to must be on or after received_from."]}
            )
        return attrs


class ErrorSerializer(serializers.Serializer):
    """Every error looks like this: a sentence to read, and the problems by field name
    ("body" when it is about the request as a whole)."""

    message = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
