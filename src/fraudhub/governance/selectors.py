"""Reads in governance: the data-sharing agreements a member of staff may read. Those who
may manage agreements read every one; others, those their organisation is a party to."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .access import Actor, allowed, organisation_of
from .models import SharingAgreement
from .roles import Permission


def agreements_for(user: Actor) -> QuerySet[SharingAgreement]:
    agreements = SharingAgreement.objects.select_related("owner").prefetch_related("parties")
    if allowed(user, Permission.MANAGE_AGREEMENTS):
        return agreements.order_by("title", "id")
    organisation = organisation_of(user)
    if organisation is None:
        return agreements.none()
    return (
        agreements.filter(Q(parties=organisation) | Q(owner=organisation))
        .distinct()
        .order_by("title", "id")
    )


def agreement_for(user: Actor, agreement_id: int) -> SharingAgreement | None:
    return agreements_for(user).filter(pk=agreement_id).first()
