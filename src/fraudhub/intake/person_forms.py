"""The questions of the public reporting journey about the people: the person it happened
to, anything that affects support, how to contact them safely, the contact details of
the person reporting, and consent. Labels speak to the person reporting: "you" or "they"."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.govuk_forms import UKDateField, YesNoField
from fraudhub.reports import normalise
from fraudhub.reports.models import Person

from .forms import StepForm

NAME = {"classes": "govuk-!-width-two-thirds", "spellcheck": "false"}


def _reachable_phone(value: str) -> bool:
    """A number we could call back: a full number, not a short code like 159."""
    result = normalise.phone(value)
    return result.value is not None and "short number" not in result.issues


class VictimForm(StepForm):
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    age = forms.CharField(label="Age", required=False, max_length=10)
    date_of_birth = UKDateField(
        label="Date of birth (if known)", required=False, noun="date of birth"
    )
    postcode = forms.CharField(label="Postcode", max_length=20)
    address_line1 = forms.CharField(
        label="Address line 1 (optional)", required=False, max_length=200
    )
    town = forms.CharField(label="Town or city (optional)", required=False, max_length=100)
    field_options = {
        "first_name": {**NAME, "autocomplete": "given-name"},
        "last_name": {**NAME, "autocomplete": "family-name"},
        "age": {"classes": "govuk-input--width-3", "inputmode": "numeric"},
        "date_of_birth": {"legend_size": "s", "autocomplete": "bday"},
        "postcode": {
            "classes": "govuk-input--width-10",
            "autocomplete": "postal-code",
            "spellcheck": "false",
        },
        "address_line1": {"autocomplete": "address-line1"},
        "town": {"classes": "govuk-!-width-two-thirds", "autocomplete": "address-level2"},
    }

    def adapt(self) -> None:
        if self.someone_else:
            for name in ("first_name", "last_name", "postcode", "address_line1", "town"):
                self.fields[name].widget.attrs.pop("autocomplete", None)
            self.field_options = {
                k: {kk: vv for kk, vv in v.items() if kk != "autocomplete"}
                for k, v in self.field_options.items()
            }
            self.fields["first_name"].label = "Their first name"
            self.fields["last_name"].label = "Their last name"
            self.fields["age"].label = "Their age"
            self.fields["postcode"].label = "Their postcode"
        self.fields["age"].help_text = self.say(
            "Give your age or your date of birth. If you would rather not, leave both empty.",
            "Give their age or date of birth if you know it, or your best guess of their age.",
        )
        self.fields["postcode"].help_text = self.say(
            "The postcode where you live, for example AL1 3EJ",
            "The postcode where they live, for example AL1 3EJ",
        )
        self.required_messages = {
            "first_name": self.say("Enter your first name", "Enter their first name"),
            "last_name": self.say("Enter your last name", "Enter their last name"),
            "postcode": self.say(
                "Enter your postcode, like AL1 3EJ", "Enter their postcode, like AL1 3EJ"
            ),
        }
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message

    def clean_age(self) -> str:
        value = self.cleaned_data.get("age", "")
        if value and normalise.age(value).value is None:
            raise forms.ValidationError("Enter an age in years, as a number from 0 to 120")
        return str(value)

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        result = normalise.postcode(value)
        if result.value is None:
            if result.extra.get("district"):
                raise forms.ValidationError(
                    "Enter the full postcode, like AL1 3EJ, not just the first part"
                )
            raise forms.ValidationError("Enter a real postcode, like AL1 3EJ")
        return str(value)


class VulnerabilityForm(StepForm):
    indicators = forms.MultipleChoiceField(
        choices=list(Person.Vulnerability.choices) + [("none", "None of these")],
        widget=forms.CheckboxSelectMultiple,
    )
    choice_dividers = {"indicators": {"none": "or"}}
    required_messages = {"indicators": "Select any that apply, or 'None of these'"}

    def adapt(self) -> None:
        self.fields["indicators"].label = self.say(
            "Does any of this apply to you?", "Does any of this apply to them?"
        )
        self.fields[
            "indicators"
        ].help_text = "This helps us give the right support. Select all that apply."

    def clean_indicators(self) -> list[str]:
        chosen = list(self.cleaned_data["indicators"])
        if "none" in chosen and len(chosen) > 1:
            raise forms.ValidationError("Select 'None of these' on its own, or the ones that apply")
        return chosen


class ContactRuleForm(StepForm):
    """Asked only when reporting for someone else: how the victim may safely be contacted."""

    contact_rule = forms.ChoiceField(
        label="How can we safely contact them?",
        choices=Person.ContactRule.choices,
        widget=forms.RadioSelect,
    )
    victim_phone = forms.CharField(
        label="Their phone number (optional)", required=False, max_length=40
    )
    victim_email = forms.CharField(
        label="Their email address (optional)", required=False, max_length=254
    )
    carer_details = forms.CharField(
        label="Name and phone number of their carer or attorney",
        widget=forms.Textarea,
        max_length=1000,
    )
    conditional_fields = {
        "contact_rule": {"direct": ["victim_phone", "victim_email"], "via_carer": ["carer_details"]}
    }
    choice_hints = {
        "contact_rule": {
            "via_reporter": "We will contact you, not them",
            "no_phone": "For example, if the scammer may still be calling them or could be listening",
        }
    }
    field_options = {
        "victim_phone": {
            "classes": "govuk-input--width-20",
            "input_type": "tel",
            "spellcheck": "false",
        },
        "victim_email": {"input_type": "email", "spellcheck": "false"},
        "carer_details": {"rows": 3},
    }
    required_messages = {
        "contact_rule": "Select how we can safely contact them",
        "carer_details": "Enter the name and phone number of their carer or attorney",
    }

    def clean_victim_phone(self) -> str:
        value = self.cleaned_data.get("victim_phone", "")
        if value and not _reachable_phone(value):
            raise forms.ValidationError("Enter a phone number, like 01727 123456 or 07700 900123")
        return str(value)

    def clean_victim_email(self) -> str:
        value = self.cleaned_data.get("victim_email", "")
        if value and normalise.email(value).value is None:
            raise forms.ValidationError("Enter an email address like name@example.com")
        return str(value)


class ContactDetailsForm(StepForm):
    """How to reach the person reporting: the victim themselves, or the person reporting
    for them (who then also gives their name)."""

    reporter_first_name = forms.CharField(label="Your first name", max_length=100)
    reporter_last_name = forms.CharField(label="Your last name", max_length=100)
    phone = forms.CharField(label="Phone number", required=False, max_length=40)
    email = forms.CharField(label="Email address", required=False, max_length=254)
    field_options = {
        "reporter_first_name": {**NAME, "autocomplete": "given-name"},
        "reporter_last_name": {**NAME, "autocomplete": "family-name"},
        "phone": {
            "classes": "govuk-input--width-20",
            "autocomplete": "tel",
            "input_type": "tel",
            "spellcheck": "false",
        },
        "email": {"autocomplete": "email", "input_type": "email", "spellcheck": "false"},
    }

    def adapt(self) -> None:
        if not self.someone_else:
            del self.fields["reporter_first_name"]
            del self.fields["reporter_last_name"]
        self.fields["phone"].help_text = "For example, 01727 123456 or 07700 900123"
        self.fields[
            "email"
        ].help_text = "We will send your reference and updates here, if you agree to be contacted"

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        if value and not _reachable_phone(value):
            raise forms.ValidationError("Enter a phone number, like 01727 123456 or 07700 900123")
        return str(value)

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "")
        if value and normalise.email(value).value is None:
            raise forms.ValidationError("Enter an email address like name@example.com")
        return str(value)


NO_WAY_TO_CONTACT = (
    "You have not given a phone number or email address. Select No, or go back to "
    "'How can we contact you?' and give one"
)


class ConsentForm(StepForm):
    consent_to_contact = YesNoField()
    consent_to_share = YesNoField()
    required_messages = {
        "consent_to_contact": "Select yes if we can contact you about this report",
        "consent_to_share": "Select yes if we can share your report with partner organisations",
    }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        details = self.answers.get("contact-details", {})
        if data.get("consent_to_contact") and not (details.get("phone") or details.get("email")):
            self.add_error("consent_to_contact", NO_WAY_TO_CONTACT)
        return data

    def adapt(self) -> None:
        self.fields["consent_to_contact"].label = "Can we contact you about this report?"
        self.fields[
            "consent_to_contact"
        ].help_text = "We will only use the details you gave us, to offer support and tell you what happens next."
        self.fields[
            "consent_to_share"
        ].label = "Can we share this report with partner organisations that fight scams?"
        self.fields["consent_to_share"].help_text = (
            "For example the police, Trading Standards, your council, Citizens Advice and "
            "Age UK. Sharing helps them stop scammers and protect other people."
        )
        if self.someone_else:
            self.fields["consent_to_share"].help_text += (
                " This is your answer. When we first contact them, we will ask them (or "
                "someone with lasting power of attorney for them) for their own."
            )
