"""What administrators keep for casework: the triage figures, the library of help a
support plan draws on, and the words of letters, emails and tracking-page updates."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from ..triage import TriageRules


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
        RECOVERY = "recovery", "Letter to a bank or the ombudsman about a claim"

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
