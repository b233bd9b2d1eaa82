"""Demo data-sharing agreements, so a local demo shows sharing at work: the police share
everything with the hub, counts included; Trading Standards share scam details and money,
and that agreement's review is overdue (the owners' banner and email)."""

from __future__ import annotations

from datetime import date, timedelta

from .categories import Category
from .models import Organisation, SharingAgreement

C = Category


def seed_agreements(*, as_of: date) -> list[SharingAgreement]:
    """Two agreements between the hub and demo partners, once (none if any exist)."""
    if SharingAgreement.objects.exists():
        return []
    hub = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("pk").first()
    police = Organisation.objects.filter(slug="herts-police").first()
    trading = Organisation.objects.filter(slug="trading-standards").first()
    if hub is None or police is None or trading is None:
        return []
    wanted = [
        (
            "Victim referrals and support: Fraud Hub and Hertfordshire Constabulary",
            [hub, police],
            list(C),
            as_of + timedelta(days=180),
            True,
        ),
        (
            "Scam intelligence: Fraud Hub and Hertfordshire Trading Standards",
            [hub, trading],
            [C.SCAM_DETAILS, C.MONEY],
            as_of - timedelta(days=10),
            False,
        ),
    ]
    made = []
    for title, parties, categories, review_on, counts in wanted:
        agreement = SharingAgreement.objects.create(
            title=title,
            owner=hub,
            purpose="To support victims of fraud and scams in Hertfordshire and to disrupt "
            "the scammers who target them.",
            lawful_basis="Law enforcement purposes (Data Protection Act 2018, Part 3); "
            "public task (UK GDPR Article 6(1)(e)) for support and prevention.",
            categories=[c.value for c in categories],
            starts_on=as_of - timedelta(days=365),
            review_on=review_on,
            shows_counts=counts,
        )
        agreement.parties.set(parties)
        made.append(agreement)
    return made
