"""Seized target lists (scammers' lists of people, seized by police or Trading
Standards), the proactive calls the hub makes to the people on them, and each row as read."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from fraudhub.linking.people import PERSON_COLUMNS

from .cases import Case


class TargetList(models.Model):
    """A scammers' target list seized by police or Trading Standards, as imported."""

    source = models.CharField(max_length=300, help_text="Who seized it, when, from whom.")
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the file, so it is imported once."
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField(default=timezone.now)
    rows = models.PositiveIntegerField(default=0)
    people = models.PositiveIntegerField(default=0)
    in_county = models.PositiveIntegerField(default=0)
    outside_county = models.PositiveIntegerField(default=0)
    county_not_known = models.PositiveIntegerField(default=0)
    known_victims = models.PositiveIntegerField(default=0)
    calls_created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"Target list {self.pk}: {self.source}"[:200]


class ProactiveCall(models.Model):
    """A call to one person on a seized list who lives (or may live) in the county: warn
    them, check whether they were scammed, and offer support."""

    class Status(models.TextChoices):
        TO_CALL = "to_call", "To call"
        NOT_REACHED = "not_reached", "Not reached yet"
        REACHED = "reached", "Reached: advice given"
        DECLINED = "declined", "Declined to talk"
        NOT_KNOWN = "not_known", "Not known at the address"
        VICTIM = "victim", "Was scammed: report taken"

    OPEN_STATUSES = (Status.TO_CALL, Status.NOT_REACHED)

    target_list = models.ForeignKey(TargetList, on_delete=models.CASCADE, related_name="calls")
    name = models.CharField(max_length=210, blank=True)
    address = models.CharField(max_length=400, blank=True)
    postcode = models.CharField(max_length=40, blank=True)
    district = models.CharField(max_length=6, blank=True)
    phone = models.CharField(max_length=60, blank=True)
    email = models.CharField(max_length=254, blank=True)
    date_of_birth = models.CharField(max_length=100, blank=True)
    county_check = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why it is not certain the person lives in the county, if it is not.",
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proactive_calls",
        help_text="The victim's case, when they are already known to the hub.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.TO_CALL)
    attempts = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_calls",
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self) -> str:
        return f"Proactive call {self.pk}: {self.name or 'name not given'}"[:200]

    @property
    def audit_label(self) -> str:
        """How the audit log names the call: by number, never by the person's name."""
        return f"Proactive call {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class TargetListEntry(models.Model):
    """One row of a seized list as typed, the person it was judged to be, where they live
    and whether the hub already knows them."""

    class County(models.TextChoices):
        IN = "in", "In the county"
        OUTSIDE = "outside", "Outside the county"
        NOT_KNOWN = "not_known", "Not known"

    target_list = models.ForeignKey(TargetList, on_delete=models.CASCADE, related_name="entries")
    row_number = models.PositiveIntegerField()
    row_id = models.CharField(max_length=100)
    values = models.JSONField(default=dict, help_text="The row's person columns as typed.")
    person_key = models.PositiveIntegerField(
        help_text="Row number of the first row judged the same person."
    )
    county = models.CharField(max_length=10, choices=County.choices)
    county_reason = models.CharField(max_length=200)
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_list_entries",
    )
    match_score = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    match_reasons = models.JSONField(default=list, blank=True)
    call = models.ForeignKey(
        ProactiveCall, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )

    class Meta:
        ordering = ["target_list", "row_number"]
        verbose_name_plural = "target list entries"

    def __str__(self) -> str:
        return f"Row {self.row_number} ({self.row_id}) of target list {self.target_list_id}"

    @property
    def typed(self) -> str:
        """The row's person columns other than its id, as typed, in one line, in the list
        format's column order (a JSON column need not keep the keys' order)."""
        return ", ".join(str(self.values[c]) for c in PERSON_COLUMNS[1:] if self.values.get(c))
