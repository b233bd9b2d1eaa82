"""What is done for the victim on a case: contacts, the needs assessment, the support
plan and the follow-up checks after closing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .cases import Case
from .library import Intervention


class Contact(models.Model):
    """A contact attempt with the victim or the person who speaks for them."""

    class Method(models.TextChoices):
        PHONE = "phone", "Phone"
        LETTER = "letter", "Letter"
        VISIT = "visit", "Visit"
        EMAIL = "email", "Email"

    class With(models.TextChoices):
        VICTIM = "victim", "The victim"
        REPORTER = "reporter", "The person who reported it"
        CARER = "carer", "Their carer or attorney"

    class Outcome(models.TextChoices):
        SPOKE = "spoke", "Spoke to them"
        NO_ANSWER = "no_answer", "No answer"
        LEFT_MESSAGE = "left_message", "Left a message"
        SENT = "sent", "Sent (letter or email)"
        WRONG_DETAILS = "wrong_details", "Wrong contact details"
        DECLINED = "declined", "They declined support"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=8, choices=Method.choices)
    with_whom = models.CharField(max_length=10, choices=With.choices, default=With.VICTIM)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    notes = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="The letter or email sent, as sent.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class NeedsAssessment(models.Model):
    """The structured needs assessment: each need none, some or high, with notes."""

    class Level(models.TextChoices):
        NONE = "none", "No need"
        SOME = "some", "Some need"
        HIGH = "high", "High need"

    AREAS = ("practical", "emotional", "financial", "safeguarding", "digital")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="assessment")
    practical = models.CharField(max_length=4, choices=Level.choices)
    emotional = models.CharField(max_length=4, choices=Level.choices)
    financial = models.CharField(max_length=4, choices=Level.choices)
    safeguarding = models.CharField(max_length=4, choices=Level.choices)
    digital = models.CharField(max_length=4, choices=Level.choices)
    notes = models.TextField(blank=True)
    assessed_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    def __str__(self) -> str:
        return f"Needs assessment for case {self.case_id}"


class PlanItem(models.Model):
    """One action in a victim's support plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_NEEDED = "not_needed", "Not needed"

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plan_items")
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT)
    owner = models.CharField(max_length=120, help_text="Who does it: a person or organisation.")
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    consent_given = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.intervention}: {self.get_status_display()}"


class FollowUp(models.Model):
    """A check with the victim 1, 3 or 6 months after closure: any new approaches?"""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField()
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    new_approach = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            # The queue lists checks still to do; done ones pile up with the hub's history.
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(done_on__isnull=True),
                name="casework_follow_ups_to_do",
            )
        ]

    def __str__(self) -> str:
        return f"{self.months}-month follow-up"
