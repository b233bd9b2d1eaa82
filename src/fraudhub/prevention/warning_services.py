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

from . import warning_selectors
from .awareness_services import label_of
from .models import WarningBatch, WarningChannel, WarningRecipient
from .warning_rules import EMAIL

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
    """Approve and send every warning of a prepared batch at once. Each victim's channel
    is worked out again from their case as it is now: a victim whose rules came to forbid
    it, or whose case was restricted, is not sent to, and the batch says why."""
    with transaction.atomic():
        locked = WarningBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != WarningBatch.Status.PREPARED:
            raise WarningRefused("This batch has already been approved and sent")
        now_reach = {
            v.case.pk: v.reach
            for v in warning_selectors.victims(actor, locked.campaign, chosen=locked.channel)
        }
        sent = 0
        for recipient in locked.recipients.select_related("case", "case__victim"):
            current = now_reach.get(recipient.case_id)
            if current is None:
                _not_sent(recipient, "their case is no longer one your team may see")
                continue
            if not current.sent:
                _not_sent(recipient, current.not_sent_because)
                continue
            if _send(actor, locked, recipient, current.method):
                sent += 1
        locked.status = WarningBatch.Status.SENT
        locked.approved_by = signed_in(actor)
        locked.approved_by_label = label_of(actor)
        locked.approved_at = timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_by_label", "approved_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            detail={"approved": True, "sent": sent},
        )
    return locked


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
