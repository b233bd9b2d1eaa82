"""Realistic synthetic reports for a demo county: the same seed and date give the same data.
It sits above the apps (victims go by familiar names from linking's nickname list), and
`fraudhub demo-data` loads it through every app as a real county's reports would arrive.

Shapes follow what the county found: older victims for post and doorstep scams, most
losses small but a few very large, repeat victims, scammer numbers and websites shared by
many reports, and a share of reports with no age or a bad postcode. Scammer phone numbers
come from the ranges Ofcom keeps for drama, so none is anyone's real number.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from faker import Faker

from fraudhub.linking.people import name_forms
from fraudhub.reports.geography import POSTCODE_DISTRICTS
from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.taxonomy import SCAM_TYPES

WEIGHTS = {
    "bank_impersonation": 14,
    "courier": 5,
    "parcel_delivery": 8,
    "lottery_prize": 5,
    "clairvoyant": 2,
    "pyramid": 1,
    "catalogue": 2,
    "debt_recovery": 2,
    "refund_claim": 2,
    "friend_in_need": 6,
    "fake_website": 3,
    "hoax_virus": 2,
    "work_from_home": 2,
    "advance_fee": 3,
    "hoax_charity": 1,
    "phishing": 10,
    "malware": 1,
    "romance": 4,
    "investment": 6,
    "purchase": 8,
    "computer_service": 5,
    "rogue_trader": 7,
    "bogus_caller": 4,
    "phony_survey": 1,
    "bogus_collection": 1,
    "identity_fraud": 3,
    "other": 2,
}
GROUP = {t.slug: t.group for t in SCAM_TYPES}
CHANNELS = {
    "mail": ["letter"],
    "doorstep": ["doorstep"],
    "electronic": [
        "phone_call",
        "text_message",
        "email",
        "social_media",
        "website",
        "messaging_app",
    ],
    "any": ["phone_call", "phone_call", "text_message", "email", "letter"],
}
PAYMENT = {
    "doorstep": ["cash", "cash", "cheque", "bank_transfer"],
    "mail": ["cheque", "cash", "card"],
    "electronic": ["bank_transfer", "bank_transfer", "card", "crypto", "gift_cards"],
    "any": ["bank_transfer", "bank_transfer", "card", "cash"],
}
# The websites and trading names of the demo's scam campaigns; other campaigns get a
# made-up name from their scam type.
FAKE_DOMAINS = {
    "parcel_delivery": "parcel-redelivery-uk.com",
    "bank_impersonation": "secure-account-check.co.uk",
    "phony_survey": "herts-energy-grant.org",
    "phishing": "hmrc-refund-claims.net",
    "investment": "quick-crypto-gains.io",
    "fake_website": "royal-mail-fees.info",
    "purchase": "bargain-garden-buildings.co.uk",
    "computer_service": "tech-support-desk.help",
}
FAKE_COMPANIES = {
    "rogue_trader": "Hertford Roofing Solutions",
    "bogus_caller": "County Driveways Ltd",
    "computer_service": "Secure Tech Support",
    "lottery_prize": "Global Prize Office",
    "investment": "Premier Investment Partners",
    "refund_claim": "UK Refund Services",
}
NARRATIVES = {
    "bank_impersonation": "Got a call from someone saying they were from my bank's fraud team. "
    "They knew my name and said my account was at risk, and told me to move my savings to a safe account.",
    "courier": "A man rang saying he was a police officer and that my bank staff were under "
    "investigation. A courier came to collect my bank cards and cash.",
    "parcel_delivery": "Text said a parcel could not be delivered and asked for a small redelivery fee. "
    "I entered my card details on the website.",
    "lottery_prize": "Letter said I had won an international lottery and needed to pay a release fee.",
    "clairvoyant": "I keep getting letters from a psychic who says terrible things will happen "
    "unless I send money for a lucky charm.",
    "pyramid": "A friend introduced me to a scheme where you pay in and get paid for recruiting others. "
    "Nobody has been paid.",
    "catalogue": "Catalogues arrive every week. I ordered vitamins and a prize was promised but "
    "nothing came except more catalogues.",
    "debt_recovery": "A caller said I owed money on an old loan and would be taken to court unless "
    "I paid today.",
    "refund_claim": "Someone rang offering to reclaim mis-sold PPI for an upfront admin fee.",
    "friend_in_need": "A WhatsApp message from a new number said it was my daughter who had broken "
    "her phone and needed money for a bill urgently.",
    "fake_website": "Clicked a link in an email to what looked like my bank's website and typed in "
    "my login details.",
    "hoax_virus": "A message popped up on my computer saying it was infected and to ring a number.",
    "work_from_home": "An advert offered work from home packing envelopes. I paid for a starter kit "
    "and never heard back.",
    "advance_fee": "An email said a large sum was waiting for me and I had to pay a transfer fee first.",
    "hoax_charity": "An email asked for donations for flood victims. The charity does not exist.",
    "phishing": "An email claiming to be from HMRC said I was owed a tax refund and asked for my "
    "bank details.",
    "malware": "Opened an attachment in an email about an unpaid invoice. My computer has not "
    "worked properly since.",
    "romance": "Met someone online who said they worked on an oil rig. After months of messages "
    "they asked for money for a flight home.",
    "investment": "Advert on social media for a cryptocurrency investment. I paid in and the "
    "website showed big profits but I could not withdraw.",
    "purchase": "Paid for a garden building advertised online. It never arrived and the seller "
    "stopped answering.",
    "computer_service": "Caller said my internet had been hacked and asked me to install software "
    "so they could fix it. They then got into my online banking.",
    "rogue_trader": "Two men knocked and said my roof had loose tiles. They started work the same "
    "day and the price kept going up.",
    "bogus_caller": "A man at the door said he was from the water board and needed to check the "
    "taps. Afterwards my purse was missing.",
    "phony_survey": "A woman at the door was doing a survey about home energy and asked lots of "
    "questions about my savings.",
    "bogus_collection": "Someone collected for a children's charity at the door. The charity had no "
    "record of them.",
    "identity_fraud": "Letters arrived about a loan I never took out. Someone has used my name and "
    "date of birth.",
    "other": "Not sure if this was a scam. Someone rang asking odd questions about my bank.",
}


def _typed_phone(rng: random.Random, e164_national: str) -> str:
    """A UK number the way people type it: spaces, no spaces, +44, brackets."""
    digits = e164_national
    style = rng.randrange(4)
    if style == 0:
        return f"0{digits[:4]} {digits[4:]}"
    if style == 1:
        return f"+44 {digits[:4]} {digits[4:]}"
    if style == 2:
        return f"0{digits}"
    return f"(0{digits[:4]}) {digits[4:7]} {digits[7:]}"


# Ofcom's numbers for drama and examples: never a real person's line.
ONE_OFF_PREFIXES = ["1134960", "1144960", "1164960", "1174960", "1184960", "1214960", "1614960"]


@dataclass(frozen=True)
class Campaign:
    """What one group of scammers uses for one kind of scam: their numbers, website,
    account and trading name. Reports of the same campaign link; others mostly don't."""

    landline: str
    mobile: str
    domain: str
    account: tuple[str, str]
    company: str


