from __future__ import annotations

from django.conf import settings
from django.db import models

from fraudhub.reports.geography import COUNCILS


class AwarenessSession(models.Model):
    """A talk, workshop, training session or stall that told people about scams: who
    delivered it, to whom, where and how many came and were trained."""

    class Kind(models.TextChoices):
        TALK = "talk", "Talk"
        WORKSHOP = "workshop", "Workshop"
        TRAINING = "training", "Training"
        STALL = "stall", "Stall or event"

    class AudienceType(models.TextChoices):
        OLDER_RESIDENTS = "older_residents", "Older residents"
        CARERS = "carers", "Carers and families"
        FRONTLINE_STAFF = "frontline_staff", "Frontline staff"
        VOLUNTEERS = "volunteers", "Volunteers"
        BUSINESSES = "businesses", "Businesses"
        COMMUNITY_GROUPS = "community_groups", "Community groups"
        YOUNG_PEOPLE = "young_people", "Young people and students"
        GENERAL_PUBLIC = "general_public", "General public"

    class Source(models.TextChoices):
        FORM = "form", "Recorded on the form"
        IMPORT = "import", "Imported from a file"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    held_on = models.DateField()
    organisation = models.ForeignKey(
        "governance.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    audience = models.CharField(max_length=20, choices=AudienceType.choices)
    council = models.CharField(max_length=60, choices=[(c, c) for c in COUNCILS])
    attendees = models.PositiveIntegerField()
    trained = models.PositiveIntegerField(default=0, help_text="Of the attendees, how many trained")
    materials = models.TextField(blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        help_text="Of an imported row, so a file imported again adds nothing",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_label = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~models.Q(fingerprint=""),
                name="prevention_awareness_imported_once",
            ),
            models.CheckConstraint(
                condition=models.Q(trained__lte=models.F("attendees")),
                name="prevention_awareness_trained_attended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"

    @property
    def audit_label(self) -> str:
        return f"Awareness session {self.pk}"


class AwarenessImport(models.Model):
    """A file of awareness sessions imported: how many rows were kept and, row by row with
    what was typed, what to fix in the rest, so nothing in the file is lost."""

    filename = models.CharField(max_length=255)
    rows_read = models.PositiveIntegerField(default=0)
    rows_kept = models.PositiveIntegerField(default=0)
    rows_already = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, help_text="Each row not kept: number, values as typed, what to fix"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by_label = models.CharField(max_length=200)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename
