"""Referrals of a victim to a partner organisation."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from fraudhub.governance.models import Organisation

from .cases import Case


class PartnerReferral(models.Model):
    """The case referred to a partner organisation, and what became of it."""

    class Status(models.TextChoices):
        SENT = "sent", "Sent"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        COMPLETED = "completed", "Completed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    sent_on = models.DateField(default=timezone.localdate)
    updated_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_status_display()}"
