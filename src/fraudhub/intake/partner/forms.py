"""Forms partners use: uploading a referral file, one referral at a time, and deciding on
a quarantined row. Their rules are the referral format's, applied by the same services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import ErrorDict

from fraudhub.governance.models import Organisation
from fraudhub.govuk_forms import GovukForm, UKDateField, check_amount_reads_one_way, set_choices
from fraudhub.intake.referrals import COLUMNS
from fraudhub.reports.models import ContactMethod, Person, Report, ScamType

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TOO_LARGE = "The file must be smaller than 200 MB: split it into parts"
ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx")


class UploadForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Which organisation sent this file?"
    )
    file = forms.FileField(label="Referral file")
    required_messages = {
        "file": "Select a referral file to upload",
        "organisation": "Select which organisation sent this file",
    }

    def __init__(self, *args: Any, organisations: Any, refused: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refused = refused  # why the file was refused before it was read, if it was
        self.only_organisation = organisations.first() if organisations.count() == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]  # a partner imports for itself: nothing to ask
        else:
            organisation_field = self.fields["organisation"]
            assert isinstance(organisation_field, forms.ModelChoiceField)
            organisation_field.queryset = organisations
        self.fields["file"].help_text = (
            "A CSV file (UTF-8 or Windows-1252) or an Excel workbook (.xlsx) in the referral "
            "format, up to 200 MB."
        )

    @property
    def too_large(self) -> bool:
        return bool(self.refused)

    def full_clean(self) -> None:
        super().full_clean()
        if self.refused:  # nothing sent was read: the one thing to say is why
            self._errors = ErrorDict({"file": self.error_class([self.refused])})
            self.cleaned_data = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        return data

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("The file must be a CSV file or an Excel workbook (.xlsx)")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_LARGE)
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        return upload


TEXT = {"classes": "govuk-!-width-two-thirds", "spellcheck": "false"}
YES_NO_NOT_ASKED = [("", "Not asked"), ("yes", "Yes"), ("no", "No")]


class ReferralForm(GovukForm):
    """One referral, the same fields as a row of the referral file."""

    partner_reference = forms.CharField(label="Your reference for this referral", max_length=100)
    received_date = UKDateField(label="Date you received it", noun="the date you received it")
    incident_date = UKDateField(
        label="Date of the scam (if known)", required=False, noun="the date of the scam"
    )
    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    contact_method = forms.ChoiceField(label="How the scammer first got in touch", required=False)
    description = forms.CharField(
        label="What happened", required=False, widget=forms.Textarea, max_length=10000
    )
    amount_lost = forms.CharField(label="Money lost", required=False, max_length=40)
    payment_method = forms.ChoiceField(
        label="How it was paid",
        required=False,
        choices=[("", "Choose how it was paid")]
        + [(label, label) for _, label in Report.PaymentMethod.choices],
    )
    victim_title = forms.CharField(label="Title", required=False, max_length=20)
    victim_first_name = forms.CharField(label="First name", required=False, max_length=100)
    victim_last_name = forms.CharField(label="Last name", required=False, max_length=100)
    victim_date_of_birth = UKDateField(label="Date of birth", required=False, noun="date of birth")
    victim_age = forms.CharField(label="Age", required=False, max_length=20)
    victim_address_line1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    victim_address_line2 = forms.CharField(label="Address line 2", required=False, max_length=200)
    victim_town = forms.CharField(label="Town or city", required=False, max_length=100)
    victim_postcode = forms.CharField(label="Postcode", required=False, max_length=40)
    victim_phone = forms.CharField(label="Phone number", required=False, max_length=60)
    victim_email = forms.CharField(label="Email address", required=False, max_length=254)
    vulnerability_notes = forms.CharField(
        label="Anything that makes them vulnerable",
        required=False,
        widget=forms.Textarea,
        max_length=2000,
    )
    consent_to_contact = forms.ChoiceField(
        label="Have they agreed to be contacted by the fraud hub?",
        required=False,
        choices=YES_NO_NOT_ASKED,
        widget=forms.RadioSelect,
    )
    victim_contact_rule = forms.ChoiceField(
        label="How can the fraud hub safely contact them?",
        required=False,
        choices=[("", "Not asked")] + list(Person.ContactRule.choices),
        widget=forms.RadioSelect,
    )
    still_in_contact = forms.ChoiceField(
        label="Is the scammer still in touch with them, or still asking for money?",
        required=False,
        choices=[("", "Not asked"), ("yes", "Yes"), ("no", "No"), ("not sure", "Not sure")],
        widget=forms.RadioSelect,
    )
    suspect_name = forms.CharField(label="Names the scammer used", required=False, max_length=300)
    suspect_phone = forms.CharField(label="Scammer's phone numbers", required=False, max_length=300)
    suspect_email = forms.CharField(
        label="Scammer's email addresses", required=False, max_length=300
    )
    suspect_website = forms.CharField(label="Websites", required=False, max_length=300)
    suspect_bank_sort_code = forms.CharField(
        label="Sort code paid into", required=False, max_length=20
    )
    suspect_bank_account = forms.CharField(
        label="Account number paid into", required=False, max_length=30
    )
    suspect_company = forms.CharField(label="Company names used", required=False, max_length=300)
    suspect_vehicle_reg = forms.CharField(
        label="Vehicle registrations", required=False, max_length=100
    )
    reported_to = forms.CharField(label="Also reported to", required=False, max_length=300)
    crime_reference = forms.CharField(
        label="Crime or Action Fraud reference", required=False, max_length=100
    )

    required_messages = {
        "partner_reference": "Enter your reference for this referral, so that sending it again updates it",
        "received_date": "Enter the date you received the referral",
    }
    field_options: dict[str, dict[str, Any]] = {
        **{
            name: TEXT
            for name in (
                "partner_reference",
                "victim_first_name",
                "victim_last_name",
                "suspect_name",
                "suspect_phone",
                "suspect_email",
                "suspect_website",
                "suspect_company",
                "reported_to",
            )
        },
        "amount_lost": {"prefix": "£", "classes": "govuk-input--width-10", "inputmode": "decimal"},
        "victim_age": {"classes": "govuk-input--width-3", "inputmode": "numeric"},
        "victim_postcode": {"classes": "govuk-input--width-10"},
        "victim_title": {"classes": "govuk-input--width-5"},
        "suspect_bank_sort_code": {"classes": "govuk-input--width-5"},
        "suspect_bank_account": {"classes": "govuk-input--width-10"},
        "description": {"rows": 6},
        "vulnerability_notes": {"rows": 3},
        "received_date": {"legend_size": "s"},
        "incident_date": {"legend_size": "s"},
        "victim_date_of_birth": {"legend_size": "s"},
        "consent_to_contact": {"legend_size": "s", "inline": True},
        "victim_contact_rule": {"legend_size": "s"},
        "still_in_contact": {"legend_size": "s", "inline": True},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "scam_type",
            [("", "Not known")] + [(t.name, t.name) for t in ScamType.objects.filter(active=True)],
        )
        set_choices(
            self,
            "contact_method",
            [("", "Not known")]
            + [(c.name, c.name) for c in ContactMethod.objects.filter(active=True)],
        )
        self.fields["suspect_phone"].help_text = "Separate several with a semicolon (;)"
        self.fields[
            "victim_postcode"
        ].help_text = "Type it as you have it, even if it is only part of it"

    def clean_amount_lost(self) -> str:
        value = str(self.cleaned_data.get("amount_lost", ""))
        check_amount_reads_one_way(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("description") and not data.get("scam_type"):
            self.add_error("description", "Enter what happened, or choose the kind of scam")
        return data

    def values(self) -> dict[str, str]:
        """The referral as a row of the format, for the same rules a file row meets."""
        return {name: str(self.cleaned_data.get(name) or "") for name in COLUMNS}


class DiscardForm(GovukForm):
    reason = forms.CharField(
        label="Why are you discarding this row?", widget=forms.Textarea, max_length=1000
    )
    required_messages = {"reason": "Enter why this row is being discarded, for the record"}
    field_options = {"reason": {"rows": 3, "legend_size": "s"}}


# What each column holds, in plain words, for the people correcting a quarantined row.
COLUMN_LABELS: dict[str, str] = {
    "partner_reference": "Partner's reference",
    "received_date": "Date received",
    "incident_date": "Date of the scam",
    "scam_type": "Type of scam",
    "contact_method": "How the scammer got in touch",
    "description": "What happened",
    "amount_lost": "Money lost",
    "payment_method": "How it was paid",
    "victim_title": "Title",
    "victim_first_name": "First name",
    "victim_last_name": "Last name",
    "victim_date_of_birth": "Date of birth",
    "victim_age": "Age",
    "victim_address_line1": "Address line 1",
    "victim_address_line2": "Address line 2",
    "victim_town": "Town or city",
    "victim_postcode": "Postcode",
    "victim_phone": "Phone number",
    "victim_email": "Email address",
    "vulnerability_notes": "Anything that makes them vulnerable",
    "consent_to_contact": "Agreed to be contacted by the hub",
    "victim_contact_rule": "How the hub may safely contact them",
    "still_in_contact": "Scammer still in touch",
    "suspect_name": "Names the scammer used",
    "suspect_phone": "Scammer's phone numbers",
    "suspect_email": "Scammer's email addresses",
    "suspect_website": "Scammer's websites",
    "suspect_bank_sort_code": "Sort code paid into",
    "suspect_bank_account": "Account number paid into",
    "suspect_company": "Company names the scammer used",
    "suspect_vehicle_reg": "Vehicle registrations",
    "reported_to": "Also reported to",
    "crime_reference": "Crime or Action Fraud reference",
}
UNREADABLE = "{label} has a character that could not be read, shown as �: type the right character in its place"


def column_group(name: str) -> str:
    """Which part of the referral a column is about, to group a row's boxes by."""
    if name.startswith("victim_") or name in (
        "vulnerability_notes",
        "consent_to_contact",
        "still_in_contact",
    ):
        return "The victim"
    if name.startswith("suspect_"):
        return "The scammer"
    if name in COLUMNS:
        return "The referral"
    return "Columns the format does not know"


