"""The starting mapping of common partner wording onto the taxonomy (no model imports,
so a data migration can use it)."""

from typing import Any

DEFAULT_SCAM_TYPE_WORDS = {
    "courier fraud": "courier",
    "doorstep crime": "rogue_trader",
    "rogue trading": "rogue_trader",
    "rogue traders": "rogue_trader",
    "bogus official": "bogus_caller",
    "distraction burglary": "bogus_caller",
    "romance fraud": "romance",
    "dating scam": "romance",
    "investment fraud": "investment",
    "crypto investment": "investment",
    "online shopping": "purchase",
    "online shopping and auctions": "purchase",
    "non delivery": "purchase",
    "computer software service fraud": "computer_service",
    "tech support": "computer_service",
    "advance fee fraud": "advance_fee",
    "lottery scam": "lottery_prize",
    "prize draw": "lottery_prize",
    "phishing email": "phishing",
    "smishing": "phishing",
    "bank impersonation": "bank_impersonation",
    "safe account": "bank_impersonation",
    "impersonation fraud": "bank_impersonation",
    "psychic": "clairvoyant",
    "mail scam": "catalogue",
    "scam mail": "catalogue",
    "identity theft": "identity_fraud",
    "hi mum": "friend_in_need",
    "parcel scam": "parcel_delivery",
    "unknown": "other",
}
DEFAULT_CONTACT_WORDS = {
    "telephone": "phone_call",
    "phone": "phone_call",
    "cold call": "phone_call",
    "sms": "text_message",
    "text": "text_message",
    "e mail": "email",
    "whatsapp": "messaging_app",
    "facebook": "social_media",
    "instagram": "social_media",
    "post": "letter",
    "mail": "letter",
    "door": "doorstep",
    "face to face": "in_person",
    "online": "website",
    "internet": "website",
    "unknown": "other",
}


def seed_defaults(value_mapping: Any, scam_type: Any, contact_method: Any) -> None:
    """Create the starting table (from a data migration, with its historical models)."""
    types = {t.slug: t for t in scam_type.objects.all()}
    methods = {m.slug: m for m in contact_method.objects.all()}
    for text, slug in DEFAULT_SCAM_TYPE_WORDS.items():
        if slug in types:
            value_mapping.objects.get_or_create(
                kind="scam_type", text=text, organisation=None, defaults={"scam_type": types[slug]}
            )
    for text, slug in DEFAULT_CONTACT_WORDS.items():
        if slug in methods:
            value_mapping.objects.get_or_create(
                kind="contact_method",
                text=text,
                organisation=None,
                defaults={"contact_method": methods[slug]},
            )
