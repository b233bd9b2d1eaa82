"""Links between reports: clusters of reports that share a scammer's identifier, and the
values administrators exclude from linking because they would join unrelated reports."""

from __future__ import annotations

from django.db import models

from fraudhub.reports.models import Identifier, Report

LINKING_KINDS = (
    Identifier.Kind.PHONE,
    Identifier.Kind.EMAIL,
    Identifier.Kind.WEBSITE,
    Identifier.Kind.BANK_ACCOUNT,
    Identifier.Kind.VEHICLE,
    Identifier.Kind.COMPANY,
    Identifier.Kind.CRYPTO_WALLET,
)


class ExcludedIdentifier(models.Model):
    """A normalised value that must not link reports (159, a bank's own number, webmail)."""

    kind = models.CharField(max_length=16, choices=Identifier.Kind.choices)
    value = models.CharField(max_length=300, help_text="As normalised: +441727123456, gmail.com")
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="linking_excluded_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class Cluster(models.Model):
    """Reports joined by shared identifiers: likely one campaign or one group."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cluster {self.pk}"


class ClusterMember(models.Model):
    """A report's place in a cluster; a report is in at most one."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="cluster_member")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")

    def __str__(self) -> str:
        return f"{self.report} in {self.cluster}"
