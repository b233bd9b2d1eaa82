"""Sending a published alert to its subscribers in the background worker, each once.

1. When an alert is published, `queue_alert` makes one Delivery row for each subscriber it
   reaches (targeting.reaches; in bulk, the unique (alert, subscription) pair skipping rows
   already made) and queues `send_alert_task`.
2. A run takes the alert's hold (AlertSending: one sender an alert, so the rate limit
   holds) and queues a check for when the hold would run out, in case the run is killed.
3. It claims a batch: one UPDATE moves due rows (waiting, or "being sent" under a claim
   that ran out) to "being sent" with its own claim id and a lease; on PostgreSQL the rows
   are locked first with select_for_update(skip_locked), so runs side by side take
   different rows, and the UPDATE repeats the test, so on SQLite too a row goes to one
   claim only. A run sends only rows carrying its claim id.
4. It hands each message to the email backend, paced to FRAUDHUB_ALERTS_PER_SECOND, named
   by the delivery's reference (the same at every attempt), then marks the batch sent. A
   failure is tried again after a wait that doubles each time, FRAUDHUB_ALERTS_ATTEMPTS
   tries in all, then marked failed with the error (addresses masked).
5. Nothing more goes out once the alert is withdrawn (checked before each batch), nor to a
   subscriber who has unsubscribed since it was queued: those rows are marked not sent.
6. A worker killed mid-send leaves rows "being sent"; once their lease runs out the queued
   check takes them up. The hand-over of such a row is in doubt, so the backend is asked
   first whether it holds the reference (`already_sent`), and the row is marked sent
   without sending when it does.

What "exactly once" means here: a message is never handed over before its row is claimed,
and no two runs hold a row, so the only doubt is a message handed over in the moment before
a kill, and not yet marked. The local backend (fraudhub.mail_folder) and GOV.UK Notify
(fraudhub.notify) can be asked about a reference, so with them every subscriber gets
exactly one message, killed worker or not (tests/prevention/test_sending_after_a_kill.py).
An SMTP server cannot be asked: with it, the messages of the batch in hand at the moment of
a kill are sent again (with the same Message-ID, which many mail programs show once), at
least once for that batch and exactly once for every other message."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from fraudhub import emails
from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent
from fraudhub.prevention.models import Alert, AlertSending, Delivery, Subscription
from fraudhub.prevention.services.subscriptions import (
    manage_link,
    manage_token,
    unsubscribe_link,
)
from fraudhub.prevention.targeting import ENGLISH, WELSH, Reach, language_for, reaches

CHUNK = 2000
# Where each subscriber's own token and number go in the message built once.
PLACEHOLDER = "SUBSCRIBER-TOKEN"
SUBSCRIPTION = "SUBSCRIPTION-NUMBER"
ERROR_LIMIT = 500
T = TypeVar("T")

# The words around an alert, in each language it is sent in.
LABELS: dict[str, dict[str, str]] = {
    ENGLISH: {
        "kind": "Scam alert",
        "looks_like": "What it looks like",
        "how_to_spot": "How to spot it",
        "what_to_do": "What to do",
        "why": "You get these alerts because you subscribed to scam alerts from",
        "manage": "Change which alerts you get",
        "unsubscribe": "Unsubscribe",
        "online": "Read it online, or print it as a poster to pass on",
    },
    WELSH: {
        "kind": "Rhybudd sgam",
        "looks_like": "Sut olwg sydd arno",
        "how_to_spot": "Sut i'w adnabod",
        "what_to_do": "Beth i'w wneud",
        "why": "Rydych yn cael y rhybuddion hyn oherwydd i chi danysgrifio i rybuddion sgam gan",
        "manage": "Newid pa rybuddion a gewch",
        "unsubscribe": "Dad-danysgrifio",
        "online": "Darllenwch ef ar-lein, neu ei argraffu fel poster i'w rannu",
    },
}


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def recipients(alert: Alert) -> Iterator[tuple[int, str]]:
    """Each active subscriber the alert reaches, with the language to send it in."""
    target = Reach.of(alert.whole_county, alert.councils, alert.audiences)
    welsh = alert.has_welsh
    rows = (
        Subscription.objects.active()
        .order_by("pk")
        .values_list("pk", "whole_county", "councils", "audiences", "language")
        .iterator(chunk_size=CHUNK)
    )
    for pk, whole_county, councils, audiences, language in rows:
        if reaches(target, Reach.of(whole_county, councils, audiences)):
            yield pk, language_for(language, welsh)


def queue_alert(*, alert: Alert) -> int:
    """Make the alert's deliveries, one a subscriber it reaches (again after a retry of
    this call: rows already made are kept as they are), and queue the sending. Returns how
    many subscribers it goes to."""
    with transaction.atomic():
        for chunk in _chunks(recipients(alert), CHUNK):
            Delivery.objects.bulk_create(
                [Delivery(alert=alert, subscription_id=pk, language=lang) for pk, lang in chunk],
                ignore_conflicts=True,
            )
        AlertSending.objects.get_or_create(alert=alert)
        total = Delivery.objects.filter(alert=alert).count()
        audit.record(
            actor=None,
            actor_label="system",
            action=AuditEvent.Action.CREATE,
            obj=alert,
            detail={"event": "alert queued for subscribers", "subscribers": total},
        )
        transaction.on_commit(lambda: send_alert_task.enqueue(alert_id=alert.pk))
    return total


def _alert_url(name: str, alert: Alert, welsh: bool) -> str:
    """The public page (or poster) of the alert, in the language of the message."""
    return settings.SITE_URL + reverse(name, args=[alert.public_id]) + ("?lang=cy" if welsh else "")


def moulds(alert: Alert) -> dict[str, emails.Mould]:
    """The alert's message in each language, rendered and built once: each subscriber's
    copy differs only by their token (in two links and the unsubscribe header) and the
    reference."""
    unsubscribe = unsubscribe_link(PLACEHOLDER)
    made = {}
    for language in (ENGLISH, WELSH):
        welsh = language == WELSH and alert.has_welsh
        subject, text, html = emails.render(
            "alert",
            {
                "title": alert.title_cy if welsh else alert.title,
                "looks_like": alert.looks_like_cy if welsh else alert.looks_like,
                "how_to_spot": alert.how_to_spot_cy if welsh else alert.how_to_spot,
                "what_to_do": alert.what_to_do_cy if welsh else alert.what_to_do,
                "labels": LABELS[WELSH if welsh else ENGLISH],
                "lang": WELSH if welsh else ENGLISH,
                "alert_url": _alert_url("prevention:alert_detail", alert, welsh),
                "poster_url": _alert_url("prevention:alert_poster", alert, welsh),
                "unsubscribe_url": unsubscribe,
                "manage_url": manage_link(PLACEHOLDER),
            },
        )
        made[language] = emails.Mould(
            subject=subject,
            text=text,
            html=html,
            reference=f"alert-{alert.pk}-{SUBSCRIPTION}",
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return made


def message_for(
    delivery: Delivery, subscription: Subscription, made: dict[str, emails.Mould]
) -> emails.Message:
    """The email to one subscriber, with their own links and the one-click unsubscribe
    headers (RFC 8058), named by the delivery's reference."""
    return made[delivery.language].copy_for(
        subscription.email,
        {PLACEHOLDER: manage_token(subscription), SUBSCRIPTION: str(subscription.pk)},
    )


