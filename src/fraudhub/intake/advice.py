"""Advice shown when a report is made, fitted to what happened. Pure: plain data in and out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Advice:
    heading: str
    body: str


CALL_BANK = Advice(
    "Call your bank now",
    "Call 159 to reach your bank's fraud team safely, or the number on the back of your card. "
    "Use a different phone if you can, or wait 5 minutes: scammers can keep the line open.",
)
CARD_DETAILS = Advice(
    "If you gave card or bank details, call your bank now",
    "Call 159 to reach your bank's fraud team safely, or the number on the back of your card. "
    "They can stop payments and protect your account.",
)
IMPERSONATION = Advice(
    "Your bank and the police will never ask you to move money",
    "They will never ask you to move money to a 'safe account', send a courier to collect cash or "
    "cards, or ask for your PIN or full password.",
)
TEXTS = Advice(
    "Forward scam texts to 7726",
    "It is free. Your mobile provider uses it to block the sender.",
)
EMAILS = Advice(
    "Forward scam emails to report@phishing.gov.uk",
    "Then delete the email. Do not click links or open attachments in it.",
)
CALLS = Advice(
    "Stop unwanted calls",
    "Register free with the Telephone Preference Service. A call blocker can stop scam calls: "
    "ask us if one would help.",
)
MAIL = Advice(
    "Stop scam mail",
    "Register free with the Mail Preference Service, and do not reply to letters saying you have "
    "won a prize or asking for a fee. Genuine lotteries do not ask winners to pay.",
)
DOORSTEP = Advice(
    "Do not agree to work on the doorstep",
    "Genuine traders do not pressure you. You do not have to let anyone in. If someone will not "
    "leave, or you feel unsafe, call 999.",
)
IDENTITY = Advice(
    "Protect your identity",
    "Check your credit file for anything you do not recognise. CIFAS Protective Registration can "
    "stop criminals using your details to open accounts.",
)
ONLINE = Advice(
    "Secure your accounts",
    "Change the passwords of your email and any account the scammer may have seen, starting with "
    "your email. Turn on 2-step verification where you can.",
)
STILL_IN_TOUCH = Advice(
    "Stop all contact with the scammer",
    "Do not reply, send money or give details, even if they threaten you or promise to return "
    "money. If you feel in danger, call 999.",
)
NOT_YOUR_FAULT = Advice(
    "It is not your fault",
    "Scammers are criminals who are very good at what they do. Reporting helps stop them and "
    "protect other people.",
)

BANK_TYPES = {
    "bank_impersonation",
    "courier",
    "investment",
    "romance",
    "friend_in_need",
    "purchase",
}
MAIL_TYPES = {"lottery_prize", "clairvoyant", "pyramid", "catalogue"}
DOORSTEP_TYPES = {"rogue_trader", "bogus_caller", "phony_survey", "bogus_collection"}
ONLINE_TYPES = {"phishing", "malware", "fake_website", "computer_service", "hoax_virus"}


def advice_for(
    *,
    scam_type: str,
    contact_method: str,
    lost_money: bool | None,
    still_in_contact: bool | None,
) -> list[Advice]:
    """What to do next, most urgent first, for a report's scam type and circumstances."""
    items: list[Advice] = []
    if still_in_contact:
        items.append(STILL_IN_TOUCH)
    if lost_money or scam_type in BANK_TYPES:
        items.append(CALL_BANK)
    if scam_type in {"bank_impersonation", "courier"}:
        items.append(IMPERSONATION)
    if scam_type in ONLINE_TYPES | {"parcel_delivery"} and CALL_BANK not in items:
        items.append(CARD_DETAILS)
    if scam_type in ONLINE_TYPES:
        items.append(ONLINE)
    if scam_type == "identity_fraud":
        items.append(IDENTITY)
    if scam_type in MAIL_TYPES or contact_method == "letter":
        items.append(MAIL)
    if scam_type in DOORSTEP_TYPES or contact_method == "doorstep":
        items.append(DOORSTEP)
    if contact_method == "text_message":
        items.append(TEXTS)
    if contact_method == "email" or scam_type == "phishing":
        items.append(EMAILS)
    if contact_method == "phone_call":
        items.append(CALLS)
    items.append(NOT_YOUR_FAULT)
    return list(dict.fromkeys(items))