class CorrectionForm(GovukForm):
    """A text box per column of a quarantined row, filled with what was sent. A value still
    holding a character that could not be read (�) must be corrected first."""

    field_options: dict[str, dict[str, Any]] = {"description": {"rows": 4}}

    def __init__(self, raw: dict[str, str], data: Any = None) -> None:
        super().__init__(data, initial=dict(raw))
        names = [*COLUMNS, *(k for k in raw if k not in COLUMNS)]
        for name in names:
            label = COLUMN_LABELS.get(name, name.replace("_", " ").capitalize())
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                help_text=f"Column {name}" + ("" if name in COLUMNS else ", kept as extra data"),
                widget=forms.Textarea if name in ("description", "vulnerability_notes") else None,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if "\ufffd" in str(value):
                self.add_error(name, UNREADABLE.format(label=self.fields[name].label))
        return data

    def mark(self, field_messages: dict[str, list[str]]) -> None:
        """Show each message beside the box it is about, before any found by cleaning."""
        for name, messages in field_messages.items():
            if name in self.fields:
                found = [str(m) for m in self.errors.get(name, [])]
                shown: list[str | Exception] = list(dict.fromkeys([*messages, *found]))
                self.errors[name] = self.error_class(shown)

    def summary(self) -> list[dict[str, str]]:
        """The error summary's entries: the first problem of each box, linked to it."""
        return [
            {"href": f"#{self[name].auto_id}", "text": str(messages[0])}
            for name, messages in self.errors.items()
            if name in self.fields
        ]

    def groups(self) -> list[tuple[str, list[Any]]]:
        grouped: dict[str, list[Any]] = {}
        for bound in self:
            grouped.setdefault(column_group(bound.name), []).append(bound)
        return list(grouped.items())


def correction_form(raw: dict[str, str], data: Any = None) -> CorrectionForm:
    """The form for correcting a quarantined row, filled with what was sent."""
    return CorrectionForm(raw, data)
