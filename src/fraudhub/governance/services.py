"""Writes in governance: recording, changing and ending data-sharing agreements (each
change audited in the same transaction), and the record of emails sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import audit
from .access import Actor
from .categories import Category
from .documents import CheckedDocument
from .models import AuditEvent, Organisation, SentEmail, SharingAgreement


@dataclass(frozen=True)
class AgreementValues:
    """What a data-sharing agreement says, as checked by its form."""

    title: str
    owner: Organisation
    parties: list[Organisation]
    purpose: str
    lawful_basis: str
    categories: list[Category]
    starts_on: date
    review_on: date
    ends_on: date | None
    shows_counts: bool


def _described(agreement: SharingAgreement) -> dict[str, Any]:
    """What the audit log keeps of an agreement: what it says, never the document."""
    return {
        "title": agreement.title,
        "owner": agreement.owner.slug,
        "parties": sorted(p.slug for p in agreement.parties.all()),
        "purpose": agreement.purpose,
        "lawful_basis": agreement.lawful_basis,
        "categories": sorted(agreement.categories),
        "starts_on": agreement.starts_on.isoformat(),
        "review_on": agreement.review_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat() if agreement.ends_on else None,
        "shows_counts": agreement.shows_counts,
        "document": agreement.document_name,
    }


def _as_pdf(name: str) -> str:
    """The signed document is a PDF (checked by its content), so it is stored and offered
    under a name ending .pdf, whatever it was called: a file that is also HTML must never
    open as a web page from someone's disk."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem.strip() or 'agreement'}.pdf"


def save_agreement(
    *,
    values: AgreementValues,
    actor: Actor,
    agreement: SharingAgreement | None = None,
    document: CheckedDocument | None = None,
) -> SharingAgreement:
    """Record a new agreement, or change one; a new document replaces the old. The audit
    entry says what changed, from what to what."""
    with transaction.atomic():
        before = _described(agreement) if agreement is not None else {}
        made = agreement or SharingAgreement()
        made.title = values.title
        made.owner = values.owner
        made.purpose = values.purpose
        made.lawful_basis = values.lawful_basis
        made.categories = [c.value for c in Category if c in values.categories]
        made.starts_on = values.starts_on
        made.review_on = values.review_on
        made.ends_on = values.ends_on
        made.shows_counts = values.shows_counts
        if agreement is not None and agreement.review_on != values.review_on:
            made.review_warned_on = None
        if document is not None:
            name = _as_pdf(document.name)
            made.document.save(name, ContentFile(document.content), save=False)
            made.document_name = name
            made.document_type = document.content_type
        made.save()
        made.parties.set(values.parties)
        after = _described(made)
        if agreement is None:
            audit.record(actor=actor, action=AuditEvent.Action.CREATE, obj=made, detail=after)
        else:
            changed = {k: {"from": before[k], "to": v} for k, v in after.items() if before[k] != v}
            if document is not None:
                changed["document"] = {"from": before["document"], "to": document.name}
            audit.record(
                actor=actor, action=AuditEvent.Action.CHANGE, obj=made, detail={"changed": changed}
            )
    return made


class AlreadyEnded(ValueError):
    """An agreement can be ended once."""


def end_agreement(*, agreement: SharingAgreement, reason: str, actor: Actor) -> SharingAgreement:
    """End an agreement now: sharing under it stops at once."""
    with transaction.atomic():
        locked = SharingAgreement.objects.select_for_update().get(pk=agreement.pk)
        if locked.ended_at is not None:
            raise AlreadyEnded(f"{locked.title} was already ended")
        locked.ended_at = timezone.now()
        locked.ended_reason = reason
        locked.save(update_fields=["ended_at", "ended_reason", "updated_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            detail={"ended": locked.ended_at.isoformat(), "reason": reason},
        )
    return locked


# --- emails sent (fraudhub/emails.py announces them; governance keeps the record) -------


def record_email_queued(
    *, key: str, name: str, recipients: list[str], reference: str, link: str, **_: Any
) -> SentEmail:
    """Keep a row for an email just queued: what it is, to whom (masked), about what."""
    return SentEmail.objects.create(
        key=key,
        name=name,
        recipients=", ".join(recipients)[:300],
        reference=reference[:100],
        link=link[:200],
        queued_at=timezone.now(),
    )


def record_email_attempt(*, key: str, attempt: int, error: str, final: bool, **_: Any) -> None:
    """Note one attempt to send it: sent, failed and to be tried again, or failed for good."""
    if not error:
        status = SentEmail.Status.SENT
    else:
        status = SentEmail.Status.FAILED if final else SentEmail.Status.RETRYING
    SentEmail.objects.filter(key=key).update(
        status=status,
        attempts=attempt,
        last_attempt_at=timezone.now(),
        **({"last_error": error} if error else {}),
    )
