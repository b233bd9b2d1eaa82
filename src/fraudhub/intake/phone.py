"""The form a call handler fills in while on the phone. Everything the public journey asks,
on one page. It accepts gaps and odd values (they become data-quality issues) so a call is
never lost, but refuses dates that cannot be real."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms

from fraudhub.govuk_forms import (
    GovukForm,
    UKDateField,
    YesNoField,
    check_amount_reads_one_way,
    set_choices,
)
from fraudhub.reports import normalise
from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import ContactMethod, Identifier, Person, Report, ScamType

from .forms import _lines, _short_phone_message, _too_few_digits

OPTIONAL_YES_NO = [("", "Not asked"), ("yes", "Yes"), ("no", "No")]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class PhoneReportForm(GovukForm):
    caller = forms.ChoiceField(
        label="Who is calling?",
        choices=[
            ("victim", "The person the scam happened to"),
            ("someone_else", "Someone calling for them"),
        ],
        widget=forms.RadioSelect,
    )
    relationship = forms.ChoiceField(
        label="How does the caller know them?",
        choices=[("", "Choose")] + list(Person.Relationship.choices),
        required=False,
    )
    reporter_name = forms.CharField(label="Caller's full name", required=False, max_length=200)
    reporter_phone = forms.CharField(label="Caller's phone number", required=False, max_length=60)
    reporter_email = forms.CharField(label="Caller's email address", required=False, max_length=254)

    first_name = forms.CharField(label="First name", required=False, max_length=100)
    last_name = forms.CharField(label="Last name", required=False, max_length=100)
    age = forms.CharField(label="Age", required=False, max_length=20)
    date_of_birth = UKDateField(label="Date of birth", required=False, noun="date of birth")
    address_line1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    address_line2 = forms.CharField(label="Address line 2", required=False, max_length=200)
    town = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = forms.CharField(label="Postcode", required=False, max_length=40)
    phone = forms.CharField(label="Phone number", required=False, max_length=60)
    email = forms.CharField(label="Email address", required=False, max_length=254)
    contact_rule = forms.ChoiceField(
        label="How can they be contacted safely?",
        choices=Person.ContactRule.choices,
        widget=forms.RadioSelect,
        initial=Person.ContactRule.DIRECT,
        required=False,
    )
    contact_rule_notes = forms.CharField(
        label="Notes on contacting them (optional)", required=False, widget=forms.Textarea
    )
    vulnerability_indicators = forms.MultipleChoiceField(
        label="Support needs (select all that apply)",
        choices=Person.Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    vulnerability_notes = forms.CharField(
        label="Notes on support needs (optional)", required=False, widget=forms.Textarea
    )

    scam_type = forms.ChoiceField(label="Kind of scam", required=False)
    contact_method = forms.ChoiceField(label="How the scammer first got in touch", required=False)
    incident_date = UKDateField(
        label="When it happened", required=False, noun="the date it happened"
    )
    narrative = forms.CharField(label="What happened", widget=forms.Textarea, max_length=10000)
    still_in_contact = forms.ChoiceField(
        label="Is the scammer still in touch or asking for money?",
        choices=[*OPTIONAL_YES_NO, ("not_sure", "Not sure")],
        required=False,
    )
    amount_lost = forms.CharField(label="Money lost", required=False, max_length=60)
    payment_method = forms.ChoiceField(
        label="How the money was paid or moved",
        choices=[("", "Choose")] + list(Report.PaymentMethod.choices),
        required=False,
    )
    scammer_phones = forms.CharField(
        label="Scammer's phone numbers", required=False, widget=forms.Textarea
    )
    scammer_emails = forms.CharField(
        label="Scammer's email addresses", required=False, widget=forms.Textarea
    )
    scammer_websites = forms.CharField(label="Websites", required=False, widget=forms.Textarea)
    scammer_names = forms.CharField(
        label="Names or companies they used", required=False, widget=forms.Textarea
    )
    scammer_vehicles = forms.CharField(
        label="Vehicle registrations", required=False, widget=forms.Textarea
    )
    scammer_sort_code = forms.CharField(label="Sort code paid into", required=False, max_length=20)
    scammer_account = forms.CharField(
        label="Account number paid into", required=False, max_length=30
    )
    crime_reference = forms.CharField(
        label="Police or Action Fraud reference (optional)", required=False, max_length=100
    )
    consent_to_contact = YesNoField(
        label="Can we contact them about this report?", required=False, empty_value=None
    )
    consent_to_share = YesNoField(
        label="Can we share the report with partner organisations?",
        required=False,
        empty_value=None,
    )

    conditional_fields = {
        "caller": {
            "someone_else": ["relationship", "reporter_name", "reporter_phone", "reporter_email"]
        }
    }
    field_options = {
        "age": {"classes": "govuk-input--width-3", "inputmode": "numeric"},
        "postcode": {"classes": "govuk-input--width-10"},
        "amount_lost": {"prefix": "£", "classes": "govuk-input--width-10", "inputmode": "decimal"},
        "scammer_sort_code": {"classes": "govuk-input--width-5"},
        "scammer_account": {"classes": "govuk-input--width-10"},
        "contact_rule_notes": {"rows": 2},
        "vulnerability_notes": {"rows": 2},
        "narrative": {"rows": 6},
        **{
            k: {"rows": 2, "spellcheck": "false"}
            for k in (
                "scammer_phones",
                "scammer_emails",
                "scammer_websites",
                "scammer_names",
                "scammer_vehicles",
            )
        },
        "date_of_birth": {"legend_size": "s"},
        "incident_date": {"legend_size": "s"},
        "contact_rule": {"legend_size": "s"},
        "vulnerability_indicators": {"legend_size": "s"},
        "consent_to_contact": {"legend_size": "s", "inline": True},
        "consent_to_share": {"legend_size": "s", "inline": True},
    }
    required_messages = {
        "caller": "Select who is calling",
        "narrative": "Enter what happened, in the caller's words",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "scam_type",
            [("", "Not known yet")]
            + [(t.slug, t.name) for t in ScamType.objects.filter(active=True)],
        )
        set_choices(
            self,
            "contact_method",
            [("", "Not known yet")]
            + [(c.slug, c.name) for c in ContactMethod.objects.filter(active=True)],
        )
        self.fields[
            "postcode"
        ].help_text = "Type what the caller says, even if it is only part of it"
        self.fields[
            "age"
        ].help_text = "Ask for age or date of birth. Leave empty if they would rather not say"

    def clean_amount_lost(self) -> str:
        value = str(self.cleaned_data.get("amount_lost", ""))
        check_amount_reads_one_way(value)
        return value

    def clean_scammer_phones(self) -> str:
        value = str(self.cleaned_data.get("scammer_phones", ""))
        short = [v for v in _lines(value) if _too_few_digits(v)]
        if short:
            raise forms.ValidationError(_short_phone_message(short[0]))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        prefix = "reporter_" if data.get("caller") == "someone_else" else ""
        if data.get("consent_to_contact") and not (
            data.get(f"{prefix}phone") or data.get(f"{prefix}email")
        ):
            who = "the caller's" if prefix else "their"
            self.add_error(
                "consent_to_contact",
                f"Give {who} phone number or email address, or select No: "
                "we cannot contact them without one",
            )
        return data

    def details_so_far(self) -> ReportSubmission:
        """What has been typed so far, as a submission, without refusing anything: a
        field not yet filled in, or filled in wrongly, counts as empty. For looking up
        what the hub already knows before the report is saved; never stored."""
        self.is_valid()
        kept = dict(self.cleaned_data)
        for name, field in self.fields.items():
            if name not in kept:
                kept[name] = [] if isinstance(field, forms.MultipleChoiceField) else ""
        return self._submission(kept)

    def to_submission(self) -> ReportSubmission:
        return self._submission(self.cleaned_data)

    def _submission(self, data: dict[str, Any]) -> ReportSubmission:
        someone_else = data["caller"] == "someone_else"
        victim = PersonInput(
            role=Person.Role.VICTIM,
            first_name=data["first_name"],
            last_name=data["last_name"],
            age=data["age"],
            date_of_birth=data["date_of_birth"],
            address_line1=data["address_line1"],
            address_line2=data["address_line2"],
            town=data["town"],
            postcode=data["postcode"],
            phone=data["phone"],
            email=data["email"],
            contact_rule=data["contact_rule"] or Person.ContactRule.DIRECT,
            contact_rule_notes=data["contact_rule_notes"],
            vulnerability_indicators=list(data["vulnerability_indicators"]),
            vulnerability_notes=data["vulnerability_notes"],
            # A caller for someone else answers for themselves: the victim is asked later.
            consent_to_contact=None if someone_else else data["consent_to_contact"],
            consent_to_share=None if someone_else else data["consent_to_share"],
        )
        reporter = None
        if someone_else:
            first, _, last = data.get("reporter_name", "").strip().partition(" ")
            reporter = PersonInput(
                role=Person.Role.REPORTER,
                relationship=data.get("relationship", ""),
                first_name=first,
                last_name=last,
                phone=data.get("reporter_phone", ""),
                email=data.get("reporter_email", ""),
                consent_to_contact=data["consent_to_contact"],
                consent_to_share=data["consent_to_share"],
            )
        identifiers = [
            IdentifierInput(kind=kind, value=line)
            for field_name, kind in (
                ("scammer_phones", Identifier.Kind.PHONE),
                ("scammer_emails", Identifier.Kind.EMAIL),
                ("scammer_websites", Identifier.Kind.WEBSITE),
                ("scammer_names", Identifier.Kind.PERSON_NAME),
                ("scammer_vehicles", Identifier.Kind.VEHICLE),
            )
            for line in _lines(data[field_name])
        ]
        if data["scammer_account"] or data["scammer_sort_code"]:
            identifiers.append(
                IdentifierInput(
                    kind=Identifier.Kind.BANK_ACCOUNT,
                    value=data["scammer_account"],
                    sort_code=data["scammer_sort_code"],
                )
            )
        return ReportSubmission(
            source=Report.Source.PHONE,
            victim=victim,
            reporter=reporter,
            incident_date=data["incident_date"],
            scam_type=data["scam_type"],
            contact_method=data["contact_method"],
            narrative=data["narrative"],
            still_in_contact=_yes_no(data["still_in_contact"]),
            still_in_contact_not_sure=data["still_in_contact"] == "not_sure",
            amount_lost=data["amount_lost"],
            payment_method=data["payment_method"],
            identifiers=identifiers,
            crime_reference=data["crime_reference"],
        )


class SendLinkByEmailForm(GovukForm):
    """The caller's email address, to send them their reference and tracking link."""

    email = forms.CharField(label="Caller's email address", max_length=254)
    field_options = {"email": {"spellcheck": "false", "autocomplete": "off"}}
    required_messages = {"email": "Enter the caller's email address"}

    def clean_email(self) -> str:
        result = normalise.email(self.cleaned_data.get("email", ""))
        if not result.ok or result.value is None:
            raise forms.ValidationError(
                "Enter an email address in the correct format, like name@example.com"
            )
        return result.value


class SendLinkByTextForm(GovukForm):
    """The caller's mobile number, to text them their reference and tracking link."""

    mobile = forms.CharField(label="Caller's mobile number", max_length=60)
    field_options = {
        "mobile": {"classes": "govuk-input--width-20", "inputmode": "tel", "autocomplete": "off"}
    }
    required_messages = {"mobile": "Enter the caller's mobile number"}

    def clean_mobile(self) -> str:
        typed = str(self.cleaned_data.get("mobile", ""))
        result = normalise.phone(typed)
        if result.value is None or _too_few_digits(typed):
            raise forms.ValidationError(
                "Enter a mobile number in full, like 07700 900982 or +44 7700 900982"
            )
        if not is_mobile(result.value):
            raise forms.ValidationError(
                "That is not a mobile number: a text message needs a mobile, like 07700 900982"
            )
        return result.value


def is_mobile(e164: str) -> bool:
    """A number a text message can reach: a mobile, by the numbering plan."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