class Pace:
    """At most `per_second` messages a second, by waiting before each when ahead."""

    def __init__(self, per_second: float) -> None:
        self.gap = 1 / per_second if per_second > 0 else 0.0
        self.next_at = time.monotonic()

    def wait(self) -> None:
        now = time.monotonic()
        if self.next_at > now:
            time.sleep(self.next_at - now)
        self.next_at = max(self.next_at, now) + self.gap


def _lease() -> timedelta:
    return timedelta(seconds=settings.FRAUDHUB_ALERTS_LEASE_SECONDS)


def _due(now: datetime) -> Q:
    waiting = Q(status=Delivery.Status.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    abandoned = Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    return waiting | abandoned


@dataclass
class Claimed:
    claim: uuid.UUID
    deliveries: list[Delivery]
    in_doubt: set[int]


def claim_batch(*, alert_id: int, size: int) -> Claimed | None:
    """Claim up to `size` due deliveries of the alert for this run (see the module's
    docstring); None when none is due."""
    now = timezone.now()
    claim = uuid.uuid4()
    with transaction.atomic():
        found = list(
            Delivery.objects.filter(_due(now), alert_id=alert_id)
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "status")[:size]
        )
        if not found:
            return None
        Delivery.objects.filter(_due(now), pk__in=[pk for pk, _ in found]).update(
            status=Delivery.Status.SENDING,
            claim=claim,
            lease_until=now + _lease(),
            attempts=F("attempts") + 1,
        )
    deliveries = list(
        Delivery.objects.filter(claim=claim).select_related("subscription").order_by("pk")
    )
    in_doubt = {pk for pk, status in found if status == Delivery.Status.SENDING}
    return Claimed(claim=claim, deliveries=deliveries, in_doubt=in_doubt)


def _already_sent(connection: BaseEmailBackend, reference: str) -> bool:
    ask = getattr(connection, "already_sent", None)
    return bool(ask(reference)) if ask is not None else False


def _failed(delivery: Delivery, error: str) -> None:
    """Book the next try of a message that failed, or after the last, mark it failed."""
    error = error.replace(delivery.subscription.email, emails.mask(delivery.subscription.email))
    final = delivery.attempts >= settings.FRAUDHUB_ALERTS_ATTEMPTS
    wait = timedelta(seconds=settings.FRAUDHUB_ALERTS_RETRY_SECONDS * 2 ** (delivery.attempts - 1))
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(
        status=Delivery.Status.FAILED if final else Delivery.Status.PENDING,
        last_error=error[:ERROR_LIMIT],
        next_attempt_at=None if final else timezone.now() + wait,
        claim=None,
        lease_until=None,
    )