def _campaigns(rng: random.Random, slugs: list[str]) -> dict[str, Campaign]:
    """A campaign per scam type; courier fraudsters ring from the bank impersonators'
    number, so those two campaigns show as one group."""
    landlines = rng.sample(range(1000), len(slugs))
    mobiles = rng.sample(range(1000), len(slugs))
    campaigns: dict[str, Campaign] = {}
    for i, slug in enumerate(slugs):
        name = slug.replace("_", "-")
        campaigns[slug] = Campaign(
            landline=f"2079460{landlines[i]:03d}",
            mobile=f"7700900{mobiles[i]:03d}",
            domain=FAKE_DOMAINS.get(slug, f"{name}-uk.com"),
            account=(
                f"{rng.randrange(10, 99)}-{rng.randrange(10, 99)}-{rng.randrange(10, 99)}",
                f"{rng.randrange(10**7, 10**8)}",
            ),
            company=FAKE_COMPANIES.get(slug, f"{name.replace('-', ' ').title()} Services"),
        )
    if "courier" in campaigns and "bank_impersonation" in campaigns:
        campaigns["courier"] = replace(
            campaigns["courier"], landline=campaigns["bank_impersonation"].landline
        )
    return campaigns


def _familiar(first_name: str) -> str:
    """The name a person may go by (Peggy for Margaret), or their name if it has none."""
    forms = [f for f in name_forms(first_name) if f != first_name.lower()]
    return min(forms, key=lambda f: (len(f), f)).title() if forms else first_name


