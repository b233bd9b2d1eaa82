"""The insight pages' forms: the period and kind of scam they share, and the options of an
intelligence export."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms

from fraudhub.governance.models import Organisation
from fraudhub.govuk_forms import GovukForm, set_choices
from fraudhub.reports import normalise
from fraudhub.reports.models import ScamType

from .intel import TLP_LEVELS
from .selectors import Period

LONGEST_PERIOD = timedelta(days=366 * 5)


class PeriodForm(GovukForm):
    received_from = forms.CharField(label="Received from", required=False, max_length=20)
    received_to = forms.CharField(label="Received to", required=False, max_length=20)
    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    field_options = {
        "received_from": {"classes": "govuk-input--width-10"},
        "received_to": {"classes": "govuk-input--width-10"},
    }

    extra: tuple[str, ...] = ()

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.default = Period.last_12_months(today)
        set_choices(
            self, "scam_type", [("", "Any")] + [(t.slug, t.name) for t in ScamType.objects.all()]
        )
        self.fields[
            "received_from"
        ].help_text = f"For example, 1/3/2026. Leave blank for {self.default.start:%-d/%-m/%Y}"
        self.fields["received_to"].help_text = "Leave blank for today"

    @property
    def extra_fields(self) -> list[forms.BoundField]:
        """Fields a page adds after the period and scam type."""
        return [self[name] for name in self.extra]

    def _date(self, name: str) -> date | None:
        value = str(self.cleaned_data.get(name, "")).strip()
        if not value:
            return None
        parsed = normalise.to_date(normalise.uk_date(value, allow_future=True))
        if parsed is None:
            label = str(self.fields[name].label)
            raise forms.ValidationError(f"{label} must be a real date, like 1/3/2026")
        return parsed

    def clean_received_from(self) -> date | None:
        return self._date("received_from")

    def clean_received_to(self) -> date | None:
        return self._date("received_to")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", "Received to must be the same as or after received from")
        elif (end or self.today) - (start or self.default.start) > LONGEST_PERIOD:
            self.add_error("received_from", "Choose a period of 5 years or less")
        return data

    def period(self) -> Period:
        """The period asked for, or the last 12 months while the form has errors."""
        if not (self.is_bound and self.is_valid()):
            return self.default
        data = self.cleaned_data
        return Period(
            start=data.get("received_from") or self.default.start,
            end=data.get("received_to") or self.today,
            scam_type=data.get("scam_type", ""),
        )


class MapForm(PeriodForm):
    area = forms.ChoiceField(
        label="Show figures by",
        required=False,
        choices=[("district", "Postcode district"), ("council", "Council area")],
        widget=forms.RadioSelect,
    )
    measure = forms.ChoiceField(
        label="Size the circles by",
        required=False,
        choices=[("reports", "Reports"), ("victims", "Victims"), ("losses", "Money lost")],
        widget=forms.RadioSelect,
    )
    extra = ("area", "measure")

    defaults = {"area": "district", "measure": "reports"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, value in self.defaults.items():
            self.fields[name].initial = value
        if self.is_bound and any(not self.data.get(name) for name in self.defaults):
            data = dict(self.data.items())
            for name, value in self.defaults.items():
                data[name] = data.get(name) or value
            self.data = data

    def choice(self, name: str) -> str:
        """The chosen area or measure; the first option when none (or a bad one) was sent."""
        value = self.data.get(name) if self.is_bound else None
        choices = [str(c[0]) for c in self.fields[name].choices]  # type: ignore[attr-defined]
        return str(value) if value in choices else choices[0]


class IntelExportForm(GovukForm):
    """The options of `fraudhub export-intel`, for analysts in the browser."""

    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("stix", "STIX 2.1 bundle (for police and CERT systems)"),
            ("misp", "MISP event (for MISP)"),
            ("csv", "CSV list (for a spreadsheet or a bank's blocking list)"),
        ],
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label="Who it is for",
        queryset=Organisation.objects.order_by("name"),
        empty_label=None,
        help_text="Only reports this organisation may see go into the export",
    )
    tlp = forms.ChoiceField(
        label="Traffic Light Protocol",
        choices=[(t, f"TLP:{t.upper()}") for t in TLP_LEVELS],
        initial="amber",
        help_text="How far the receiver may pass it on",
    )
    since = forms.CharField(
        label="Only reports received on or after",
        required=False,
        max_length=20,
        help_text="For example, 5/3/2026. Leave empty for all",
    )
    min_reports = forms.IntegerField(
        label="Only identifiers named in at least this many reports",
        min_value=1,
        max_value=100_000,
        initial=1,
    )
    include_names = forms.BooleanField(
        label="Include the names scammers used (they may be real people's)", required=False
    )
    cluster = forms.IntegerField(
        required=False,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": "The cluster could not be read: open the export from the cluster's page",
            "min_value": "The cluster could not be read: open the export from the cluster's page",
            "max_value": "The cluster could not be read: open the export from the cluster's page",
        },
    )
    required_messages = {
        "format": "Select a format",
        "organisation": "Select who the export is for",
        "min_reports": "Enter the fewest reports an identifier must be named in",
    }
    field_options = {
        "since": {"classes": "govuk-input--width-10"},
        "min_reports": {"classes": "govuk-input--width-5"},
    }

    def clean_since(self) -> date | None:
        typed = self.cleaned_data["since"].strip()
        if not typed:
            return None
        result = normalise.uk_date(typed)
        if result.value is None or result.issues:
            raise forms.ValidationError("Enter a real date, like 5/3/2026, or leave it empty")
        return date.fromisoformat(result.value)
