"""Scam alerts, step by step: draft, change, send for approval, send back, approve (which
publishes) and withdraw. The rules of which step may follow which, and who may take it,
are in prevention.alert_rules; here they are applied under a row lock, saved and audited,
and a published alert is announced once its transaction commits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import Cluster
from fraudhub.prevention import alert_rules
from fraudhub.prevention.alert_rules import Step, Text
from fraudhub.prevention.events import alert_published
from fraudhub.prevention.models import Alert, Audience, PublishedIdentifier
from fraudhub.prevention.services.sending import cancel_open
from fraudhub.reports.geography import COUNCILS
from fraudhub.reports.models import ScamType


class AlertRefused(ValueError):
    """A step the alert's status or the four-eyes rule does not allow; says why."""


@dataclass(frozen=True)
class AlertValues:
    """What an alert says and who it is for, as a drafter gives it."""

    english: Text
    welsh: Text
    audiences: list[str]
    whole_county: bool = True
    councils: list[str] = field(default_factory=list)
    scam_type: ScamType | None = None
    cluster: Cluster | None = None
    identifiers: list[PublishedIdentifier] = field(default_factory=list)


TEXT_FIELDS = ("title", "looks_like", "how_to_spot", "what_to_do")


def _check(values: AlertValues) -> None:
    problems = alert_rules.text_problems(english=values.english, welsh=values.welsh)
    problems += alert_rules.targeting_problems(
        whole_county=values.whole_county,
        councils=values.councils,
        audiences=values.audiences,
        known_councils=COUNCILS,
        known_audiences=tuple(Audience.values),
    )
    if any(i.withdrawn_at is not None for i in values.identifiers):
        problems.append("An identifier that was withdrawn from publication cannot be named")
    if problems:
        raise AlertRefused("; ".join(problems))


def _apply(alert: Alert, values: AlertValues) -> list[str]:
    """Put the values on the alert; the names of the columns set."""
    welsh = values.welsh if values.welsh.complete else Text("", "", "", "")
    for name, english, cymraeg in zip(TEXT_FIELDS, values.english.parts, welsh.parts, strict=True):
        setattr(alert, name, english.strip())
        setattr(alert, f"{name}_cy", cymraeg.strip())
    alert.scam_type = values.scam_type
    alert.whole_county = values.whole_county
    alert.councils = [] if values.whole_county else [c for c in COUNCILS if c in values.councils]
    alert.audiences = [a for a in Audience.values if a in values.audiences]
    alert.cluster = values.cluster
    return [
        *TEXT_FIELDS,
        *(f"{n}_cy" for n in TEXT_FIELDS),
        "scam_type",
        "whole_county",
        "councils",
        "audiences",
        "cluster",
        "updated_at",
    ]


def _label(actor: Actor) -> tuple[User | None, str]:
    login = signed_in(actor)
    return login, login.get_username() if login is not None else "system"


def _record(*, actor: Actor, alert: Alert, step: Step, **detail: object) -> None:
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATE if step == Step.DRAFT else AuditEvent.Action.CHANGE,
        obj=alert,
        detail={"step": step.value, "status": alert.status, **detail},
    )


def _locked(alert: Alert, step: Step, actor: Actor) -> Alert:
    """The alert locked for this transaction, once the step is allowed to this actor."""
    locked = Alert.objects.select_for_update().get(pk=alert.pk)
    login = signed_in(actor)
    why = alert_rules.refusal(
        step=step,
        status=locked.status,
        actor_id=login.pk if login is not None else None,
        drafter_id=locked.drafted_by_id,
    )
    if why:
        raise AlertRefused(why)
    return locked


def draft_alert(*, values: AlertValues, actor: Actor) -> Alert:
    """Save a new draft: nobody outside the hub sees it until someone else approves it."""
    _check(values)
    login, label = _label(actor)
    alert = Alert(drafted_by=login, drafted_by_label=label)
    _apply(alert, values)
    with transaction.atomic():
        alert.save()
        alert.identifiers.set(values.identifiers)
        _record(actor=actor, alert=alert, step=Step.DRAFT, title=alert.title)
    return alert


