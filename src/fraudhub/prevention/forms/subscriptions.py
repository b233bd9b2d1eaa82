"""The forms residents fill in to subscribe to scam alerts and to change what they get."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from fraudhub.govuk_forms import GovukForm, YesNoField, set_choices
from fraudhub.prevention.models import Audience, GroupKind, Language, Subscription
from fraudhub.prevention.services.subscriptions import Choices
from fraudhub.reports.geography import COUNCILS

WHOLE_COUNTY = "county"
SOME_COUNCILS = "councils"


class ChoicesForm(GovukForm):
    """What a subscriber asks for: where, for whom, in which language, and whether they
    pass alerts on (and to whom)."""

    where = forms.ChoiceField(
        label="Where do you want alerts about?",
        choices=[(WHOLE_COUNTY, "The whole county"), (SOME_COUNCILS, "Only some council areas")],
        widget=forms.RadioSelect,
    )
    councils = forms.MultipleChoiceField(
        label="Which council areas?",
        help_text="Select all that apply",
        choices=[(c, c) for c in COUNCILS],
        widget=forms.CheckboxSelectMultiple,
    )
    audiences = forms.MultipleChoiceField(
        label="Who do you want alerts for?",
        help_text="Select all that apply",
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label="Which language do you want alerts in?",
        help_text="When an alert has no Welsh text we send it in English",
        choices=Language.choices,
        widget=forms.RadioSelect,
    )
    passes_on = YesNoField(
        label="Do you pass alerts on to other people?",
        help_text="For example to a community group, a Neighbourhood Watch or people you care for",
    )
    group_kind = forms.ChoiceField(
        label="Who do you pass them on to?", choices=GroupKind.choices, widget=forms.RadioSelect
    )

    conditional_fields = {
        "where": {SOME_COUNCILS: ["councils"]},
        "passes_on": {"yes": ["group_kind"]},
    }
    required_messages = {
        "where": "Select where you want alerts about",
        "councils": "Select at least one council area",
        "audiences": "Select who you want alerts for",
        "language": "Select the language you want alerts in",
        "passes_on": "Select yes if you pass alerts on to other people",
        "group_kind": "Select who you pass alerts on to",
    }
    choice_dividers = {"audiences": {Audience.EVERYONE.value: "or"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "where",
            [
                (WHOLE_COUNTY, f"All of {settings.FRAUDHUB_AREA_NAME}"),
                (SOME_COUNCILS, "Only some council areas"),
            ],
        )

    def choices(self) -> Choices:
        data = self.cleaned_data
        return Choices(
            whole_county=data["where"] == WHOLE_COUNTY,
            councils=tuple(data.get("councils") or ()),
            audiences=tuple(data["audiences"]),
            language=data["language"],
            passes_on=bool(data["passes_on"]),
            group_kind=data.get("group_kind") or "",
        ).checked()

    @staticmethod
    def initial_for(subscription: Subscription) -> dict[str, Any]:
        return {
            "where": WHOLE_COUNTY if subscription.whole_county else SOME_COUNCILS,
            "councils": subscription.councils,
            "audiences": subscription.audiences,
            "language": subscription.language,
            "passes_on": subscription.passes_on,
            "group_kind": subscription.group_kind,
        }


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will email you a link to confirm",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    required_messages = {**ChoicesForm.required_messages, "email": "Enter your email address"}
    field_options = {"email": {"autocomplete": "email", "spellcheck": "false"}}
    field_order = ["email", "where", "councils", "audiences", "language", "passes_on"]
