"""Forms for warnings to people at risk and for awareness activity."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.govuk_forms import GovukForm, UKDateField, set_choices
from fraudhub.prevention.awareness_rows import SessionValues, check_row
from fraudhub.prevention.models import AwarenessSession, WarningChannel
from fraudhub.reports.geography import COUNCILS


class WarningForm(GovukForm):
    """A case manager prepares warnings to a campaign's victims."""

    next_move = forms.CharField(
        label="What do you expect the people behind this campaign to do next?",
        widget=forms.Textarea,
        max_length=2000,
        help_text="Victims read this as written. For example: 'They may call saying they "
        "are from the police and can get your money back if you pay a release fee.'",
    )
    channel = forms.ChoiceField(
        label="How should the warning be sent?",
        choices=WarningChannel.choices,
        widget=forms.RadioSelect,
        help_text="Victims who told us how they want to be contacted get it that way. "
        "Anyone with no email address gets a letter.",
    )
    required_messages = {
        "next_move": "Enter what the campaign is likely to do next",
        "channel": "Select letter or email",
    }
    length_names = {"next_move": "What they will do next"}
    field_options = {"next_move": {"rows": 5}, "channel": {"legend_size": "m"}}


class AwarenessForm(GovukForm):
    """One talk, workshop, training session or stall."""

    held_on = UKDateField(
        label="When was it held?", noun="the date it was held", help_text="For example, 14 11 2026"
    )
    kind = forms.ChoiceField(
        label="What kind of session was it?",
        choices=AwarenessSession.Kind.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.ChoiceField(label="Which organisation delivered it?")
    audience = forms.ChoiceField(
        label="Who was it for?",
        choices=[("", "Choose an audience"), *AwarenessSession.AudienceType.choices],
    )
    council = forms.ChoiceField(
        label="Which district council area was it in?",
        choices=[("", "Choose a council"), *((c, c) for c in COUNCILS)],
    )
    attendees = forms.CharField(label="How many people attended?", max_length=7)
    trained = forms.CharField(
        label="How many of them were trained?",
        max_length=7,
        required=False,
        help_text="Trained to spot scams and pass the advice on, for example as Friends "
        "Against Scams. Leave empty if none were.",
    )
    materials = forms.CharField(
        label="Materials used (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example, leaflets, the Little Book of Big Scams, a film",
    )
    required_messages = {
        "held_on": "Enter the date it was held",
        "kind": "Select what kind of session it was",
        "organisation": "Select the organisation that delivered it",
        "audience": "Select who it was for",
        "council": "Select the district council area it was in",
        "attendees": "Enter the number of attendees",
    }
    field_options = {
        "attendees": {"classes": "govuk-input--width-5", "inputmode": "numeric"},
        "trained": {"classes": "govuk-input--width-5", "inputmode": "numeric"},
        "kind": {"legend_size": "s"},
        "materials": {"rows": 3},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = dict(Organisation.objects.order_by("name").values_list("pk", "name"))
        set_choices(
            self,
            "organisation",
            [("", "Choose an organisation"), *((str(k), v) for k, v in self.organisations.items())],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        organisation = self.organisations.get(int(data["organisation"]), "")
        typed = {
            "date": data["held_on"],
            "kind": data["kind"],
            "organisation": organisation,
            "audience": data["audience"],
            "council": data["council"],
            "attendees": data["attendees"],
            "trained": data.get("trained", ""),
            "materials": data.get("materials", ""),
        }
        values, problems = check_row(
            typed,
            organisations={organisation.lower(): int(data["organisation"])},
            today=timezone.localdate(),
        )
        names = {"date": "held_on"}
        for column, problem in problems.items():
            self.add_error(names.get(column, column), problem)
        self.values = values
        return data

    def session_values(self) -> SessionValues:
        assert self.values is not None
        return self.values


class AwarenessUploadForm(GovukForm):
    file = forms.FileField(
        label="File of awareness sessions",
        help_text="A CSV file or an Excel workbook (.xlsx) with the template's columns, up "
        "to 5 MB.",
    )
    required_messages = {"file": "Select a file of awareness sessions to upload"}
    field_options = {"file": {"accept": ".csv,.xlsx"}}
