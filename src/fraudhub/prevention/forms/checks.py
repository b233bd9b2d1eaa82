"""Forms of "check before you pay" (public), publishing and review decisions (staff) and
the partner look-up. Values are read by checking.read, as the answer reads them."""

from __future__ import annotations

from typing import Any

from django import forms

from fraudhub.govuk_forms import GovukForm
from fraudhub.linking.forms import IdentifierSearchForm
from fraudhub.prevention.checking import (
    ACCOUNT_PROBLEM,
    SORT_CODE_PROBLEM,
    CheckAnswer,
    bank_account_typed,
    read,
)
from fraudhub.reports import normalise as n
from fraudhub.reports.models import Identifier

K = Identifier.Kind
KIND_CHOICES = [
    (K.PHONE.value, "A phone number"),
    (K.WEBSITE.value, "A website"),
    (K.EMAIL.value, "An email address"),
    (K.BANK_ACCOUNT.value, "A bank sort code and account number"),
]
VALUE_FIELDS: dict[str, str] = {K.PHONE: "phone", K.WEBSITE: "website", K.EMAIL: "email"}


class CheckForm(GovukForm):
    kind = forms.ChoiceField(
        label="What do you want to check?", choices=KIND_CHOICES, widget=forms.RadioSelect
    )
    phone = forms.CharField(
        label="Phone number", max_length=40, help_text="For example, 01632 960 001"
    )
    website = forms.CharField(
        label="Website address", max_length=300, help_text="For example, www.example.com"
    )
    email = forms.CharField(
        label="Email address", max_length=300, help_text="For example, name@example.com"
    )
    sort_code = forms.CharField(
        label="Sort code", max_length=20, help_text="Must be 6 digits long, like 30-94-30"
    )
    account_number = forms.CharField(
        label="Account number", max_length=20, help_text="Must be 8 digits long, like 00733445"
    )
    conditional_fields = {
        "kind": {
            K.PHONE.value: ["phone"],
            K.WEBSITE.value: ["website"],
            K.EMAIL.value: ["email"],
            K.BANK_ACCOUNT.value: ["sort_code", "account_number"],
        }
    }
    required_messages = {
        "kind": "Select what you want to check",
        "phone": "Enter the phone number you want to check",
        "website": "Enter the website address you want to check",
        "email": "Enter the email address you want to check",
        "sort_code": "Enter the sort code",
        "account_number": "Enter the account number",
    }
    field_options = {
        "phone": {"classes": "govuk-input--width-20", "autocomplete": "off", "input_type": "tel"},
        "website": {"autocomplete": "off", "spellcheck": "false"},
        "email": {"autocomplete": "off", "spellcheck": "false", "input_type": "email"},
        "sort_code": {"classes": "govuk-input--width-5", "inputmode": "numeric"},
        "account_number": {"classes": "govuk-input--width-10", "inputmode": "numeric"},
    }

    def typed(self) -> tuple[str, str]:
        """The kind chosen and the value as typed (a bank account's two boxes together)."""
        kind = self.cleaned_data["kind"]
        if kind == K.BANK_ACCOUNT:
            return kind, bank_account_typed(
                self.cleaned_data["sort_code"], self.cleaned_data["account_number"]
            )
        return kind, self.cleaned_data[VALUE_FIELDS[kind]]

    def show_problem(self, answer: CheckAnswer) -> None:
        """Say what to fix in the box that needs it, keeping what was typed."""
        if answer.kind != K.BANK_ACCOUNT:
            self.add_error(VALUE_FIELDS[answer.kind], answer.problem)
            return
        if n.sort_code(self.cleaned_data["sort_code"]).value is None:
            self.add_error("sort_code", SORT_CODE_PROBLEM)
        if n.account_number(self.cleaned_data["account_number"]).value is None:
            self.add_error("account_number", ACCOUNT_PROBLEM)
        if not self.errors:
            self.add_error("sort_code", answer.problem)


class ReviewRequestForm(GovukForm):
    name = forms.CharField(label="Your name", max_length=200)
    contact = forms.CharField(
        label="How can we reach you?",
        max_length=300,
        help_text="An email address or a phone number",
    )
    kind = forms.ChoiceField(label="What is it?", choices=KIND_CHOICES, widget=forms.RadioSelect)
    value = forms.CharField(
        label="The number, website, email address or bank account",
        max_length=300,
        help_text="For a bank account, give the sort code and the account number, "
        "like 30-94-30 00733445",
    )
    reason = forms.CharField(
        label="Why should we review it?",
        widget=forms.Textarea,
        max_length=5000,
        help_text="For example, it is your business's number and you have not been "
        "involved in any scam",
    )
    required_messages = {
        "name": "Enter your name",
        "contact": "Enter an email address or a phone number we can reach you on",
        "kind": "Select what it is",
        "value": "Enter the number, website, email address or bank account",
        "reason": "Enter why we should review it",
    }
    field_options = {"name": {"autocomplete": "name"}}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data.get("value"):
            reading = read(data["kind"], data["value"])
            if reading.value is None:
                self.add_error("value", reading.problem)
        return data


class PublishForm(GovukForm):
    kind = forms.ChoiceField(label="Kind", choices=KIND_CHOICES, widget=forms.RadioSelect)
    value = forms.CharField(
        label="Identifier",
        max_length=300,
        help_text="As typed anywhere: it is normalised as reports are. A bank account is "
        "the sort code and the account number together, like 30-94-30 00733445",
    )
    reason = forms.CharField(
        label="Why may the public be told of it?",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Kept with it and shown to analysts, not to the public",
    )
    cluster = forms.IntegerField(required=False, widget=forms.HiddenInput)
    required_messages = {
        "kind": "Select the kind of identifier",
        "value": "Enter the identifier to publish",
        "reason": "Enter why the public may be told of it",
    }


class WithdrawForm(GovukForm):
    reason = forms.CharField(label="Why is it withdrawn?", widget=forms.Textarea, max_length=5000)
    required_messages = {"reason": "Enter why it is withdrawn"}


class ReviewDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            ("withdraw", "Withdraw it from checking"),
            ("keep", "Keep it as it is"),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why did you decide this?", widget=forms.Textarea, max_length=5000
    )
    required_messages = {
        "decision": "Select your decision",
        "reason": "Enter why you decided this",
    }


class LookUpForm(IdentifierSearchForm):
    """The identifier search's form, for partners: a company name is named as one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].label = "Phone number, email, website, bank account or company name"
        self.fields["value"].help_text = (
            "Type it in any format, for example 07700 900123, www.example.com, 12-34-56 "
            "12345678 for a sort code and account number, or Acme Roofing Ltd"
        )
