"""Forms for getting a victim's money back: a payment, a claim, a claim's next step and a
letter. Each carries the case version it was drawn from, like every case form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from fraudhub.govuk_forms import MoneyField, UKDateField, YesNoField, set_choices
from fraudhub.reports import normalise

from .claim_states import ALLOWED, LABELS, ClaimState
from .forms import CaseForm
from .models import Bank, Claim, Payment, RecoveryLetter


def typed_date(text: str) -> date:
    day = normalise.to_date(normalise.uk_date(text, allow_future=True))
    assert day is not None  # UKDateField accepted it as a real date
    return day


def pounds(text: str) -> Decimal:
    value = normalise.money(text).value
    assert value is not None  # MoneyField accepted it
    return Decimal(value)


def bank_choices() -> list[tuple[str, str]]:
    return [("", "Choose the bank")] + [
        (str(b.pk), b.name) for b in Bank.objects.filter(active=True)
    ]


class PaymentForm(CaseForm):
    paid_on = UKDateField(label="Date of the payment", noun="the date of the payment")
    amount = MoneyField(label="Amount", max_length=30)
    method = forms.ChoiceField(
        label="How was it paid?", choices=Payment.Method.choices, widget=forms.RadioSelect
    )
    authorised = YesNoField(
        label="Did the victim make the payment themselves?",
        yes="Yes, the victim made it (perhaps tricked into it)",
        no="No, someone else took the money without their permission",
    )
    payee_uk = YesNoField(label="Was it paid to an account in the UK?")
    purchase = YesNoField(label="Was it a purchase of goods or services?")
    bank = forms.ChoiceField(label="The victim's bank or building society", required=False)
    payee_sort_code = forms.CharField(label="Payee's sort code", required=False, max_length=20)
    payee_account = forms.CharField(label="Payee's account number", required=False, max_length=30)
    card_merchant = forms.CharField(
        label="Card payment: the merchant's name", required=False, max_length=200
    )
    wallet = forms.CharField(
        label="Cryptocurrency: the wallet paid to", required=False, max_length=200
    )
    required_messages = {
        "paid_on": "Enter the date of the payment",
        "amount": "Enter the amount, like 250 or 1,250.50",
        "method": "Select how the money was paid",
        "authorised": "Select yes if the victim made the payment themselves",
        "payee_uk": "Select yes if it was paid to an account in the UK",
        "purchase": "Select yes if it was a purchase",
    }
    field_options = {
        "paid_on": {"legend_size": "s"},
        "method": {"legend_size": "s"},
        "authorised": {"legend_size": "s"},
        "payee_uk": {"legend_size": "s", "inline": True},
        "purchase": {"legend_size": "s", "inline": True},
        "amount": {"classes": "govuk-input--width-10", "prefix": "£"},
        "payee_sort_code": {"classes": "govuk-input--width-10"},
        "payee_account": {"classes": "govuk-input--width-10"},
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "bank", bank_choices())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sort_code, account = data.get("payee_sort_code", ""), data.get("payee_account", "")
        if sort_code and not account:
            self.add_error("payee_account", "Enter the payee's account number, or no sort code")
        if account:
            checked = normalise.bank_account(sort_code, account)
            if checked.value is None:
                self.add_error("payee_account", "Enter the account number in 8 digits")
        return data


class ClaimForm(CaseForm):
    route = forms.ChoiceField(
        label="Route to claim on", choices=Claim.Route.choices, widget=forms.RadioSelect
    )
    bank = forms.ChoiceField(label="The bank the claim goes to")
    payments = forms.MultipleChoiceField(
        label="Payments the claim is for", widget=forms.CheckboxSelectMultiple
    )
    amount_claimed = MoneyField(label="Amount claimed", max_length=30)
    required_messages = {
        "route": "Select the route to claim on",
        "bank": "Select the bank the claim goes to",
        "payments": "Select the payments the claim is for",
        "amount_claimed": "Enter the amount claimed, like 250 or 1,250.50",
    }
    field_options = {
        "route": {"legend_size": "s"},
        "payments": {"legend_size": "s"},
        "amount_claimed": {"classes": "govuk-input--width-10", "prefix": "£"},
    }

    def __init__(self, *args: Any, payments: list[Payment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "bank", bank_choices())
        field = self.fields["payments"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(str(p.pk), f"{p}, {p.get_method_display()}") for p in payments]


class ClaimMoveForm(CaseForm):
    target = forms.ChoiceField(label="What has happened?", widget=forms.RadioSelect)
    on = UKDateField(label="When?", noun="the date it happened")
    reimbursed = MoneyField(
        label="Amount the bank has paid back so far (if any)", required=False, max_length=30
    )
    refusal_reason = forms.ChoiceField(
        label="The bank's reason (if it refused)",
        required=False,
        choices=[("", "Choose the reason"), *Claim.RefusalReason.choices],
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required_messages = {
        "target": "Select what has happened to the claim",
        "on": "Enter the date it happened",
    }
    field_options = {
        "target": {"legend_size": "s"},
        "on": {"legend_size": "s"},
        "reimbursed": {"classes": "govuk-input--width-10", "prefix": "£"},
    }

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED[ClaimState(claim.state)]
        set_choices(self, "target", [(s.value, LABELS[s]) for s in ClaimState if s in allowed])


class LetterForm(CaseForm):
    kind = forms.ChoiceField(
        label="Which letter?", choices=RecoveryLetter.Kind.choices, widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label="Format", choices=RecoveryLetter.Format.choices, widget=forms.RadioSelect
    )
    required_messages = {"kind": "Select which letter to write", "format": "Select Word or PDF"}
    field_options = {"kind": {"legend_size": "s"}, "format": {"legend_size": "s", "inline": True}}
