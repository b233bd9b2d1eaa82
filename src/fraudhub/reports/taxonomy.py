"""The starting scam-type taxonomy and channel list; administrators extend them in the admin."""

from typing import Any, NamedTuple


class ScamTypeSeed(NamedTuple):
    slug: str
    name: str
    group: str
    public_hint: str


# group: where the scam is usually met ("mail", "electronic", "doorstep", "any").
SCAM_TYPES: tuple[ScamTypeSeed, ...] = (
    ScamTypeSeed(
        "bank_impersonation",
        "Bank or building society impersonation",
        "any",
        "Someone pretended to be your bank or building society.",
    ),
    ScamTypeSeed(
        "courier",
        "Courier fraud",
        "any",
        "Someone posing as the police or your bank sent a courier for cash or cards.",
    ),
    ScamTypeSeed(
        "parcel_delivery",
        "Parcel delivery scam",
        "any",
        "A message about a parcel asked for a fee or your details.",
    ),
    ScamTypeSeed(
        "lottery_prize",
        "Lottery, prize draw or inheritance",
        "mail",
        "You were told you had won money or been left money, but had to pay first.",
    ),
    ScamTypeSeed(
        "clairvoyant",
        "Clairvoyant or psychic",
        "mail",
        "Letters from a psychic or clairvoyant asking for money.",
    ),
    ScamTypeSeed(
        "pyramid",
        "Pyramid or chain scheme",
        "mail",
        "You were asked to pay in and recruit others to earn money.",
    ),
    ScamTypeSeed(
        "catalogue",
        "Catalogue or scam mail",
        "mail",
        "Catalogues or letters selling things that never come or are worthless.",
    ),
    ScamTypeSeed(
        "debt_recovery",
        "Debt recovery",
        "electronic",
        "Someone demanded payment for a debt you do not owe.",
    ),
    ScamTypeSeed(
        "refund_claim",
        "PPI, refund or compensation claim",
        "electronic",
        "Someone offered to get you a refund or compensation for a fee.",
    ),
    ScamTypeSeed(
        "friend_in_need",
        "Stranded traveller or friend in need",
        "electronic",
        "A message from someone you know, or seemed to, asking for urgent money.",
    ),
    ScamTypeSeed(
        "fake_website",
        "Fake banking or shopping website",
        "electronic",
        "A website that copied a real bank or shop.",
    ),
    ScamTypeSeed(
        "hoax_virus",
        "Hoax virus warning",
        "electronic",
        "A warning that your computer or phone has a virus.",
    ),
    ScamTypeSeed(
        "work_from_home",
        "Get-rich-quick or work-from-home",
        "electronic",
        "An offer of easy money or work from home that needed money up front.",
    ),
    ScamTypeSeed(
        "advance_fee",
        "Advance fee",
        "electronic",
        "You were asked to pay a fee to release a larger sum.",
    ),
    ScamTypeSeed(
        "hoax_charity",
        "Hoax charity appeal",
        "electronic",
        "An appeal for a charity that does not exist.",
    ),
    ScamTypeSeed(
        "phishing",
        "Phishing email or text",
        "electronic",
        "A message tried to get your passwords, card or bank details.",
    ),
    ScamTypeSeed(
        "malware",
        "Harmful attachment or link",
        "electronic",
        "A message with an attachment or link that harmed your device.",
    ),
    ScamTypeSeed(
        "romance",
        "Romance",
        "electronic",
        "Someone you met online built a relationship and asked for money.",
    ),
    ScamTypeSeed(
        "investment",
        "Investment, including cryptocurrency",
        "electronic",
        "An investment with high returns that turned out to be fake.",
    ),
    ScamTypeSeed(
        "purchase",
        "Purchase (paid but nothing came)",
        "electronic",
        "You paid for something that never arrived or was not real.",
    ),
    ScamTypeSeed(
        "computer_service",
        "Computer or software support",
        "electronic",
        "Someone said they were fixing your computer or internet.",
    ),
    ScamTypeSeed(
        "rogue_trader",
        "Rogue trader",
        "doorstep",
        "Pressure selling, unfair contracts, or overpriced or poor work on your home.",
    ),
    ScamTypeSeed(
        "bogus_caller",
        "Bogus caller",
        "doorstep",
        "Someone falsely said they were from a utility, the council or the emergency services.",
    ),
    ScamTypeSeed(
        "phony_survey",
        "Phony survey",
        "doorstep",
        "A fake survey used to get into your home or get your details.",
    ),
    ScamTypeSeed(
        "bogus_collection",
        "Bogus charity collection",
        "doorstep",
        "A collection for a charity that does not exist.",
    ),
    ScamTypeSeed(
        "identity_fraud",
        "Identity fraud",
        "any",
        "Someone used your personal details to get money, credit or goods.",
    ),
    ScamTypeSeed(
        "other", "Something else or not sure", "any", "Choose this if none of the others fit."
    ),
)

SCAM_GROUPS = {
    "mail": "Post",
    "electronic": "Phone, text, email or online",
    "doorstep": "At the door",
    "any": "Any way",
}

CONTACT_METHODS: tuple[tuple[str, str], ...] = (
    ("phone_call", "Phone call"),
    ("text_message", "Text message"),
    ("email", "Email"),
    ("messaging_app", "WhatsApp or another messaging app"),
    ("social_media", "Social media"),
    ("website", "A website or online advert"),
    ("letter", "Letter or post"),
    ("doorstep", "Someone came to the door"),
    ("in_person", "In person somewhere else"),
    ("other", "Another way"),
)


def seed(scam_type_model: Any, contact_method_model: Any) -> None:
    """Create or refresh the starting taxonomy. Takes the models so a migration can pass
    its historical ones."""
    for order, item in enumerate(SCAM_TYPES, start=1):
        scam_type_model.objects.update_or_create(
            slug=item.slug,
            defaults={
                "name": item.name,
                "group": item.group,
                "public_hint": item.public_hint,
                "sort_order": 999 if item.slug == "other" else order,
            },
        )
    for order, (slug, name) in enumerate(CONTACT_METHODS, start=1):
        contact_method_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
