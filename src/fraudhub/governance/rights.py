"""Legal holds and restrictions of processing on any record, named by type and id: placed
and lifted with a reason by someone allowed, each recorded in the audit log. Feature apps
ask `held_ids` and `restricted_ids` before they erase, link, export or share."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import audit
from .access import Actor, signed_in
from .models import LegalHold, Restriction

Flag = TypeVar("Flag", LegalHold, Restriction)


class ReasonNeeded(ValueError):
    """A hold or restriction is placed and lifted only with a reason."""


def type_of(obj: models.Model) -> str:
    return obj._meta.label_lower


def held_ids(object_type: str) -> QuerySet[LegalHold, int]:
    """Ids of records of this type under an active legal hold (usable as a subquery)."""
    return LegalHold.objects.filter(object_type=object_type, lifted_at__isnull=True).values_list(
        "object_id", flat=True
    )


def restricted_ids(object_type: str) -> QuerySet[Restriction, int]:
    """Ids of records of this type whose processing is restricted (usable as a subquery)."""
    return Restriction.objects.filter(object_type=object_type, lifted_at__isnull=True).values_list(
        "object_id", flat=True
    )


def active(model: type[Flag], obj: models.Model) -> Flag | None:
    return (
        model.objects.filter(object_type=type_of(obj), object_id=obj.pk, lifted_at__isnull=True)
        .order_by("-set_at")
        .first()
    )


def history(model: type[Flag], obj: models.Model) -> QuerySet[Flag]:
    return model.objects.filter(object_type=type_of(obj), object_id=obj.pk).order_by("-set_at")


def _by(actor: Actor) -> tuple[User | None, str]:
    """The login (None for the system) and the name kept for it."""
    login = signed_in(actor)
    if login is not None:
        return login, login.get_username()
    return None, "system"


def _changed(model: type[Flag], *, actor: Actor, obj: models.Model, flag: Flag, what: str) -> None:
    audit.record(
        actor=actor, action="change", obj=obj, detail={model.__name__: what, "flag": flag.pk}
    )


def place(model: type[Flag], *, actor: Actor, obj: models.Model, reason: str) -> Flag:
    """Place a hold or restriction on `obj` (none is placed twice: the active one is
    returned as it is)."""
    if not reason.strip():
        raise ReasonNeeded("Enter why")
    with transaction.atomic():
        existing = active(model, obj)
        if existing is not None:
            return existing
        flag = model.objects.create(
            object_type=type_of(obj),
            object_id=obj.pk,
            object_label=str(getattr(obj, "audit_label", obj))[:200],
            reason=reason.strip(),
            set_at=timezone.now(),
            set_by=_by(actor)[0],
            set_by_label=_by(actor)[1],
        )
        _changed(model, actor=actor, obj=obj, flag=flag, what="placed")
    return flag


def lift(model: type[Flag], *, actor: Actor, obj: models.Model, reason: str) -> Flag | None:
    """Lift the active hold or restriction on `obj`, if there is one."""
    if not reason.strip():
        raise ReasonNeeded("Enter why")
    with transaction.atomic():
        flag = active(model, obj)
        if flag is None:
            return None
        flag.lifted_at = timezone.now()
        flag.lifted_by, flag.lifted_by_label = _by(actor)
        flag.lift_reason = reason.strip()
        flag.save(update_fields=["lifted_at", "lifted_by", "lifted_by_label", "lift_reason"])
        _changed(model, actor=actor, obj=obj, flag=flag, what="lifted")
    return flag
