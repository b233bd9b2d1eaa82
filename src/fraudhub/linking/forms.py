"""Analysts' forms: the cluster list's filters and the identifier search."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm, set_choices
from fraudhub.reports.models import Identifier, ScamType

from .models import LINKING_KINDS
from .search_selectors import MIN_PARTIAL, SEARCH_KINDS
from .selectors import ClusterFilters

KIND_LABELS = dict(Identifier.Kind.choices)


class ClusterFilterForm(GovukForm):
    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    district = forms.CharField(
        label="Victim's postcode district",
        required=False,
        max_length=20,
        help_text="For example, AL1",
    )
    identifier_kind = forms.ChoiceField(
        label="Linked by",
        help_text="Reports in the cluster share an identifier of this kind",
        required=False,
        choices=[("", "Any")] + [(k.value, k.label) for k in LINKING_KINDS],
    )
    field_options = {"district": {"classes": "govuk-input--width-5"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "scam_type", [("", "Any")] + [(t.slug, t.name) for t in ScamType.objects.all()]
        )

    def clean_district(self) -> str:
        district = re.sub(r"\s+", "", self.cleaned_data.get("district", "")).upper()
        if district and not re.fullmatch(r"[A-Z]{1,2}[0-9][0-9A-Z]?", district):
            raise forms.ValidationError(
                "Enter a postcode district, the first part of a postcode, like AL1"
            )
        return district

    def filters(self) -> ClusterFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ClusterFilters(
            scam_type=data.get("scam_type", ""),
            district=data.get("district", ""),
            identifier_kind=data.get("identifier_kind", ""),
        )


class IdentifierSearchForm(GovukForm):
    value = forms.CharField(
        label="Phone number, email, website, bank account or other identifier",
        max_length=300,
        help_text="Type it in any format, for example 07700 900123, www.example.com or "
        "12-34-56 12345678 for a sort code and account number. Part of one finds it too.",
        error_messages={"max_length": "Identifier must be 300 characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="What kind of identifier is it?",
        required=False,
        choices=[("", "Any kind")] + [(k.value, k.label) for k in SEARCH_KINDS],
    )
    required_messages = {
        "value": "Enter a phone number, email address, website, bank account or other "
        "identifier to search for"
    }
    field_options = {"value": {"classes": "govuk-!-width-two-thirds"}}

    def clean_value(self) -> str:
        value = str(self.cleaned_data.get("value", "")).strip()
        if len(re.sub(r"\W", "", value)) < MIN_PARTIAL:
            raise forms.ValidationError(
                f"Enter at least {MIN_PARTIAL} letters or numbers of the identifier"
            )
        return value


class BridgeDecisionForm(GovukForm):
    """An analyst's decision on a report that links two campaigns."""

    join = forms.ChoiceField(
        label="Are these one campaign?",
        choices=[
            ("yes", "Yes, join the two clusters"),
            ("no", "No, keep them apart"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why did you decide this?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Say what you checked, for example the scripts the callers used. "
        "Other analysts will see this, and every later linking run keeps your decision.",
    )
    required_messages = {
        "join": "Select whether these are one campaign",
        "reason": "Enter why you decided this",
    }
    field_options = {"join": {"legend_size": "m"}, "reason": {"rows": 4, "legend_size": "m"}}


class ConfirmCampaignForm(GovukForm):
    """An analyst confirms that a cluster is one campaign."""

    name = forms.CharField(
        label="What should staff call this campaign?",
        max_length=150,
        help_text="For example, 'Fake bank refund calls from 0161 numbers'",
    )
    reason = forms.CharField(
        label="Why are these reports one campaign?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Say what you checked, for example the same script, bank account or "
        "timing. Case managers may then warn the campaign's victims.",
    )
    required_messages = {
        "name": "Enter a name for the campaign",
        "reason": "Enter why these reports are one campaign",
    }
    length_names = {"name": "The name", "reason": "Why"}
    field_options = {"reason": {"rows": 4}}
