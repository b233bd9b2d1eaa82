"""What "check before you pay" keeps: a count of look-ups a day by kind and result (no
values), the values nobody has published that people checked (kept 30 days, so analysts see
an early sign of a new scam), and owners' requests to review a published identifier."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fraudhub.prevention.models.published import PublishedIdentifier
from fraudhub.reports.models import Identifier


class CheckResult(models.TextChoices):
    MATCH = "match", "Published: warned"
    NO_MATCH = "no_match", "No published match"
    UNREADABLE = "unreadable", "Could not be read"


class CheckCount(models.Model):
    """How many look-ups of one kind had one result on one day. Never the values."""

    day = models.DateField()
    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    result = models.CharField(max_length=16, choices=CheckResult.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day", "kind", "result"]
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "result"], name="prevention_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.result}: {self.count}"


class UnmatchedCheck(models.Model):
    """One person's look-up, on one day, of a value nobody has published. `checker` is a
    keyed hash of the client's address, never the address: it tells different people apart
    over the 30 days the value is kept and nothing more. Deleted 30 days after the day."""

    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300, help_text="As normalised")
    checker = models.CharField(max_length=64)
    day = models.DateField(db_index=True)

    class Meta:
        ordering = ["-day", "kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value", "checker", "day"], name="prevention_unmatched_once"
            )
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value} ({self.day})"


class ReviewRequest(models.Model):
    """The owner of a number, website, address or account asking the hub to review its
    publication (the most common complaint of blocklists: a false positive)."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        WITHDRAWN = "withdrawn", "Withdrawn from checking"
        KEPT = "kept", "Kept published"

    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=300, help_text="How to reach them, as they typed it")
    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    typed = models.CharField(max_length=300, help_text="The identifier as they typed it")
    value = models.CharField(max_length=300, help_text="As normalised")
    reason = models.TextField()
    published = models.ForeignKey(
        PublishedIdentifier,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_requests",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_label = models.CharField(max_length=200, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return f"Review of {self.get_kind_display().lower()} {self.value or self.typed}"

    @property
    def audit_label(self) -> str:
        return f"Review request {self.pk}"
