"""Forms of the data protection pages: finding a person, correcting a detail, a reason
for a restriction, hold or erasure, and the retention schedule."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.governance.retention import MAX_DAYS, SCHEDULES
from fraudhub.govuk_forms import GovukForm, UKDateField
from fraudhub.reports import normalise

from .services import CORRECTABLE


class FindPersonForm(GovukForm):
    """A name with a date of birth, or a report's reference."""

    name = forms.CharField(label="Full name", required=False, max_length=200)
    date_of_birth = UKDateField(
        label="Date of birth",
        required=False,
        noun="the date of birth",
        help_text="For example, 27 3 1948",
    )
    reference = forms.CharField(
        label="Or a report reference",
        required=False,
        max_length=30,
        help_text="For example, FH-2026-000123",
    )
    field_options = {"name": {"autocomplete": "off"}, "reference": {"autocomplete": "off"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name, born, reference = (data.get(k) for k in ("name", "date_of_birth", "reference"))
        if reference or self.has_error("reference"):
            return data
        if not name and not born and not self.has_error("date_of_birth"):
            self.add_error(
                "name", "Enter the person's full name and date of birth, or a report reference"
            )
        elif not name:
            self.add_error("name", "Enter the person's full name")
        elif not born and not self.has_error("date_of_birth"):
            self.add_error("date_of_birth", "Enter the date of birth")
        return data

    def birth_date(self) -> Any:
        typed = self.cleaned_data.get("date_of_birth") or ""
        return normalise.to_date(normalise.uk_date(typed)) if typed else None


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Why?", widget=forms.Textarea, max_length=2000)
    field_options = {"reason": {"rows": 3, "legend_size": "m"}}

    def __init__(self, *args: Any, label: str, hint: str, missing: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = missing


class ConfirmErasureForm(ReasonForm):
    confirm = forms.MultipleChoiceField(
        label="Before you erase",
        choices=[
            ("checked", "I have checked that the law allows this erasure and nothing needs it")
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    required_messages = {"confirm": "Confirm you have checked the erasure is allowed"}


class CorrectionForm(GovukForm):
    field = forms.ChoiceField(
        label="Which detail is wrong?",
        choices=[(k, c.label) for k, c in CORRECTABLE.items()],
        widget=forms.RadioSelect,
    )
    value = forms.CharField(
        label="What it should say",
        required=False,
        max_length=254,
        help_text="Leave empty to remove the detail. Type dates like 27/3/1948.",
    )
    reason = forms.CharField(
        label="Why is it being corrected?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="For example: the person asked on the phone and confirmed their identity",
    )
    required_messages = {
        "field": "Select which detail is wrong",
        "reason": "Enter why it is being corrected",
    }
    field_options = {
        "field": {"legend_size": "m"},
        "value": {"autocomplete": "off"},
        "reason": {"rows": 3},
    }


class ScheduleForm(GovukForm):
    """One number of days per kind of record."""

    def __init__(self, *args: Any, current: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_options = {
            kind.value: {
                "classes": "govuk-input--width-5",
                "inputmode": "numeric",
                "input_type": "text",
            }
            for kind in SCHEDULES
        }
        for kind, schedule in SCHEDULES.items():
            self.fields[kind.value] = forms.IntegerField(
                label=f"{schedule.label}: days kept",
                min_value=1,
                max_value=MAX_DAYS,
                initial=current[kind.value],
                help_text=f"Counted from {schedule.counted_from}. "
                f"{schedule.default_days} by default.",
                error_messages={
                    "required": f"Enter how many days {schedule.label.lower()} are kept",
                    "invalid": "Enter a whole number of days, like 90 or 1095",
                    "min_value": "Enter at least 1 day",
                    "max_value": f"Enter {MAX_DAYS} days (20 years) or fewer",
                },
            )
