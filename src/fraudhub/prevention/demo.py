"""Demo scam alerts, so a local demo shows the alerts pages at work: published alerts
(some with Welsh), one waiting for approval and one withdrawn. Made through the services,
so each has its history: drafted by the demo analyst or case manager, approved by the demo
administrator (never by the drafter)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from fraudhub.prevention.alert_rules import Text
from fraudhub.prevention.models import Alert
from fraudhub.prevention.services.alerts import (
    AlertValues,
    approve_alert,
    draft_alert,
    submit_alert,
    withdraw_alert,
)
from fraudhub.reports.models import ScamType

NO_WELSH = Text("", "", "", "")

# (scam type, English, Welsh, councils (none: the whole county), audiences, days before
# the as-of date it was published, what happens to it)
DEMO_ALERTS: tuple[tuple[str, Text, Text, list[str], list[str], int, str], ...] = (
    (
        "parcel_delivery",
        Text(
            "Fake parcel texts asking for a redelivery fee",
            "A text says a parcel is waiting and a small fee is needed to deliver it again. "
            "The link goes to a website that looks like a delivery company's.",
            "Delivery companies do not ask for fees by text. Look closely at the website's "
            "address: it is not the company's.",
            "Do not click the link. Forward the text to 7726, then delete it. If you gave "
            "your card details, call your bank on 159.",
        ),
        Text(
            "Negeseuon testun ffug am barseli yn gofyn am ffi",
            "Neges destun yn dweud bod parsel yn aros amdanoch a bod angen talu ffi fach i'w "
            "ddanfon eto. Mae'r ddolen yn mynd i wefan sy'n edrych fel gwefan cwmni danfon.",
            "Nid yw cwmnïau danfon yn gofyn am ffi drwy neges destun. Edrychwch yn ofalus ar "
            "gyfeiriad y wefan: nid cyfeiriad y cwmni ydyw.",
            "Peidiwch â chlicio ar y ddolen. Anfonwch y neges ymlaen i 7726 ac yna ei dileu. "
            "Os ydych wedi rhoi manylion eich cerdyn, ffoniwch eich banc ar 159.",
        ),
        [],
        ["everyone"],
        30,
        "publish",
    ),
    (
        "courier",
        Text(
            "Callers posing as the police to collect bank cards",
            "Someone phones saying they are a police officer or from your bank. They say "
            "there is a problem with your account and a courier will call to collect your "
            "card or cash.",
            "The police and your bank will never ask for your PIN, your card or cash, or "
            "send someone to collect them.",
            "Hang up. Wait five minutes or use another phone, then call your bank on 159. "
            "Give nothing to anyone who calls at the door for it.",
        ),
        Text(
            "Galwyr ffug yn honni eu bod o'r heddlu yn casglu cardiau banc",
            "Mae rhywun yn ffonio gan ddweud ei fod yn swyddog heddlu neu o'ch banc. Mae'n "
            "dweud bod problem gyda'ch cyfrif ac y bydd negesydd yn galw i gasglu eich "
            "cerdyn neu arian parod.",
            "Ni fydd yr heddlu na'ch banc byth yn gofyn am eich PIN, eich cerdyn nac arian "
            "parod, nac yn anfon rhywun i'w casglu.",
            "Rhowch y ffôn i lawr. Arhoswch bum munud neu defnyddiwch ffôn arall, yna "
            "ffoniwch eich banc ar 159. Peidiwch â rhoi dim i neb sy'n galw wrth y drws.",
        ),
        ["St Albans", "Welwyn Hatfield"],
        ["older_residents", "carers"],
        16,
        "publish",
    ),
    (
        "rogue_trader",
        Text(
            "Roofers calling unannounced after the storms",
            "Men knock on the door saying they noticed loose tiles. The price starts low "
            "and rises once the work begins, and they press for cash the same day.",
            "A real trader does not ask for cash up front or pressure you to decide now.",
            "Say no and close the door. Get three quotes from traders you find yourself. "
            "If you feel threatened, call 999.",
        ),
        NO_WELSH,
        ["Dacorum", "Three Rivers"],
        ["older_residents", "carers"],
        9,
        "publish",
    ),
    (
        "advance_fee",
        Text(
            "Offers to get your money back for a fee",
            "After a scam, someone gets in touch saying they are a solicitor, an agency or "
            "an official who can recover your money if you pay a fee first.",
            "You never need to pay to get money back from your bank. Anyone asking for a "
            "fee up front is a scammer.",
            "Do not pay. Talk to your bank about a refund, or call the fraud hub for free advice.",
        ),
        Text(
            "Cynigion i gael eich arian yn ôl am ffi",
            "Ar ôl sgam, mae rhywun yn cysylltu gan ddweud ei fod yn gyfreithiwr, yn "
            "asiantaeth neu'n swyddog a all gael eich arian yn ôl os talwch ffi yn gyntaf.",
            "Nid oes rhaid i chi dalu i gael arian yn ôl gan eich banc. Sgamiwr yw unrhyw un "
            "sy'n gofyn am ffi ymlaen llaw.",
            "Peidiwch â thalu. Siaradwch â'ch banc am ad-daliad, neu ffoniwch yr hyb twyll "
            "am gyngor am ddim.",
        ),
        [],
        ["everyone", "professionals"],
        3,
        "publish",
    ),
    (
        "refund_claim",
        Text(
            "Emails about a tax refund",
            "An email says you are owed a tax refund and asks you to fill in your bank "
            "details on a form.",
            "The tax office does not tell you about refunds by email or text.",
            "Do not fill in the form. Forward the email to report@phishing.gov.uk.",
        ),
        NO_WELSH,
        [],
        ["everyone"],
        0,
        "submit",
    ),
    (
        "bogus_collection",
        Text(
            "Door-to-door collection for a children's hospice",
            "Collectors with buckets say they are raising money for a local hospice.",
            "They have no badge and will not say which charity they are from.",
            "Give only to collectors who show a badge and a council permit.",
        ),
        NO_WELSH,
        ["Watford"],
        ["everyone"],
        20,
        "withdraw",
    ),
)


def publish_alerts(*, as_of: date) -> int:
    """The demo alerts, once (none if any alert exists or the demo logins are missing)."""
    users = {
        u.username: u for u in User.objects.filter(username__in=["analyst", "manager", "admin"])
    }
    if Alert.objects.exists() or len(users) < 3:
        return 0
    types = {t.slug: t for t in ScamType.objects.all()}
    made = 0
    for slug, english, welsh, councils, audiences, days_ago, fate in DEMO_ALERTS:
        drafter = users["manager"] if fate == "submit" else users["analyst"]
        alert = draft_alert(
            values=AlertValues(
                english=english,
                welsh=welsh,
                whole_county=not councils,
                councils=councils,
                audiences=audiences,
                scam_type=types.get(slug),
            ),
            actor=drafter,
        )
        submit_alert(alert=alert, actor=drafter)
        if fate != "submit":
            approve_alert(alert=alert, actor=users["admin"])
            published = timezone.make_aware(
                datetime.combine(as_of - timedelta(days=days_ago), time(10, 0))
            )
            # Spread over the weeks before the demo's date, as a team's would be.
            Alert.objects.filter(pk=alert.pk).update(published_at=published)
        if fate == "withdraw":
            withdraw_alert(
                alert=alert,
                reason="The hospice confirmed the collection is theirs and licensed",
                actor=users["analyst"],
            )
        made += 1
    return made