def _title(drawn: str, *, female: bool) -> str:
    """A title that suits the name: drawn from one list for everyone (so the rest of the
    data stays as the seed makes it), then Mr for a man and Mrs for a woman drawn "Mr"."""
    if female:
        return "Mrs" if drawn == "Mr" else drawn
    return drawn and "Mr"


def generate(count: int, *, seed: int, as_of: date) -> Iterator[ReportSubmission]:
    """Yield `count` report submissions for the demo county."""
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    slugs = list(WEIGHTS)
    weights = [WEIGHTS[s] for s in slugs]
    campaigns = _campaigns(rng, slugs)
    victims: list[PersonInput] = []
    repeats = 0
    for _ in range(count):
        slug = rng.choices(slugs, weights)[0]
        group = GROUP[slug]
        channel = rng.choice(CHANNELS[group])
        received = as_of - timedelta(days=int(rng.triangular(0, 365, 0)))
        incident = received - timedelta(days=int(rng.expovariate(1 / 6)))
        district = rng.choice(POSTCODE_DISTRICTS)
        older = group in ("mail", "doorstep") or slug in ("courier", "computer_service")
        age = int(min(99, max(18, rng.gauss(78, 8) if older else rng.triangular(18, 92, 55))))
        if victims and rng.random() < 0.06:
            victim = replace(rng.choice(victims))
            if rng.random() < 0.5:
                victim.first_name = victim.first_name[:1] + victim.first_name[1:].lower()
            repeats += 1
            if repeats % 4 == 0:
                # Only a familiar name and the postcode this time (a hurried phone call,
                # no street or town): people matching can only call it a possible link,
                # for an analyst.
                victim = replace(
                    victim,
                    age="",
                    date_of_birth="",
                    address_line1="",
                    address_line2="",
                    town="",
                    first_name=_familiar(victim.first_name),
                    phone="",
                    email="",
                )
        else:
            female = rng.random() < 0.55
            first = fake.first_name_female() if female else fake.first_name_male()
            postcode = f"{district.code} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            roll = rng.random()
            if roll < 0.05:
                postcode = district.code
            elif roll < 0.08:
                postcode = postcode.replace(" ", "").replace("1", "I", 1)
            elif roll < 0.12:
                postcode = ""
            born = as_of - timedelta(days=age * 365 + rng.randrange(0, 365))
            age_roll = rng.random()
            victim = PersonInput(
                role=Person.Role.VICTIM,
                title=_title(rng.choice(["Mr", "Mrs", "Ms", "Miss", ""]), female=female),
                first_name=first,
                last_name=fake.last_name(),
                age=str(age) if age_roll < 0.45 else "",
                date_of_birth=born.strftime("%d/%m/%Y") if 0.45 <= age_roll < 0.8 else "",
                address_line1=fake.street_address().split("\n")[0],
                town=district.town,
                postcode=postcode,
                phone=_typed_phone(
                    rng,
                    f"{rng.choice(['1727', '1442', '1438', '1923', '1992', '1707'])}{rng.randrange(100000, 999999)}",
                )
                if rng.random() < 0.8
                else "",
                email=f"{first.lower()}.{rng.randrange(10, 99)}@example.com"
                if rng.random() < 0.5
                else "",
                consent_to_contact=rng.random() < 0.85,
                consent_to_share=rng.random() < 0.8,
            )
            if age >= 75 and rng.random() < 0.5:
                victim.vulnerability_indicators = rng.sample(
                    ["lives_alone", "cognitive", "bereavement", "isolation", "disability"],
                    k=rng.randint(1, 2),
                )
            victims.append(victim)
        reporter = None
        if rng.random() < 0.2:
            victim.contact_rule = rng.choice(list(Person.ContactRule.values))
            victim.consent_to_contact = victim.consent_to_share = None  # not asked yet
            reporter = PersonInput(
                role=Person.Role.REPORTER,
                relationship=rng.choice(["family", "family", "carer", "friend", "professional"]),
                first_name=fake.first_name(),
                last_name=victim.last_name if rng.random() < 0.6 else fake.last_name(),
                phone=f"07700 900{rng.randrange(0, 1000):03d}",
                consent_to_contact=True,
                consent_to_share=True,
            )
        identifiers: list[IdentifierInput] = []
        campaign = campaigns[slug]
        if channel in ("phone_call", "text_message", "messaging_app"):
            number = (
                (campaign.landline if channel == "phone_call" else campaign.mobile)
                if rng.random() < 0.6
                else f"{rng.choice(ONE_OFF_PREFIXES)}{rng.randrange(0, 1000):03d}"
            )
            identifiers.append(
                IdentifierInput(kind=Identifier.Kind.PHONE, value=_typed_phone(rng, number))
            )
        if channel in ("email", "website", "social_media", "text_message") or slug in (
            "fake_website",
            "parcel_delivery",
            "investment",
        ):
            identifiers.append(
                IdentifierInput(
                    kind=Identifier.Kind.WEBSITE,
                    value=f"https://www.{campaign.domain if rng.random() < 0.6 else f'{fake.domain_word()}-{rng.randrange(100, 999)}.com'}/{fake.uri_path()}",
                )
            )
        if group == "doorstep":
            identifiers.append(
                IdentifierInput(kind=Identifier.Kind.VEHICLE, value=f"{fake.license_plate()}")
            )
            identifiers.append(
                IdentifierInput(
                    kind=Identifier.Kind.COMPANY,
                    value=campaign.company
                    if rng.random() < 0.6
                    else f"{fake.last_name()} Builders",
                )
            )
        lost = rng.random() < (
            0.7 if slug in ("investment", "romance", "courier", "rogue_trader") else 0.45
        )
        amount = ""
        payment = ""
        if lost:
            scale = (
                6000 if slug in ("investment", "romance") else 1500 if group == "doorstep" else 300
            )
            value = Decimal(str(round(rng.lognormvariate(0, 1.1) * scale, 2)))
            amount = rng.choice([f"£{value:,.2f}", f"{value}", f"£{int(value):,}"])
            payment = rng.choice(PAYMENT[group])
            if payment == "bank_transfer" and rng.random() < 0.5:
                sort_code, account = campaign.account
                identifiers.append(
                    IdentifierInput(
                        kind=Identifier.Kind.BANK_ACCOUNT, value=account, sort_code=sort_code
                    )
                )
            # The bank impersonators' story is a "safe account"; the courier collects.
            if slug == "bank_impersonation" and payment == "bank_transfer":
                payment = Report.PaymentMethod.SAFE_ACCOUNT
            elif slug == "courier" and payment in ("cash", "card"):
                payment = Report.PaymentMethod.COURIER
        source = rng.choices(
            [Report.Source.PUBLIC_WEB, Report.Source.PHONE, Report.Source.PARTNER_FORM],
            [5, 3, 2],
        )[0]
        typed_incident = (
            incident.strftime(rng.choice(["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]))
            if rng.random() < 0.9
            else ""
        )
        in_touch = rng.random()  # under 0.1 still in touch; to 0.15 not sure
        yield ReportSubmission(
            source=source,
            victim=victim,
            reporter=reporter,
            received_date=received,
            incident_date=typed_incident,
            scam_type=slug,
            contact_method=channel,
            narrative=NARRATIVES[slug],
            still_in_contact=True if in_touch < 0.1 else None if in_touch < 0.15 else False,
            still_in_contact_not_sure=0.1 <= in_touch < 0.15,
            lost_money=lost,
            amount_lost=amount,
            payment_method=payment,
            identifiers=identifiers,
            extra={"demo": True},
        )
