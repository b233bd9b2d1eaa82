"""Writes to the audit log. Services and selectors call this; views never do."""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from .models import AuditEvent, Organisation

Actor = User | AnonymousUser | None


def organisation_of(user: Actor) -> Organisation | None:
    """The organisation a staff user works for, or None for the public and the system."""
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "staff_profile", None)
    return profile.organisation if profile is not None else None


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `obj`; the public and the system are named by label."""
    user = actor if actor is not None and actor.is_authenticated else None
    label = actor_label or (user.get_username() if user is not None else "public")
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        organisation=organisation_of(user),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:200],
        detail=detail or {},
    )


def record_many(
    *,
    actor: Actor,
    action: str,
    objects: Sequence[models.Model],
    detail_for: Callable[[Any], dict[str, Any]] | None = None,
    actor_label: str | None = None,
) -> None:
    """Record the same action on many records at once (an import, an export)."""
    user = actor if actor is not None and actor.is_authenticated else None
    label = actor_label or (user.get_username() if user is not None else "system")
    organisation = organisation_of(user)
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=user,
            actor_label=label,
            organisation=organisation,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_label=str(obj)[:200],
            detail=detail_for(obj) if detail_for else {},
        )
        for obj in objects
    )
