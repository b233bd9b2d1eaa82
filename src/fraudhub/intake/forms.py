"""The questions of the public reporting journey about the scam, one form per page, on
the page form they all share; and the form to find a report to track. The questions about
the people are in `person_forms.py`. Labels speak to the person reporting: "you" or "they"."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm, MoneyField, UKDateField, YesNoField, set_choices
from fraudhub.reports import normalise
from fraudhub.reports.models import ContactMethod, Person, Report, ScamType


class StepForm(GovukForm):
    """A page of the journey. `someone_else` is True when reporting for another person."""

    def __init__(
        self,
        *args: Any,
        someone_else: bool = False,
        answers: dict[str, dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.someone_else = someone_else
        self.answers = answers or {}  # the journey's other pages, for checks across pages
        super().__init__(*args, **kwargs)
        self.adapt()

    def adapt(self) -> None:
        """Change wording for someone reporting on another person's behalf."""

    def say(self, mine: str, theirs: str) -> str:
        return theirs if self.someone_else else mine


class WhoForm(StepForm):
    reporting_for = forms.ChoiceField(
        label="Who are you reporting a scam for?",
        choices=[
            ("myself", "Myself"),
            ("someone_else", "Someone else"),
        ],
        widget=forms.RadioSelect,
    )
    choice_hints = {
        "reporting_for": {
            "someone_else": "For example a family member, a friend, a neighbour or someone you care for or work with"
        }
    }
    required_messages = {"reporting_for": "Select who you are reporting a scam for"}


class RelationshipForm(StepForm):
    relationship = forms.ChoiceField(
        label="How do you know the person the scam happened to?",
        choices=Person.Relationship.choices,
        widget=forms.RadioSelect,
    )
    required_messages = {"relationship": "Select how you know the person the scam happened to"}


class ScamTypeForm(StepForm):
    scam_type = forms.ChoiceField(label="What kind of scam was it?", widget=forms.RadioSelect)
    required_messages = {"scam_type": "Select the kind of scam, or 'Something else or not sure'"}

    def adapt(self) -> None:
        types = list(ScamType.objects.filter(active=True))
        set_choices(self, "scam_type", [(t.slug, t.name) for t in types])
        self.fields[
            "scam_type"
        ].help_text = "Choose the one that fits best. If you are not sure, choose the last option."
        self.choice_hints = {"scam_type": {t.slug: t.public_hint for t in types}}
        self.choice_dividers = {"scam_type": {"other": "or"}}


class ContactMethodForm(StepForm):
    contact_method = forms.ChoiceField(widget=forms.RadioSelect)
    required_messages = {"contact_method": "Select how the scammer first got in touch"}

    def adapt(self) -> None:
        self.fields["contact_method"].label = self.say(
            "How did the scammer first get in touch with you?",
            "How did the scammer first get in touch with them?",
        )
        set_choices(
            self,
            "contact_method",
            [(c.slug, c.name) for c in ContactMethod.objects.filter(active=True)],
        )


class WhatHappenedForm(StepForm):
    narrative = forms.CharField(
        label="Tell us what happened",
        widget=forms.Textarea,
        max_length=10000,
        help_text="Say what the scammer said or asked for, what was done and when. "
        "Do not include passwords or full card numbers.",
    )
    required_messages = {"narrative": "Tell us what happened"}
    field_options = {"narrative": {"rows": 8}}

    def clean_narrative(self) -> str:
        text = self.cleaned_data["narrative"].strip()
        if len(text) < 10:
            raise forms.ValidationError(
                "Tell us a little more about what happened, in at least 10 characters"
            )
        return text


class WhenForm(StepForm):
    incident_date = UKDateField(label="When did it happen?", noun="the date it happened")
    required_messages = {"incident_date": "Enter the date it happened, or your best guess"}

    def adapt(self) -> None:
        self.fields["incident_date"].help_text = (
            "If it happened over a period, give the date it started. If you are not sure, "
            "give your best guess. For example, 27 3 2025"
        )


class StillInContactForm(StepForm):
    still_in_contact = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No"), ("not_sure", "I'm not sure")],
        widget=forms.RadioSelect,
    )
    required_messages = {"still_in_contact": "Select yes, no or I'm not sure"}

    def adapt(self) -> None:
        self.fields["still_in_contact"].label = self.say(
            "Is the scammer still in touch with you, or still asking for money?",
            "Is the scammer still in touch with them, or still asking for money?",
        )


def _short_phone_message(typed: str) -> str:
    return (
        f"The phone number '{typed[:30]}' has too few digits: enter it in full with its "
        "area code, like 01727 123456 or +44 7700 900123"
    )


def _too_few_digits(value: str) -> bool:
    """A number too short to be a full phone number: a short code, or one with digits left
    out ("0772 123 45"). Never read as a number the hub could link or call."""
    result = normalise.phone(value)
    digits = sum(ch.isdigit() for ch in value)
    return "short number" in result.issues or (result.value is None and 3 <= digits < 10)


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace(",", "\n").splitlines() if line.strip()]


