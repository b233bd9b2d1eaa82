"""The analyst's form on a proposed link between two person records."""

from __future__ import annotations

from django import forms

from fraudhub.govuk_forms import GovukForm


class PersonDecisionForm(GovukForm):
    same = forms.ChoiceField(
        label="Are these the same person?",
        choices=[("yes", "Yes, the same person"), ("no", "No, not the same person")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why did you decide this?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Say what you checked, for example a call to the victim. "
        "Other analysts will see this, and every later matching run keeps your decision.",
    )
    required_messages = {
        "same": "Select whether these are the same person",
        "reason": "Enter why you decided this",
    }
    field_options = {"same": {"legend_size": "m"}, "reason": {"rows": 4, "legend_size": "m"}}
