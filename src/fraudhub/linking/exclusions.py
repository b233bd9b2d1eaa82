"""The starting exclusion list: values so common that sharing them says nothing."""

from __future__ import annotations

from typing import Any

STARTING_EXCLUSIONS: tuple[tuple[str, str, str], ...] = (
    ("phone", "159", "UK banks' fraud line: victims are told to call it"),
    ("phone", "999", "Emergency services"),
    ("phone", "101", "Police non-emergency number"),
    ("phone", "7726", "Scam text reporting number"),
    ("phone", "+443001232040", "Action Fraud"),
    ("email", "report@phishing.gov.uk", "Where phishing emails are forwarded"),
    *(
        ("website", domain, "A large public service: reports name it, it is not the scammer")
        for domain in (
            "gmail.com",
            "google.com",
            "hotmail.com",
            "hotmail.co.uk",
            "outlook.com",
            "yahoo.com",
            "yahoo.co.uk",
            "facebook.com",
            "instagram.com",
            "whatsapp.com",
            "amazon.co.uk",
            "ebay.co.uk",
            "paypal.com",
            "gov.uk",
        )
    ),
)


def seed(excluded_identifier: Any) -> None:
    for kind, value, reason in STARTING_EXCLUSIONS:
        excluded_identifier.objects.get_or_create(
            kind=kind, value=value, defaults={"reason": reason}
        )