def change_alert(*, alert: Alert, values: AlertValues, actor: Actor) -> Alert:
    """Change a draft (its drafter only; an alert waiting for approval is sent back first)."""
    _check(values)
    with transaction.atomic():
        locked = _locked(alert, Step.CHANGE, actor)
        locked.save(update_fields=_apply(locked, values))
        locked.identifiers.set(values.identifiers)
        _record(actor=actor, alert=locked, step=Step.CHANGE, title=locked.title)
    return locked


CHANGED_SINCE_READ = (
    "The alert has changed since you opened it: read it again, then approve it if it is right"
)


def _move(
    *, alert: Alert, step: Step, actor: Actor, reason: str = "", seen: datetime | None = None
) -> Alert:
    """Take a step that only changes the status (and says why, when it needs a reason).
    `seen` is when the alert was last changed as the person read it: a step refused if it
    changed since."""
    if step in (Step.SEND_BACK, Step.WITHDRAW) and not reason.strip():
        raise AlertRefused("Enter a reason")
    with transaction.atomic():
        locked = _locked(alert, step, actor)
        if seen is not None and locked.updated_at != seen:
            raise AlertRefused(CHANGED_SINCE_READ)
        before, locked.status = locked.status, alert_rules.after(step)
        now = timezone.now()
        # Claimed by its status as well as locked: SQLite has no row locks, and of two
        # approvals at once only one may publish (and announce).
        if not Alert.objects.filter(pk=locked.pk, status=before).update(
            status=locked.status, updated_at=now
        ):
            raise AlertRefused(alert_rules.WRONG_STATUS[step])
        columns = ["updated_at"]
        if step == Step.APPROVE:
            locked.approved_by, locked.approved_by_label = _label(actor)
            locked.published_at = now
            columns += ["approved_by", "approved_by_label", "published_at"]
            published = locked
            transaction.on_commit(
                lambda: alert_published.send(sender=Alert, alert=published), robust=True
            )
        if step == Step.WITHDRAW:
            locked.withdrawn_by, locked.withdrawn_by_label = _label(actor)
            locked.withdrawn_at = now
            locked.withdrawal_reason = reason.strip()
            columns += ["withdrawn_by", "withdrawn_by_label", "withdrawn_at", "withdrawal_reason"]
            cancel_open(alert_id=locked.pk)
        locked.save(update_fields=columns)
        extra = {"reason": reason.strip()} if reason.strip() else {}
        _record(actor=actor, alert=locked, step=step, **extra)
    return locked


def submit_alert(*, alert: Alert, actor: Actor) -> Alert:
    """Send a draft for approval by someone other than its drafter."""
    return _move(alert=alert, step=Step.SUBMIT, actor=actor)


def send_back_alert(*, alert: Alert, reason: str, actor: Actor) -> Alert:
    """Return an alert waiting for approval to its drafter as a draft, saying why."""
    return _move(alert=alert, step=Step.SEND_BACK, actor=actor, reason=reason)


def approve_alert(*, alert: Alert, actor: Actor, seen: datetime | None = None) -> Alert:
    """Approve an alert someone else drafted, which publishes it: on the public pages and
    in the feed at once, and announced (`alert_published`) once the commit is done. From
    the alert's page, `seen` binds the approval to the words the approver read: sent back,
    changed and sent again meanwhile, it is refused."""
    return _move(alert=alert, step=Step.APPROVE, actor=actor, seen=seen)


def withdraw_alert(*, alert: Alert, reason: str, actor: Actor) -> Alert:
    """Take a published alert off the public pages and the feed at once, saying why; what
    has not yet gone to subscribers is not sent."""
    return _move(alert=alert, step=Step.WITHDRAW, actor=actor, reason=reason)
