"""Form fields and widgets that render as GOV.UK Design System components."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from fraudhub.reports import normalise


class DateInputWidget(forms.Widget):
    """Three boxes (day, month, year), the GOV.UK date input; its value is what was typed."""

    template_name = "govuk/widget_date.html"
    parts = ("day", "month", "year")

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}_{part}", "")).strip() for part in self.parts]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(f"{name}_{part}" not in data for part in self.parts)

    @staticmethod
    def split(value: Any) -> list[str]:
        """Day, month and year from a stored value: typed parts, a date, or "d/m/y" text."""
        if isinstance(value, list | tuple):
            return [str(v) for v in value] + [""] * (3 - len(value))
        if isinstance(value, date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value.count("/") == 2:
            return value.split("/")
        return ["", "", ""]


class UKDateField(forms.Field):
    """A date typed in three boxes. Cleans to "d/m/yyyy" text (kept as typed) after checking
    it is a real date, with GOV.UK error messages naming what to fix."""

    widget = DateInputWidget

    def __init__(self, *, past_only: bool = True, noun: str = "the date", **kwargs: Any) -> None:
        self.past_only = past_only
        self.noun = noun
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        day, month, year = DateInputWidget.split(value)
        noun = self.noun[0].upper() + self.noun[1:]
        if not (day or month or year):
            if self.required:
                message = self.error_messages.get("required")
                if not message or message == forms.Field.default_error_messages["required"]:
                    message = f"Enter {self.noun}"
                raise forms.ValidationError(message, code="required")
            return ""
        missing = [
            p
            for p, v in zip(("a day", "a month", "a year"), (day, month, year), strict=True)
            if not v
        ]
        if missing:
            raise forms.ValidationError(f"{noun} must include {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{noun} must be a real date, in numbers")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        result = normalise.uk_date(f"{day}/{month}/{year}", allow_future=True)
        parsed = normalise.to_date(result)
        if parsed is None:
            raise forms.ValidationError(f"{noun} must be a real date")
        if self.past_only and parsed > date.today():
            raise forms.ValidationError(f"{noun} must be today or in the past")
        return f"{int(day)}/{int(month)}/{year}"


def check_amount_reads_one_way(value: str) -> None:
    """Ask again for an amount that could mean two sums, saying how to write it."""
    if normalise.money(value).extra.get("ambiguous"):
        raise forms.ValidationError(
            f"We cannot tell what '{value.strip()[:30]}' means in pounds: use a comma only "
            "between thousands and a full stop before pence, like 1,250.50 or 12.50"
        )


class MoneyField(forms.CharField):
    """An amount in pounds, checked with the same normaliser the records use."""

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if value:
            result = normalise.money(value)
            check_amount_reads_one_way(value)
            if result.value is None or result.issues:
                raise forms.ValidationError("Enter an amount in pounds, like 250 or 1,250.50")
        return str(value)


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as two radios; cleans to True or False."""

    def __init__(self, *, yes: str = "Yes", no: str = "No", **kwargs: Any) -> None:
        super().__init__(
            choices=[("yes", yes), ("no", no)],
            coerce=lambda v: v == "yes",
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    """Give a choice field its options (typically from reference data) after creation."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class GovukForm(forms.Form):
    """A form that knows which fields are revealed under which radio choice."""

    conditional_fields: dict[str, dict[str, list[str]]] = {}
    # Error messages GOV.UK-style: "Enter ..." / "Select ...".
    required_messages: dict[str, str] = {}
    # What each field is called in "... must be N characters or fewer".
    length_names: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            message = self.required_messages.get(name)
            if message is None:
                verb = (
                    "Select" if isinstance(f.widget, forms.RadioSelect | forms.Select) else "Enter"
                )
                message = f"{verb} {str(f.label or name).lower().rstrip('?')}"
            f.error_messages["required"] = message
            longest = getattr(f, "max_length", None)
            if longest is not None and "max_length" not in type(f).default_error_messages:
                f.error_messages.setdefault(
                    "max_length",
                    f"{self.length_names.get(name, 'Your answer')} must be {longest} characters"
                    " or fewer (you have %(show_value)d)",
                )

    @property
    def revealed_names(self) -> set[str]:
        """Fields shown inside a radio choice's reveal, not on their own."""
        return {
            n for reveals in self.conditional_fields.values() for ns in reveals.values() for n in ns
        }

    def hidden_by_choice(self) -> set[str]:
        """Fields inside a conditional reveal whose radio choice is not selected."""
        hidden: set[str] = set()
        for radio, reveals in self.conditional_fields.items():
            chosen = self.data.get(self.add_prefix(radio)) if self.is_bound else None
            for value, names in reveals.items():
                if chosen != value:
                    hidden.update(names)
        return hidden

    def full_clean(self) -> None:
        """Fields under an unselected radio choice are neither required nor validated."""
        if self.is_bound:
            for name in self.hidden_by_choice():
                self.fields[name].required = False
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            for name in self.hidden_by_choice():
                self.cleaned_data.pop(name, None)
                self.errors.pop(name, None)
