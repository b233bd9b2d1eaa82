"""Demo alert subscribers: confirmed residents and professionals across the councils, some
wanting Welsh, some passing alerts on to a group, and a few who unsubscribed. Addresses are
at example.org, which never receives mail. Loading twice adds nothing."""

from __future__ import annotations

import random

from django.utils import timezone

from fraudhub.prevention.models import Audience, GroupKind, Language, Subscription
from fraudhub.reports.geography import COUNCILS

HOW_MANY = 60
AUDIENCES = [a for a in Audience.values if a != Audience.EVERYONE]


def seed_subscribers(*, seed: int = 1) -> int:
    """Store the demo subscribers not stored yet; returns how many there are."""
    pick = random.Random(seed)
    now = timezone.now()
    for number in range(HOW_MANY):
        whole_county = pick.random() < 0.5
        passes_on = pick.random() < 0.25
        Subscription.objects.get_or_create(
            email=f"subscriber{number:02d}@example.org",
            defaults={
                "whole_county": whole_county,
                "councils": [] if whole_county else pick.sample(COUNCILS, pick.randint(1, 2)),
                "audiences": [] if pick.random() < 0.4 else pick.sample(AUDIENCES, 1),
                "language": Language.WELSH if pick.random() < 0.15 else Language.ENGLISH,
                "passes_on": passes_on,
                "group_kind": pick.choice(GroupKind.values) if passes_on else "",
                "confirmed_at": now,
                "unsubscribed_at": now if pick.random() < 0.05 else None,
            },
        )
    return Subscription.objects.filter(email__endswith="@example.org").count()
