from __future__ import annotations

import uuid

from django.db import models

from fraudhub.emails import mask
from fraudhub.prevention.models.alerts import Alert, Language


class GroupKind(models.TextChoices):
    """Who a "pass it on" subscriber passes alerts to, so analysts can see the reach."""

    COMMUNITY_GROUP = "community_group", "A community group"
    NEIGHBOURHOOD_WATCH = "neighbourhood_watch", "Neighbourhood Watch"
    CARE_STAFF = "care_staff", "Care staff or the people they care for"
    OTHER = "other", "Another group"


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def active(self) -> SubscriptionQuerySet:
        """Confirmed and not unsubscribed: the only subscribers anything is sent to."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class Subscription(models.Model):
    """Someone who asked for scam alerts by email. Stored only once they confirm (double
    opt-in: until then their choices travel in the signed link we email them), so an
    address typed by someone else is never kept. Unsubscribing keeps the row, marked, so
    nothing more is sent; the data-rights pages find and erase it by the address."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(max_length=254, unique=True, help_text="As confirmed, in lower case")
    whole_county = models.BooleanField(default=True)
    councils = models.JSONField(default=list, blank=True)
    audiences = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    passes_on = models.BooleanField(default=False, help_text="Passes alerts on to others")
    group_kind = models.CharField(max_length=30, choices=GroupKind.choices, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["confirmed_at", "unsubscribed_at"])]

    def __str__(self) -> str:
        return f"Subscription {self.pk}"

    @property
    def audit_label(self) -> str:
        return f"Alert subscription {mask(self.email)}"


class Delivery(models.Model):
    """One alert to one subscriber: made in bulk when the alert is published (once, by the
    unique pair), then claimed, handed to the mail backend and marked (or not sent, when
    the alert is withdrawn or the subscriber unsubscribes first). Its row is the
    delivery log staff read: status, attempts, the last error and when it was sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        # the alert was withdrawn, or the subscriber unsubscribed, before it was sent
        CANCELLED = "cancelled", "Not sent"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A claim: who holds the row while handing it over, and until when (a dead worker's
    # claim runs out, and the row is taken up again).
    claim = models.UUIDField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "subscription"], name="prevention_delivery_once"
            )
        ]
        indexes = [models.Index(fields=["alert", "status"]), models.Index(fields=["claim"])]

    def __str__(self) -> str:
        return f"Delivery {self.pk} ({self.status})"

    @property
    def reference(self) -> str:
        """The message's own name, the same at every attempt: the backend is given it, so a
        message handed over before a crash is recognised and not sent again."""
        return f"alert-{self.alert_id}-{self.subscription_id}"


class AlertSending(models.Model):
    """Which worker is sending an alert now, and until when: one sender an alert, so the
    rate limit holds; a killed worker's hold runs out and the next run carries on."""

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="sending")
    holder = models.UUIDField(null=True, blank=True)
    held_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sending of alert {self.alert_id}"
