"""Writes for warnings to people at risk: a case manager prepares a batch of warnings to a
confirmed campaign's victims (recovery scams and the campaign's next move), then approves
the whole batch in one step. Each warning sent is kept on the victim's case as a letter
or email; emails go through fraudhub.emails after the commit, letters are printed from
the batch's letters page."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails
from fraudhub.casework.models import Case
from fraudhub.casework.selectors import team_of
from fraudhub.casework.services import CaseRuleBroken, StaleCase, record_warning
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import ConfirmedCampaign
from fraudhub.prevention.models import WarningBatch, WarningChannel, WarningRecipient
from fraudhub.prevention.selectors import warnings as warning_selectors
from fraudhub.prevention.services.awareness import label_of
from fraudhub.prevention.warning_rules import EMAIL

WARNING = "recovery-warning"
TITLE = "Warning about recovery scams"


class WarningRefused(ValueError):
    """A batch that cannot be prepared or approved, with what to fix."""


def prepare_batch(
    *, actor: Actor, campaign: ConfirmedCampaign, channel: str, next_move: str
) -> WarningBatch:
    """A batch of warnings to the campaign's victims on the case manager's team not yet
    warned about it, each with the channel their contact rules allow or why it will not be
    sent. Nothing is sent until the batch is approved."""
    next_move = next_move.strip()
    if channel not in WarningChannel.values:
        raise WarningRefused("Select letter or email")
    if not next_move:
        raise WarningRefused("Enter what the campaign is likely to do next")
    team = team_of(actor)
    if team is None:
        raise WarningRefused("Only the fraud hub's case managers can warn victims")
    warned = set(
        WarningRecipient.objects.filter(
            batch__campaign=campaign, contact__isnull=False
        ).values_list("case_id", flat=True)
    )
    victims = [
        v
        for v in warning_selectors.victims(actor, campaign, chosen=channel)
        if v.case.pk not in warned
    ]
    if not victims:
        raise WarningRefused(
            "There are no victims of this campaign on your team's cases who have not been "
            "warned already"
        )
    with transaction.atomic():
        batch = WarningBatch.objects.create(
            campaign=campaign,
            team=team,
            channel=channel,
            next_move=next_move,
            prepared_by=signed_in(actor),
            prepared_by_label=label_of(actor),
        )
        WarningRecipient.objects.bulk_create(
            WarningRecipient(
                batch=batch,
                case=v.case,
                method=v.reach.method,
                not_sent_because=v.reach.not_sent_because,
            )
            for v in victims
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=batch,
            detail={
                "campaign": campaign.pk,
                "channel": channel,
                "victims": len(victims),
                "to_send": sum(1 for v in victims if v.reach.sent),
            },
        )
    return batch


def warning_context(case: Case, batch: WarningBatch) -> dict[str, Any]:
    """What the warning's words are filled in with for one victim."""
    victim = case.victim
    latest = case.reports.order_by("-received_date", "-id").first()
    return {
        "title": victim.title,
        "first_name": victim.first_name,
        "last_name": victim.last_name,
        "reference": latest.reference if latest else "",
        "next_move": batch.next_move,
    }


def approve_batch(*, actor: Actor, batch: WarningBatch) -> WarningBatch:
    """Approve every warning of a prepared batch at once; the background worker sends
    them (send_batch), so a campaign of hundreds of victims does not wait on the page."""
    with transaction.atomic():
        locked = WarningBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != WarningBatch.Status.PREPARED:
            raise WarningRefused("This batch has already been approved")
        locked.status = WarningBatch.Status.SENDING
        locked.approved_by = signed_in(actor)
        locked.approved_by_label = label_of(actor)
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_by_label", "approved_at"])
        audit.record(
            actor=actor, action=AuditEvent.Action.CHANGE, obj=locked, detail={"approved": True}
        )
        transaction.on_commit(lambda: enqueue_sending(locked.pk))
    return locked


def enqueue_sending(batch_id: int) -> None:
    from fraudhub.prevention.tasks import send_warning_batch_task

    send_warning_batch_task.enqueue(batch_id)


def send_batch(*, batch_id: int) -> int:
    """Send an approved batch, one victim at a time, each in its own transaction, as the
    approver. Each victim's channel is worked out again from their case as it is now: a
    victim whose rules came to forbid it, or whose case was restricted, is not sent to,
    and the batch says why. A victim already sent to is skipped, so a sending stopped
    half way and run again sends to nobody twice. Returns how many were sent this time."""
    batch = WarningBatch.objects.select_related("approved_by", "campaign").get(pk=batch_id)
    if batch.status != WarningBatch.Status.SENDING:
        return 0
    actor = batch.approved_by
    now_reach = {
        v.case.pk: v.reach
        for v in warning_selectors.victims(actor, batch.campaign, chosen=batch.channel)
    }
    sent = 0
    waiting = batch.recipients.filter(contact__isnull=True).exclude(method="")
    for recipient in waiting.select_related("case", "case__victim"):
        with transaction.atomic():
            current = now_reach.get(recipient.case_id)
            if current is None:
                _not_sent(recipient, "their case is no longer one your team may see")
            elif not current.sent:
                _not_sent(recipient, current.not_sent_because)
            elif _send(actor, batch, recipient, current.method):
                sent += 1
    with transaction.atomic():
        WarningBatch.objects.filter(pk=batch.pk).update(status=WarningBatch.Status.SENT)
        audit.record(
            actor=actor,
            actor_label=batch.approved_by_label,
            action=AuditEvent.Action.CHANGE,
            obj=batch,
            detail={"sent": batch.recipients.exclude(contact=None).count()},
        )
    return sent


def _not_sent(recipient: WarningRecipient, why: str) -> None:
    recipient.method = ""
    recipient.not_sent_because = why
    recipient.save(update_fields=["method", "not_sent_because"])


def _send(actor: Actor, batch: WarningBatch, recipient: WarningRecipient, method: str) -> bool:
    """Keep the warning on the victim's case and, for an email, queue it after the
    commit. False (and the reason kept) when casework refuses it."""
    case = recipient.case
    context = warning_context(case, batch)
    subject, text, _ = emails.render(WARNING, context)
    try:
        with transaction.atomic():
            contact = record_warning(
                case=case, actor=actor, method=method, title=TITLE, body=f"{subject}\n\n{text}"
            )
    except (CaseRuleBroken, StaleCase) as refused:
        _not_sent(recipient, str(refused)[:200])
        return False
    recipient.method = method
    recipient.not_sent_because = ""
    recipient.contact = contact
    recipient.save(update_fields=["method", "not_sent_because", "contact"])
    if method == EMAIL:
        address = case.victim.email
        link = reverse("casework:case", args=[case.pk])
        transaction.on_commit(
            lambda: emails.send(WARNING, address, context, reference=f"case {case.pk}", link=link)
        )
    return True


def preview(case: Case, batch: WarningBatch) -> tuple[str, str]:
    """The subject and words of the warning as this victim would get it."""
    subject, text, _ = emails.render(WARNING, warning_context(case, batch))
    return subject, text
