"""Partner intake: each import of a file, the rows that could not be reports, and how
partners' wording maps onto the taxonomy."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from fraudhub.governance.models import Organisation
from fraudhub.reports.models import ContactMethod, Report, ScamType

SUMMARY_KEYS = ("rows", "created", "updated", "unchanged", "quarantined", "warnings")


class ImportRun(models.Model):
    """One import of a referral file, from the command line or the browser."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Could not be imported"
        INTERRUPTED = "interrupted", "Stopped before the end"

    class Encoding(models.TextChoices):
        """How the file's bytes were read as text (fraudhub/tabular)."""

        UTF8 = "utf-8", "UTF-8"
        WINDOWS_1252 = "windows-1252", "Windows-1252 (the file is not UTF-8)"
        UTF8_DAMAGED = (
            "utf-8-damaged",
            "UTF-8, with some bytes that are not UTF-8 (the rows holding them are quarantined)",
        )
        WORKBOOK = "xlsx", "Excel workbook"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="imports")
    filename = models.CharField(max_length=255)
    stored_path = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    encoding = models.CharField(max_length=16, choices=Encoding.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the import was started (a stopped one is retried)."
    )
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="When the running import last saved its progress."
    )
    total_bytes = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    quarantined = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    warning_messages = models.JSONField(
        default=list, blank=True, help_text="Row number and message of each warning (first 10,000)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.organisation})"

    def summary(self) -> dict[str, int]:
        """The import's counts, in the order the command prints them."""
        return {key: getattr(self, key) for key in SUMMARY_KEYS}

    @property
    def percent_done(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, int(100 * self.bytes_done / self.total_bytes)) if self.total_bytes else 0


class QuarantinedRow(models.Model):
    """A row that cannot be a report as sent: kept whole, with why, until staff correct
    and accept it or discard it with a reason."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a decision"
        ACCEPTED = "accepted", "Corrected and accepted"
        DISCARDED = "discarded", "Discarded"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="quarantined_rows"
    )
    filename = models.CharField(max_length=255)
    row_number = models.PositiveIntegerField()
    raw = models.JSONField(help_text="The row exactly as sent, by column.")
    fingerprint = models.CharField(max_length=64)
    reasons = models.JSONField(default=list)
    field_reasons = models.JSONField(
        default=dict, blank=True, help_text="Problems found in one column, by column name."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    discard_reason = models.TextField(blank=True)
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fingerprint"], name="one_quarantine_per_row_content"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filename} row {self.row_number}"


class ValueMapping(models.Model):
    """How a partner's wording ("Doorstep crime", "NFIB: courier") maps onto the taxonomy.
    Without an organisation it applies to every partner."""

    class Kind(models.TextChoices):
        SCAM_TYPE = "scam_type", "Scam type"
        CONTACT_METHOD = "contact_method", "Contact method"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.CharField(
        max_length=200, help_text="The wording partners use; case and punctuation do not matter."
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE)
    scam_type = models.ForeignKey(ScamType, null=True, blank=True, on_delete=models.CASCADE)
    contact_method = models.ForeignKey(
        ContactMethod, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "text", "organisation"], name="one_mapping_per_text"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="scam_type", scam_type__isnull=False, contact_method__isnull=True)
                )
                | (
                    models.Q(
                        kind="contact_method", contact_method__isnull=False, scam_type__isnull=True
                    )
                ),
                name="mapping_points_at_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} → {self.scam_type or self.contact_method}"
