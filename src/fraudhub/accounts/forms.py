"""The sign-in forms: password, a code from the authenticator app, a recovery code."""

from __future__ import annotations

from typing import Any

from django import forms

from . import credentials

SIGN_IN_ERROR = "Enter a correct username and password. Both are case-sensitive."


class SignInForm(forms.Form):
    username = forms.CharField(max_length=150, required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False, strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("username") or not data.get("password"):
            raise forms.ValidationError(SIGN_IN_ERROR)
        return data


class CodeForm(forms.Form):
    """The 6 numbers the authenticator app shows; spaces and hyphens people type are fine."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="It is 6 numbers, like 123456. The app shows a new one every 30 seconds.",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
    field_options = {
        "code": {
            "classes": "govuk-input--width-5 govuk-input--extra-letter-spacing",
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "spellcheck": "false",
        }
    }

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if ch not in " -")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("The code must be 6 numbers, like 123456")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the codes you were given when you set up sign-in, like k7mfq-2xw9d.",
        max_length=40,
        error_messages={"required": "Enter one of your recovery codes"},
    )
    field_options = {
        "code": {
            "classes": "govuk-input--width-10 govuk-input--extra-letter-spacing",
            "autocomplete": "off",
            "spellcheck": "false",
        }
    }

    def clean_code(self) -> str:
        code = credentials.normalise_recovery_code(self.cleaned_data["code"])
        if len(code) != credentials.RECOVERY_LENGTH:
            raise forms.ValidationError(
                "A recovery code is 10 letters and numbers, like k7mfq-2xw9d"
            )
        return code
