from __future__ import annotations

from django.conf import settings
from django.db import models


class WarningChannel(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"


class WarningBatch(models.Model):
    """Warnings to a confirmed campaign's victims about recovery scams and the campaign's
    next move: prepared by a case manager, checked victim by victim, approved as a whole."""

    class Status(models.TextChoices):
        PREPARED = "prepared", "Prepared, not sent"
        SENDING = "sending", "Approved, sending"
        SENT = "sent", "Approved and sent"

    campaign = models.ForeignKey(
        "linking.ConfirmedCampaign", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("governance.Organisation", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(
        max_length=8,
        choices=WarningChannel.choices,
        help_text="How to send when the victim has no preference of their own",
    )
    next_move = models.TextField(help_text="What the campaign is expected to do next")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREPARED)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_by_label = models.CharField(max_length=200)
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_label = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]

    def __str__(self) -> str:
        return f"Warning batch {self.pk}"

    @property
    def audit_label(self) -> str:
        return f"Warning batch {self.pk}"


class WarningRecipient(models.Model):
    """One victim's case in a batch: how the warning goes to them, or why it does not."""

    batch = models.ForeignKey(WarningBatch, on_delete=models.CASCADE, related_name="recipients")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(
        max_length=8, choices=WarningChannel.choices, blank=True, help_text="Empty: not sent"
    )
    not_sent_because = models.CharField(max_length=200, blank=True)
    contact = models.ForeignKey(
        "casework.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The warning as recorded on the case, once sent",
    )

    class Meta:
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "case"], name="prevention_warned_once")
        ]

    def __str__(self) -> str:
        return f"Case {self.case_id} in warning batch {self.batch_id}"
