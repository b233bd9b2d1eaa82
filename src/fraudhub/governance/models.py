"""Partner organisations, who staff work for, and the audit log of access to personal data."""

from django.conf import settings
from django.db import models

from .roles import Permission


class Organisation(models.Model):
    """A partner agency: police, Trading Standards, a council, the hub, a charity or a bank."""

    class Kind(models.TextChoices):
        FRAUD_HUB = "fraud_hub", "Fraud hub (victim care centre)"
        POLICE = "police", "Police"
        TRADING_STANDARDS = "trading_standards", "Trading Standards"
        COUNCIL = "council", "District or borough council"
        CITIZENS_ADVICE = "citizens_advice", "Citizens Advice"
        CHARITY = "charity", "Charity (for example Age UK)"
        BANK = "bank", "Bank or building society"
        NATIONAL = "national", "National reporting centre"
        OTHER = "other", "Other"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    sees_all_reports = models.BooleanField(
        default=False,
        help_text="Staff of this organisation may see every report (the fraud hub itself).",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffProfile(models.Model):
    """Links a staff login to the organisation they work for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class AuditEvent(models.Model):
    """One access to or change of a record: who, when, which record, what action."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        DELETE = "delete", "Deleted"
        SEARCH = "search", "Searched"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(
        max_length=200, help_text="Who acted, kept even if the login is later removed."
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


class Access(models.Model):
    """No table: the owner of the permissions roles grant (roles.GRANTS), so that they are
    Django permissions an administrator sees on each role's group in the admin."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [(p.value, p.label) for p in Permission]
        verbose_name = "what staff may do"

    def __str__(self) -> str:
        return "What staff may do"
