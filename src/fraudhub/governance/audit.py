"""Writes to the audit log. Services and selectors call this; views never do."""

import json
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from .access import Actor, organisation_of, signed_in
from .audit_chain import CHAIN_VERSION, GENESIS, entry_hash, entry_seal, has_good_seal
from .models import AuditChainHead, AuditEvent, Organisation, sealing


def _chain(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write the events now, and chain them once the transaction they belong to commits
    (a short transaction of its own, so no request holds the chain's lock for long)."""
    now = timezone.now()
    for event in events:
        event.at = now
        event.organisation_label = event.organisation.name if event.organisation else ""
        event.actor_key = event.actor_id
        event.organisation_key = event.organisation_id
        event.chain_version = CHAIN_VERSION
        event.seal = entry_seal(settings.SECRET_KEY, event.__dict__)
    AuditEvent.objects.bulk_create(events)
    chain_after_commit()
    return events


def chain_after_commit() -> None:
    """Chain the entries written in this transaction once it commits. Whatever writes
    audit entries without `record` (a bulk import) calls this."""
    transaction.on_commit(seal_pending, robust=True)


# An entry waiting longer than this to be chained was not written by the application (which
# chains at commit): it is left unchained for audit-verify to report, never chained.
SEAL_WINDOW = timedelta(hours=1)


def seal_pending() -> int:
    """Chain every entry written in the last hour but not yet chained, in the order they
    were written. Claiming the chain's head row first takes the write lock (a row lock on
    PostgreSQL, the database lock on SQLite), so concurrent sealers chain one after
    another."""
    sealed = 0
    with transaction.atomic():
        if not AuditChainHead.objects.filter(pk=1).update(sequence=F("sequence")):
            AuditChainHead.objects.create(pk=1, sequence=0, hash=GENESIS)
        head = AuditChainHead.objects.get(pk=1)
        pending = AuditEvent.objects.filter(
            sequence__isnull=True, at__gte=timezone.now() - SEAL_WINDOW
        ).order_by("id")
        after = 0
        while found := list(pending.filter(id__gt=after)[:2000]):
            after = found[-1].pk
            # Only what the application wrote and sealed: a row added to the database
            # directly is left unchained, for audit-verify to name.
            batch = [e for e in found if has_good_seal(settings.SECRET_KEY, e.__dict__)]
            for event in batch:
                head.sequence += 1
                event.sequence = head.sequence
                event.previous_hash = head.hash
                event.hash = head.hash = entry_hash(head.hash, event.__dict__)
            with sealing():
                AuditEvent.objects.bulk_update(batch, ["sequence", "previous_hash", "hash"])
            sealed += len(batch)
        AuditChainHead.objects.filter(pk=1).update(sequence=head.sequence, hash=head.hash)
    return sealed


def _event(
    *,
    user: User | None,
    label: str,
    organisation: Organisation | None,
    action: str,
    obj: models.Model,
    detail: dict[str, Any],
) -> AuditEvent:
    return AuditEvent(
        actor=user,
        actor_label=label,
        organisation=organisation,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(getattr(obj, "audit_label", obj))[:200],
        # Through JSON and back, so the hash is of what the database will give back.
        detail=json.loads(json.dumps(detail, cls=DjangoJSONEncoder)),
    )


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Record that `actor` did `action` to `obj`; the public and the system are named by label."""
    user = signed_in(actor)
    label = actor_label or (user.get_username() if user is not None else "public")
    event = _event(
        user=user,
        label=label,
        organisation=organisation_of(user),
        action=action,
        obj=obj,
        detail=detail or {},
    )
    return _chain([event])[0]


def record_many(
    *,
    actor: Actor,
    action: str,
    objects: Sequence[models.Model],
    detail_for: Callable[[Any], dict[str, Any]] | None = None,
    actor_label: str | None = None,
) -> None:
    """Record the same action on many records at once (an import, an export)."""
    user = signed_in(actor)
    label = actor_label or (user.get_username() if user is not None else "system")
    organisation = organisation_of(user)
    events = [
        _event(
            user=user,
            label=label,
            organisation=organisation,
            action=action,
            obj=obj,
            detail=detail_for(obj) if detail_for else {},
        )
        for obj in objects
    ]
    if events:
        _chain(events)


# A list page names at most this many records in its one entry (a page shows 50).
LISTED_AT_MOST = 200


def record_list(
    *,
    actor: Actor,
    page: str,
    objects: Sequence[models.Model],
    object_type: str = "",
    action: str = AuditEvent.Action.VIEW,
    search: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    """Record one look at a page that lists records (a list, a queue, search results) as
    one entry naming each record shown by its audit label, with the search that found
    them (already reduced by `search_terms.describe`). A data protection officer finds the
    entry by any record it names."""
    user = signed_in(actor)
    shown = list(objects)[:LISTED_AT_MOST]
    kind = object_type or (shown[0]._meta.label_lower if shown else "")
    noun = "record" if len(objects) == 1 else "records"
    event = AuditEvent(
        actor=user,
        actor_label=actor_label or (user.get_username() if user is not None else "public"),
        organisation=organisation_of(user),
        action=action,
        object_type=kind,
        object_id="",
        object_label=f"{page}: {len(objects)} {noun}"[:200],
        detail=json.loads(
            json.dumps(
                {
                    "page": page,
                    "shown": [str(getattr(o, "audit_label", o))[:200] for o in shown],
                    "ids": [str(o.pk) for o in shown],
                    **({"search": search} if search else {}),
                    **(detail or {}),
                },
                cls=DjangoJSONEncoder,
            )
        ),
    )
    return _chain([event])[0]