class ScammerDetailsForm(StepForm):
    """Everything the scammer used. Each box takes several values, one per line."""

    phones = forms.CharField(label="Phone numbers", required=False, widget=forms.Textarea)
    emails = forms.CharField(label="Email addresses", required=False, widget=forms.Textarea)
    websites = forms.CharField(label="Websites", required=False, widget=forms.Textarea)
    social_media = forms.CharField(
        label="Social media or messaging accounts", required=False, widget=forms.Textarea
    )
    names = forms.CharField(label="Names they used", required=False, widget=forms.Textarea)
    companies = forms.CharField(
        label="Companies or organisations they said they were from",
        required=False,
        widget=forms.Textarea,
    )
    vehicles = forms.CharField(label="Vehicle registrations", required=False, widget=forms.Textarea)
    field_options = {
        name: {"rows": 2, "spellcheck": "false", "classes": "govuk-!-width-two-thirds"}
        for name in (
            "phones",
            "emails",
            "websites",
            "social_media",
            "names",
            "companies",
            "vehicles",
        )
    }

    def adapt(self) -> None:
        self.fields[
            "phones"
        ].help_text = "Put each one on a new line. Include numbers that called or texted."
        self.fields["websites"].help_text = "For example, secure-bank-login.com"
        self.fields["vehicles"].help_text = "For example, the van of a trader who came to the door"

    def clean_phones(self) -> str:
        value = self.cleaned_data["phones"]
        short = [v for v in _lines(value) if _too_few_digits(v)]
        if short:
            raise forms.ValidationError(_short_phone_message(short[0]))
        bad = [v for v in _lines(value) if normalise.phone(v).value is None]
        if bad:
            raise forms.ValidationError(
                f"Check the phone number '{bad[0][:30]}': enter it with its area code, like 01727 123456 or +44 7700 900123"
            )
        return str(value)

    def clean_emails(self) -> str:
        value = self.cleaned_data["emails"]
        bad = [v for v in _lines(value) if normalise.email(v).value is None]
        if bad:
            raise forms.ValidationError(
                f"Check the email address '{bad[0][:40]}': it should look like name@example.com"
            )
        return str(value)

    def clean_websites(self) -> str:
        value = self.cleaned_data["websites"]
        bad = [v for v in _lines(value) if normalise.website(v).value is None]
        if bad:
            raise forms.ValidationError(
                f"Check the website '{bad[0][:40]}': it should look like example.com"
            )
        return str(value)


class MoneyForm(StepForm):
    lost_money = YesNoField()
    amount_lost = MoneyField(label="How much was lost?", max_length=30)
    payment_method = forms.ChoiceField(
        label="How was the money paid or moved?",
        choices=[("", "Choose how it was paid or moved")] + list(Report.PaymentMethod.choices),
    )
    sort_code = forms.CharField(
        label="Sort code they were paid into (if you know it)", required=False, max_length=20
    )
    account_number = forms.CharField(
        label="Account number they were paid into (if you know it)", required=False, max_length=30
    )
    conditional_fields = {
        "lost_money": {"yes": ["amount_lost", "payment_method", "sort_code", "account_number"]}
    }
    field_options = {
        "amount_lost": {"prefix": "£", "classes": "govuk-input--width-10", "inputmode": "decimal"},
        "sort_code": {
            "classes": "govuk-input--width-5",
            "inputmode": "numeric",
            "spellcheck": "false",
        },
        "account_number": {
            "classes": "govuk-input--width-10",
            "inputmode": "numeric",
            "spellcheck": "false",
        },
    }
    required_messages = {
        "lost_money": "Select yes if any money was lost",
        "amount_lost": "Enter how much was lost, or your best guess",
        "payment_method": "Select how the money was paid or moved",
    }

    def adapt(self) -> None:
        self.fields["lost_money"].label = self.say(
            "Did you lose any money?", "Did they lose any money?"
        )
        self.fields["amount_lost"].help_text = "If you are not sure, give your best guess"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount = normalise.to_decimal(normalise.money(data.get("amount_lost") or ""))
        if data.get("lost_money") and amount == 0:
            self.add_error(
                "amount_lost",
                self.say(
                    "You said you lost money: enter how much, more than £0, or select No",
                    "You said they lost money: enter how much, more than £0, or select No",
                ),
            )
        return data

    def clean_sort_code(self) -> str:
        value = self.cleaned_data.get("sort_code", "")
        if value and normalise.sort_code(value).value is None:
            raise forms.ValidationError("Enter a sort code of 6 numbers, like 30 99 50")
        return str(value)

    def clean_account_number(self) -> str:
        value = self.cleaned_data.get("account_number", "")
        if value and normalise.account_number(value).value is None:
            raise forms.ValidationError("Enter an account number of 8 numbers, like 00733445")
        return str(value)


class TrackForm(GovukForm):
    reference = forms.CharField(
        label="Report reference", max_length=30, help_text="For example, FH-2026-000123"
    )
    email_or_postcode = forms.CharField(
        label="Email address, postcode, date of birth or phone number you gave us",
        max_length=254,
        help_text="Any one of them, typed any way. Give a date of birth with the year in full, "
        "like 5 3 1948",
    )
    field_options = {
        "reference": {"classes": "govuk-input--width-20", "spellcheck": "false"},
        "email_or_postcode": {"classes": "govuk-!-width-two-thirds", "spellcheck": "false"},
    }
    required_messages = {
        "reference": "Enter your report reference, like FH-2026-000123",
        "email_or_postcode": (
            "Enter the email address, postcode, date of birth or phone number you gave us"
        ),
    }
