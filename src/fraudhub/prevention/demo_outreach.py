"""Demo prevention outreach: the two largest demo clusters confirmed as campaigns, a batch
of warnings to the largest's victims approved and sent, and a year of awareness sessions
across the county. Deterministic for a seed and an as-of date; loads nothing twice."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Count

from fraudhub.governance.models import Organisation
from fraudhub.linking.models import ClusterMember, ConfirmedCampaign
from fraudhub.linking.services import CampaignRefused, confirm_campaign
from fraudhub.prevention.awareness_rows import SessionValues
from fraudhub.prevention.models import AwarenessSession
from fraudhub.prevention.services.awareness import record_session
from fraudhub.prevention.services.warnings import (
    WarningRefused,
    approve_batch,
    prepare_batch,
    send_batch,
)
from fraudhub.reports.geography import COUNCILS

CAMPAIGNS = (
    ("Bank refund calls", "The same caller script, the same two receiving accounts."),
    ("Courier collection visits", "Same story of a courier collecting cards, same area."),
)
NEXT_MOVE = (
    "They may now call again saying they are from the police or a law firm and can get "
    "your money back if you pay a fee first."
)
MATERIALS = (
    "Little Book of Big Scams",
    "Friends Against Scams leaflet",
    "Short film and quiz",
    "Doorstep crime card",
    "",
)


def load_outreach(*, seed: int, as_of: date) -> str:
    """Load the demo's confirmed campaigns, sent warnings and awareness sessions; returns
    what was loaded, in a sentence."""
    analyst = User.objects.filter(username="analyst").first()
    manager = User.objects.filter(username="manager").first()
    if analyst is None or manager is None or ConfirmedCampaign.objects.exists():
        return "Prevention outreach already loaded (or no demo staff)."
    largest = list(
        ClusterMember.objects.values("cluster_id")
        .annotate(size=Count("id"))
        .order_by("-size", "cluster_id")
        .values_list("cluster_id", flat=True)[: len(CAMPAIGNS)]
    )
    confirmed = []
    for cluster_id, (name, reason) in zip(largest, CAMPAIGNS, strict=False):
        try:
            confirmed.append(
                confirm_campaign(actor=analyst, cluster_id=cluster_id, name=name, reason=reason)
            )
        except CampaignRefused:
            continue
    sent = 0
    if confirmed:
        try:
            batch = prepare_batch(
                actor=manager, campaign=confirmed[0], channel="letter", next_move=NEXT_MOVE
            )
        except WarningRefused:
            pass
        else:
            approve_batch(actor=manager, batch=batch)
            send_batch(batch_id=batch.pk)  # the demo does not wait for the worker
            sent = batch.recipients.exclude(contact=None).count()
    sessions = _awareness(seed=seed, as_of=as_of, actor=analyst)
    return (
        f"Confirmed {len(confirmed)} campaigns, sent {sent} warnings about recovery scams and "
        f"recorded {sessions} awareness sessions."
    )


def _awareness(*, seed: int, as_of: date, actor: User) -> int:
    rng = random.Random(seed)
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    if AwarenessSession.objects.exists() or not organisations:
        return 0
    count = 48
    for _ in range(count):
        kind = rng.choice(AwarenessSession.Kind.values)
        attendees = (
            rng.randint(8, 60) if kind != AwarenessSession.Kind.STALL else rng.randint(40, 200)
        )
        record_session(
            actor=actor,
            values=SessionValues(
                held_on=as_of - timedelta(days=rng.randint(1, 365)),
                kind=kind,
                organisation_id=rng.choice(organisations),
                audience=rng.choice(AwarenessSession.AudienceType.values),
                council=rng.choice(COUNCILS),
                attendees=attendees,
                trained=attendees if kind == AwarenessSession.Kind.TRAINING else 0,
                materials=rng.choice(MATERIALS),
            ),
        )
    return count
