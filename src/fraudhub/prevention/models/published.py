from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from fraudhub.reports.models import Identifier


class PublishedIdentifier(models.Model):
    """An identifier an analyst approved for the public to check ("check before you pay")
    and for alerts to name: who approved it, when and why. Withdrawing it keeps the record
    (who withdrew it, when, why) and stops the public seeing it at once."""

    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300, help_text="As normalised: +441727123456, example.com")
    display = models.CharField(max_length=300, help_text="As the public is shown it")
    reason = models.TextField(help_text="Why the public may be told of it")
    cluster = models.ForeignKey(
        "linking.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_label = models.CharField(max_length=200)
    approved_at = models.DateTimeField()
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by_label = models.CharField(max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["kind", "value", "-approved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                condition=Q(withdrawn_at__isnull=True),
                name="prevention_published_once",
            )
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display}"

    @property
    def is_published(self) -> bool:
        return self.withdrawn_at is None
