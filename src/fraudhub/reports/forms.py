"""Staff forms on reports: the search filters and the update for the reporter."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm, set_choices

from . import normalise
from .models import Report, ScamType
from .search_selectors import QUALITY_ISSUE_FILTERS, ReportFilters
from .selectors import CONSULTATION_REASONS


class ReportSearchForm(GovukForm):
    query = forms.CharField(label="Reference or name", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode or postcode district", required=False, max_length=20)
    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    received_from = forms.CharField(label="Received from", required=False, max_length=20)
    received_to = forms.CharField(label="Received to", required=False, max_length=20)
    quality_issue = forms.ChoiceField(
        label="Data-quality issue",
        required=False,
        choices=[("", "Any")] + [(k, v[0]) for k, v in QUALITY_ISSUE_FILTERS.items()],
    )
    source = forms.ChoiceField(
        label="How it came in", required=False, choices=[("", "Any")] + list(Report.Source.choices)
    )
    field_options = {
        "received_from": {"classes": "govuk-input--width-10"},
        "received_to": {"classes": "govuk-input--width-10"},
        "postcode": {"classes": "govuk-input--width-10"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "scam_type", [("", "Any")] + [(t.slug, t.name) for t in ScamType.objects.all()]
        )
        self.fields["received_from"].help_text = "For example, 1/3/2026"

    def _date(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        if value and normalise.uk_date(value, allow_future=True).value is None:
            raise forms.ValidationError("Enter a date as day/month/year, like 1/3/2026")
        return str(value)

    def clean_received_from(self) -> str:
        return self._date("received_from")

    def clean_received_to(self) -> str:
        return self._date("received_to")

    def filters(self) -> ReportFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}

        def as_date(name: str) -> date | None:
            return normalise.to_date(normalise.uk_date(data.get(name, ""), allow_future=True))

        return ReportFilters(
            query=data.get("query", ""),
            postcode=data.get("postcode", ""),
            scam_type=data.get("scam_type", ""),
            received_from=as_date("received_from"),
            received_to=as_date("received_to"),
            quality_issue=data.get("quality_issue", ""),
            source=data.get("source", ""),
        )


class UpdateForm(GovukForm):
    text = forms.CharField(
        label="Add an update for the person who reported this",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Write in plain English. They will see it on their tracking page, and get an "
        "email if they agreed to be contacted.",
    )
    required_messages = {"text": "Enter the update for the person who reported this"}
    field_options = {"text": {"rows": 4, "legend_size": "s"}}


class ConsultationReasonForm(GovukForm):
    """Why someone opens a record that is not their own organisation's."""

    reason = forms.ChoiceField(
        label="Why are you opening this report?",
        choices=list(CONSULTATION_REASONS.items()),
        widget=forms.RadioSelect,
        help_text="Your answer is kept in the audit log with your name.",
    )
    other = forms.CharField(
        label="Give the reason",
        max_length=200,
        help_text="For example, a request number. Do not write anyone's name.",
    )
    conditional_fields = {"reason": {"other": ["other"]}}
    length_names = {"other": "The reason"}

    def __init__(self, *args: Any, opening: str = "this report", **kwargs: Any) -> None:
        """`opening` names what is being opened, as in "Why are you opening this report?"."""
        self.required_messages = {
            "reason": f"Select why you are opening {opening}",
            "other": f"Enter why you are opening {opening}",
        }
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = f"Why are you opening {opening}?"

    def given(self) -> dict[str, str]:
        """The reason as the audit entry keeps it."""
        reason = self.cleaned_data["reason"]
        given = {"reason": CONSULTATION_REASONS[reason]}
        if reason == "other":
            given["reason_given"] = self.cleaned_data["other"].strip()
        return given
