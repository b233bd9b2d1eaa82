"""Prevention's staff forms, with GOV.UK error messages that say what to fix."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm, set_choices
from fraudhub.linking.models import Cluster
from fraudhub.prevention.alert_rules import SECTION_LIMIT, TITLE_LIMIT, WELSH_ALL_OR_NONE, Text
from fraudhub.prevention.models import Alert, Audience
from fraudhub.prevention.selectors.alerts import publishable_identifiers
from fraudhub.prevention.services.alerts import AlertValues
from fraudhub.reports.geography import COUNCILS
from fraudhub.reports.models import ScamType

WELSH = ("title_cy", "looks_like_cy", "how_to_spot_cy", "what_to_do_cy")
WHOLE_COUNTY, SOME_COUNCILS = "county", "councils"


def _text(**kwargs: Any) -> forms.CharField:
    return forms.CharField(widget=forms.Textarea, max_length=SECTION_LIMIT, **kwargs)


class AlertForm(GovukForm):
    title = forms.CharField(
        label="Title",
        max_length=TITLE_LIMIT,
        help_text="Short and plain, for example 'Fake parcel texts asking for a redelivery fee'",
    )
    looks_like = _text(
        label="What it looks like",
        help_text="How the scam reaches people and what it says or asks for",
    )
    how_to_spot = _text(label="How to spot it", help_text="The signs that give it away")
    what_to_do = _text(
        label="What to do",
        help_text="What to do if it reaches you, and if you have already paid or given details",
    )
    scam_type = forms.ChoiceField(label="Type of scam (optional)", required=False)
    area = forms.ChoiceField(
        label="Where is the alert for?",
        choices=[(WHOLE_COUNTY, "The whole county"), (SOME_COUNCILS, "Some district councils")],
        widget=forms.RadioSelect,
    )
    councils = forms.MultipleChoiceField(
        label="Which district councils?",
        choices=[(c, c) for c in COUNCILS],
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label="Who is it for?",
        help_text="Select all that apply",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    cluster = forms.CharField(
        label="Cluster it comes from (optional)",
        required=False,
        max_length=12,
        help_text="The cluster's number, from Intelligence. The public never sees it",
    )
    identifiers = forms.MultipleChoiceField(
        label="Identifiers to name (optional)",
        required=False,
        help_text="Only identifiers approved for publication, and not withdrawn, are listed",
        widget=forms.CheckboxSelectMultiple,
    )
    title_cy = forms.CharField(label="Title in Welsh", max_length=TITLE_LIMIT, required=False)
    looks_like_cy = _text(label="What it looks like, in Welsh", required=False)
    how_to_spot_cy = _text(label="How to spot it, in Welsh", required=False)
    what_to_do_cy = _text(label="What to do, in Welsh", required=False)

    conditional_fields = {"area": {SOME_COUNCILS: ["councils"]}}
    required_messages = {
        "title": "Enter a title",
        "looks_like": "Enter what the scam looks like",
        "how_to_spot": "Enter how to spot it",
        "what_to_do": "Enter what to do",
        "area": "Select whether the alert is for the whole county or some district councils",
        "councils": "Select the district councils the alert is for",
        "audiences": "Select who the alert is for",
    }
    length_names = {"title": "The title", "title_cy": "The Welsh title"}
    field_options = {
        "councils": {"classes": "govuk-checkboxes--small"},
        "identifiers": {"classes": "govuk-checkboxes--small"},
        "cluster": {"classes": "govuk-input--width-10", "inputmode": "numeric"},
    }

    def __init__(self, *args: Any, alert: Alert | None = None, **kwargs: Any) -> None:
        if alert is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{
                    name: getattr(alert, name)
                    for name in ("title", "looks_like", "how_to_spot", "what_to_do", *WELSH)
                },
                "scam_type": str(alert.scam_type_id or ""),
                "area": WHOLE_COUNTY if alert.whole_county else SOME_COUNCILS,
                "councils": list(alert.councils),
                "audiences": list(alert.audiences),
                "cluster": str(alert.cluster_id or ""),
                "identifiers": [str(i.pk) for i in alert.identifiers.all()],
            }
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "scam_type",
            [
                ("", "Not given"),
                *((str(t.pk), t.name) for t in ScamType.objects.filter(active=True)),
            ],
        )
        set_choices(
            self,
            "identifiers",
            [
                (str(i.pk), f"{i.get_kind_display()}: {i.display}")
                for i in publishable_identifiers()
            ],
        )

    def clean_cluster(self) -> Cluster | None:
        typed = (self.cleaned_data.get("cluster") or "").strip()
        if not typed:
            return None
        if not typed.isdigit():
            raise forms.ValidationError("Enter the cluster's number, like 42, or leave it empty")
        found = Cluster.objects.filter(pk=int(typed)).first()
        if found is None:
            raise forms.ValidationError(f"There is no cluster {typed}: check its number")
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed = [(data.get(name) or "").strip() for name in WELSH]
        if any(typed) and not all(typed):
            first_empty = WELSH[typed.index("")]
            self.add_error(first_empty, WELSH_ALL_OR_NONE)
        return data

    def values(self) -> AlertValues:
        data = self.cleaned_data
        scam_type = (
            ScamType.objects.filter(pk=data["scam_type"]).first() if data["scam_type"] else None
        )
        return AlertValues(
            english=Text(
                data["title"], data["looks_like"], data["how_to_spot"], data["what_to_do"]
            ),
            welsh=Text(*(data.get(name) or "" for name in WELSH)),
            whole_county=data["area"] == WHOLE_COUNTY,
            councils=list(data.get("councils") or []),
            audiences=list(data["audiences"]),
            scam_type=scam_type,
            cluster=data.get("cluster"),
            identifiers=list(
                publishable_identifiers().filter(pk__in=data.get("identifiers") or [])
            ),
        )


class ReasonForm(GovukForm):
    """Why an alert is sent back or withdrawn: kept in its history."""

    reason = forms.CharField(label="Why?", max_length=2000, widget=forms.Textarea)
    required_messages = {"reason": "Enter a reason"}

    def __init__(self, *args: Any, label: str, hint: str, missing: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = hint
        self.fields["reason"].error_messages["required"] = missing
