"""Casework records: the triage figures, a victim's case and everything done on it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.linking.people import PERSON_COLUMNS
from fraudhub.reports.ages import age_band
from fraudhub.reports.models import Person, Report, ScamType

from .lifecycle import LABELS, OPEN, OPEN_VALUES, State
from .triage import TriageRules


class TriageSettings(models.Model):
    """The figures triage uses, changed by an administrator; one row."""

    loss_threshold = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("10000"),
        help_text="A loss of at least this many pounds is level 1.",
    )
    older_age = models.PositiveSmallIntegerField(
        default=70, help_text="Victims this age or older are at least level 2."
    )
    repeat_window_months = models.PositiveSmallIntegerField(
        default=12, help_text="Another report within this many months before is level 1."
    )
    days_level_1 = models.PositiveSmallIntegerField(default=1, help_text="Working days.")
    days_level_2 = models.PositiveSmallIntegerField(default=3, help_text="Working days.")
    days_level_3 = models.PositiveSmallIntegerField(default=5, help_text="Working days.")
    attempts_before_unable = models.PositiveSmallIntegerField(
        default=3, help_text="Contact attempts before a case may be marked unable to contact."
    )

    class Meta:
        verbose_name = verbose_name_plural = "triage settings"

    def __str__(self) -> str:
        return "Triage settings"

    @classmethod
    def current(cls) -> TriageSettings:
        settings_, _ = cls.objects.get_or_create(pk=1)
        return settings_

    def rules(self) -> TriageRules:
        return TriageRules(
            loss_threshold=self.loss_threshold,
            older_age=self.older_age,
            repeat_window_months=self.repeat_window_months,
            days_level_1=self.days_level_1,
            days_level_2=self.days_level_2,
            days_level_3=self.days_level_3,
        )


class Intervention(models.Model):
    """One kind of help a support plan can hold; administrators keep the library."""

    class Need(models.TextChoices):
        PRACTICAL = "practical", "Practical"
        EMOTIONAL = "emotional", "Emotional"
        FINANCIAL = "financial", "Financial"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        DIGITAL = "digital", "Digital"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    need = models.CharField(max_length=16, choices=Need.choices)
    description = models.CharField(max_length=400, blank=True)
    needs_consent = models.BooleanField(
        default=False, help_text="Only with the victim's consent (for example telling their bank)."
    )
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class MessageTemplate(models.Model):
    """Words for letters, emails and tracking-page updates; administrators edit them.
    The body may use {{ first_name }}, {{ reference }}, {{ case_manager }}, {{ team }} and the
    hub's own details: {{ hub_name }}, {{ hub_phone }}, {{ hub_hours }}, {{ hub_email }},
    {{ hub_address }}."""

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        TRACKING = "tracking", "Update on the tracking page"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()

    class Meta:
        ordering = ["channel", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Words that would not fill in are refused here, not when a letter is due."""
        from django.core.exceptions import ValidationError
        from django.template import Template, TemplateSyntaxError

        for name in ("subject", "body"):
            try:
                Template(getattr(self, name))
            except TemplateSyntaxError as exc:
                raise ValidationError({name: f"This cannot be filled in: {exc}"}) from exc


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