def send_batch(
    claimed: Claimed,
    *,
    connection: BaseEmailBackend,
    made: dict[str, emails.Mould],
    pace: Pace,
) -> int:
    """Hand each claimed message to the backend, then mark those it took as sent; returns
    how many were sent."""
    sent: list[int] = []
    gone: list[int] = []
    for delivery in claimed.deliveries:
        subscription = delivery.subscription
        if subscription.unsubscribed_at is not None:
            gone.append(delivery.pk)
            continue
        try:
            if delivery.pk in claimed.in_doubt and _already_sent(connection, delivery.reference):
                sent.append(delivery.pk)
                continue
            pace.wait()
            if connection.send_messages([message_for(delivery, subscription, made)]) != 1:
                raise RuntimeError("The email backend did not take the message")
        except Exception as exc:  # any backend's failure: SMTP, the network, Notify
            _failed(delivery, f"{type(exc).__name__}: {exc}")
            continue
        sent.append(delivery.pk)
    Delivery.objects.filter(pk__in=sent, claim=claimed.claim).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        claim=None,
        lease_until=None,
        next_attempt_at=None,
    )
    Delivery.objects.filter(pk__in=gone, claim=claimed.claim).update(
        status=Delivery.Status.CANCELLED, claim=None, lease_until=None, next_attempt_at=None
    )
    return len(sent)


def cancel_open(*, alert_id: int) -> int:
    """Mark the alert's deliveries not yet sent as not to be sent (the alert is withdrawn);
    a row a live run holds is left to that run, which checks the alert between batches."""
    now = timezone.now()
    return Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.SENDING, lease_until__lt=now),
        alert_id=alert_id,
    ).update(status=Delivery.Status.CANCELLED, claim=None, lease_until=None, next_attempt_at=None)


def _published(alert_id: int) -> bool:
    return Alert.objects.filter(pk=alert_id, status=Alert.Status.PUBLISHED).exists()


def _hold(alert_id: int, holder: uuid.UUID) -> bool:
    """Take (or renew) the alert's sending hold; False when another live run has it."""
    now = timezone.now()
    free = Q(held_until__isnull=True) | Q(held_until__lt=now) | Q(holder=holder)
    return bool(
        AlertSending.objects.filter(free, alert_id=alert_id).update(
            holder=holder, held_until=now + _lease()
        )
    )


def _check_later(alert_id: int, at: datetime) -> None:
    """Queue another run for `at` (a backend that cannot run work later, as in tests, is
    not asked: the run in hand finishes the work)."""
    if send_alert_task.get_backend().supports_defer:
        send_alert_task.using(run_after=at).enqueue(alert_id=alert_id)


def send_alert(*, alert_id: int) -> int:
    """Send the alert's due deliveries until none is left; returns how many were sent."""
    AlertSending.objects.get_or_create(alert_id=alert_id)
    open_rows = Delivery.objects.filter(
        alert_id=alert_id, status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    if not open_rows.exists():
        return 0
    if not _published(alert_id):
        cancel_open(alert_id=alert_id)
        return 0
    holder = uuid.uuid4()
    if not _hold(alert_id, holder):
        held = AlertSending.objects.get(alert_id=alert_id).held_until or timezone.now()
        _check_later(alert_id, held + timedelta(seconds=1))
        return 0
    _check_later(alert_id, timezone.now() + _lease() + timedelta(seconds=1))
    alert = Alert.objects.get(pk=alert_id)
    made = moulds(alert)
    pace = Pace(settings.FRAUDHUB_ALERTS_PER_SECOND)
    connection = emails.open_connection(settings.FRAUDHUB_ALERTS_EMAIL_BACKEND)
    sent = 0
    try:
        connection.open()
        while claimed := claim_batch(alert_id=alert_id, size=settings.FRAUDHUB_ALERTS_BATCH):
            sent += send_batch(claimed, connection=connection, made=made, pace=pace)
            _hold(alert_id, holder)
            if not _published(alert_id):
                cancel_open(alert_id=alert_id)
                break
    finally:
        connection.close()
        AlertSending.objects.filter(alert_id=alert_id, holder=holder).update(
            holder=None, held_until=None
        )
    retry_at = open_rows.filter(status=Delivery.Status.PENDING).aggregate(at=Min("next_attempt_at"))
    if retry_at["at"] is not None:
        _check_later(alert_id, retry_at["at"])
    elif not open_rows.exists():
        AlertSending.objects.filter(alert_id=alert_id, finished_at__isnull=True).update(
            finished_at=timezone.now()
        )
    return sent


@task()
def send_alert_task(alert_id: int) -> int:
    """Send a published alert to its subscribers (see the module's docstring)."""
    return send_alert(alert_id=alert_id)
