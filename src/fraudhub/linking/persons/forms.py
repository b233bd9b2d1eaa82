"""The analyst's form on a proposed link between two person records."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm, set_choices


def reason_field() -> forms.CharField:
    """Why an analyst decided about people: shown to other analysts beside the decision."""
    return forms.CharField(
        label="Why did you decide this?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Say what you checked, for example a call to the victim. "
        "Other analysts will see this, and every later matching run keeps your decision.",
    )


class PersonDecisionForm(GovukForm):
    same = forms.ChoiceField(
        label="Are these the same person?",
        choices=[("yes", "Yes, the same person"), ("no", "No, not the same person")],
        widget=forms.RadioSelect,
    )
    reason = reason_field()
    required_messages = {
        "same": "Select whether these are the same person",
        "reason": "Enter why you decided this",
    }
    field_options = {"same": {"legend_size": "m"}, "reason": {"rows": 4, "legend_size": "m"}}


class PossiblePersonForm(GovukForm):
    """One decision on every record of a possible person: all one person, or which are
    not. `records` are (id, label) choices, one per record."""

    all_same = forms.ChoiceField(
        label="Are these records all the same person?",
        choices=[
            ("yes", "Yes, all the same person"),
            ("no", "No, some are someone else"),
        ],
        widget=forms.RadioSelect,
    )
    not_same = forms.MultipleChoiceField(
        label="Which records are someone else?",
        help_text="Select each record that is not the same person as the others. "
        "Leave at least one unselected.",
        widget=forms.CheckboxSelectMultiple,
    )
    reason = reason_field()
    conditional_fields = {"all_same": {"no": ["not_same"]}}
    required_messages = {
        "all_same": "Select whether these records are all the same person",
        "not_same": "Select the records that are someone else",
        "reason": "Enter why you decided this",
    }
    field_options = {"all_same": {"legend_size": "m"}, "reason": {"rows": 4, "legend_size": "m"}}

    def __init__(self, *args: Any, records: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "not_same", [(str(pk), label) for pk, label in records])
        self.record_count = len(records)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        split = cleaned.get("not_same") or []
        if cleaned.get("all_same") == "no" and len(split) == self.record_count:
            self.add_error(
                "not_same", "Leave at least one record unselected: the person the others are not"
            )
        return cleaned

    def split(self) -> set[int]:
        """The records the analyst said are someone else (none if all are one person)."""
        if self.cleaned_data["all_same"] == "yes":
            return set()
        return {int(pk) for pk in self.cleaned_data.get("not_same") or []}
