"""A victim's case and its history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.reports.ages import age_band
from fraudhub.reports.models import Person, Report, ScamType

from ..lifecycle import LABELS, OPEN, OPEN_VALUES, State


class Case(models.Model):
    """One victim's support from the fraud hub, linking every report they are a victim in."""

    class ClosureReason(models.TextChoices):
        SUPPORT_COMPLETE = "support_complete", "Support complete"
        ADVICE_GIVEN = "advice_given", "Advice given, no plan needed"
        DECLINED = "declined", "Victim declined support"
        UNABLE_TO_CONTACT = "unable_to_contact", "Unable to contact"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        DIED = "died", "Victim died"
        DUPLICATE = "duplicate", "Duplicate case"
        ERASED = "erased", "Victim's details erased on request"

    class Recovered(models.TextChoices):
        YES = "yes", "Yes, all of it"
        PARTLY = "partly", "Some of it"
        NO = "no", "No"
        NOT_APPLICABLE = "not_applicable", "No money was lost"

    team = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    victim = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    reports = models.ManyToManyField(Report, related_name="cases")
    state = models.CharField(
        max_length=20, choices=[(s.value, LABELS[s]) for s in State], default=State.NEW
    )
    level = models.PositiveSmallIntegerField(default=3)
    due_date = models.DateField()
    triage_reasons = models.JSONField(default=list, blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    level_1_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When triage last put the case at level 1 (empty at other levels): the hub's "
        "duty address is emailed then, and the queue counts new ones.",
    )
    duty_told_at = models.DateTimeField(
        null=True, blank=True, help_text="When the hub's duty address was last emailed about it."
    )
    # Copied from the victim and reports at triage, so the queue filters without joins.
    victim_name = models.CharField(max_length=210, blank=True)
    district = models.CharField(max_length=6, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    scam_type = models.ForeignKey(ScamType, null=True, blank=True, on_delete=models.SET_NULL)
    safeguarding_concern = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    opened_on = models.DateField(default=timezone.localdate)
    first_contact_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    first_ended_on = models.DateField(
        null=True,
        blank=True,
        help_text="When support first ended (closed, declined or unable to contact); kept "
        "if the case is reopened, so repeat victimisation can be measured from it.",
    )
    closure_reason = models.CharField(max_length=24, choices=ClosureReason.choices, blank=True)
    impact_at_first_contact = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    impact_at_closure = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    able_to_spot_scams = models.BooleanField(null=True, blank=True)
    money_recovered = models.CharField(max_length=16, choices=Recovered.choices, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # When the reporter last added information or evidence that no one on the team has
    # looked at yet: the queue flags the case until its page is opened.
    new_information_at = models.DateTimeField(null=True, blank=True)
    refund_deadline = models.DateField(
        null=True,
        blank=True,
        help_text="The next deadline to get the victim's money back (a route to claim on, or "
        "a claim's next date), kept when payments or claims change: the queue raises a case "
        "whose deadline is near.",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "due_date", "id"]
        indexes = [
            models.Index(
                fields=["team", "level", "due_date", "id"],
                condition=models.Q(state__in=OPEN_VALUES),
                name="casework_open_queue",
            ),
            models.Index(fields=["team", "state"]),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}: {self.victim_name or 'victim'}"

    @property
    def audit_label(self) -> str:
        """How the audit log names the case: by number, never by the victim's name."""
        return f"Case {self.pk}"

    @property
    def state_label(self) -> str:
        return LABELS[State(self.state)]

    @property
    def is_open(self) -> bool:
        return State(self.state) in OPEN

    def is_overdue(self, today: object = None) -> bool:
        day = today or timezone.localdate()
        return self.first_contact_on is None and self.is_open and self.due_date < day  # type: ignore[operator]

    @property
    def age_band(self) -> str:
        return age_band(self.age)


class CaseEvent(models.Model):
    """A line of the case's history: a move, an assignment, triage, a note."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text
