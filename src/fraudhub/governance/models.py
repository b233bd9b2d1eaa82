"""Partner organisations, who staff work for, and the audit log of access to personal data."""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models

from .audit_chain import CHAIN_VERSION
from .categories import CATEGORY_LABELS, Category
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


def agreement_document_path(instance: "SharingAgreement", filename: str) -> str:
    """Stored under a random name (the uploader's name is kept in document_name), so no
    typed name becomes a path."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"agreements/{secrets.token_hex(16)}{suffix}"


class SharingAgreement(models.Model):
    """A data-sharing agreement between partner organisations. While it is in force (from
    its start date up to and including its end date, unless ended early) each party's
    records are released to every other party, but only the categories of data it names
    (governance.policy applies it to every read)."""

    title = models.CharField(max_length=200)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_agreements",
        help_text="The organisation that keeps the agreement up to date and reviews it.",
    )
    parties = models.ManyToManyField(
        Organisation,
        related_name="sharing_agreements",
        help_text="Every organisation that shares and receives under the agreement.",
    )
    purpose = models.TextField()
    lawful_basis = models.TextField()
    categories = models.JSONField(
        default=list,
        blank=True,
        help_text="What each party's records release: "
        + "; ".join(f"{c.value} ({CATEGORY_LABELS[c]})" for c in Category)
        + ".",
    )
    starts_on = models.DateField()
    review_on = models.DateField()
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day it is in force; none for open-ended."
    )
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was ended early: sharing stopped then."
    )
    ended_reason = models.TextField(blank=True)
    shows_counts = models.BooleanField(
        default=False,
        help_text="Parties may see how many of the other parties' records they cannot open "
        "(for example, that a cluster holds reports of other organisations).",
    )
    document = models.FileField(upload_to=agreement_document_path, max_length=200, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    review_warned_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the owners were last emailed that the review date had passed.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        return f"Data-sharing agreement: {self.title}"[:200]

    def in_force_on(self, day: date) -> bool:
        """From its start date to its end date inclusive, unless it has been ended."""
        return (
            self.ended_at is None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
        )

    def review_overdue_on(self, day: date) -> bool:
        """Its review date has passed while it is in force or yet to start."""
        return (
            self.ended_at is None
            and self.review_on < day
            and (self.ends_on is None or day <= self.ends_on)
        )

    def status_on(self, day: date) -> str:
        """In words, for pages: "In force", "Not in force yet", "Ended", "Expired"."""
        if self.ended_at is not None:
            return "Ended"
        if day < self.starts_on:
            return "Not in force yet"
        if self.ends_on is not None and day > self.ends_on:
            return "Expired"
        return "In force"

    @property
    def category_set(self) -> frozenset[Category]:
        return frozenset(Category(c) for c in self.categories if c in Category._value2member_map_)

    def category_labels(self) -> list[str]:
        return [CATEGORY_LABELS[c] for c in Category if c in self.category_set]


class StaffProfile(models.Model):
    """Links a staff login to the organisation they work for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="staff")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})"


class AuditIsAppendOnly(Exception):
    """The audit log is only ever added to: no entry may be changed or removed."""


_SEALING: ContextVar[bool] = ContextVar("sealing", default=False)
CHAIN_FIELDS = frozenset({"sequence", "previous_hash", "hash"})


@contextmanager
def sealing() -> Iterator[None]:
    """While the chain is being extended, entries not yet chained may be given their place
    and hashes: nothing else about any entry may change."""
    token = _SEALING.set(True)
    try:
        yield
    finally:
        _SEALING.reset(token)


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        if _SEALING.get() and set(kwargs) <= CHAIN_FIELDS:
            return models.QuerySet.update(self.filter(sequence__isnull=True), **kwargs)
        raise AuditIsAppendOnly("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditIsAppendOnly("Audit entries cannot be removed.")


class AuditEvent(models.Model):
    """One access to or change of a record: who, when, which record, what action. Entries
    are chained (governance/audit_chain.py): each holds the hash of the one before."""

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        DELETE = "delete", "Deleted"
        SEARCH = "search", "Searched"
        ERASE = "erase", "Erased or anonymised"

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(
        max_length=200, help_text="Who acted, kept even if the login is later removed."
    )
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)
    organisation_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="The organisation they acted for, kept even if it is later removed.",
    )
    action = models.CharField(max_length=16, choices=Action.choices)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # The ids of the login and organisation when the entry was written, chained with it
    # (from chain version 2), so moving an entry to someone else is caught by audit-verify.
    actor_key = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False, help_text="The login's id when written."
    )
    organisation_key = models.PositiveBigIntegerField(
        null=True, blank=True, editable=False, help_text="The organisation's id when written."
    )
    chain_version = models.PositiveSmallIntegerField(
        default=CHAIN_VERSION, db_default=CHAIN_VERSION, editable=False
    )
    seal = models.CharField(
        max_length=64,
        blank=True,
        db_default="",
        editable=False,
        help_text="The application's seal.",
    )
    # Given when the transaction that wrote the entry commits (audit.seal_pending).
    sequence = models.PositiveBigIntegerField(
        null=True, blank=True, unique=True, help_text="Its place in the chain."
    )
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditIsAppendOnly("Audit entries cannot be removed.")


class AuditChainHead(models.Model):
    """The chain's latest entry: one row, updated with every entry added, so that adding
    an entry takes a write lock first and entries are numbered one after another."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit entry {self.sequence}"


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


class RetentionRule(models.Model):
    """How long one kind of record is kept before it is anonymised or erased
    (governance.retention names the kinds and their defaults). An administrator sets it."""

    kind = models.CharField(max_length=32, unique=True)
    keep_days = models.PositiveIntegerField(help_text="Days kept after the record's start date.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.keep_days} days"


class RetentionRun(models.Model):
    """One run of the retention schedule: what it found due and what it did, by kind."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    run_by = models.CharField(max_length=200, help_text="Who started it, or 'schedule'.")
    counts = models.JSONField(default=dict, blank=True, help_text="Records done, by kind.")
    held = models.JSONField(
        default=dict, blank=True, help_text="Records due but kept for a legal hold, by kind."
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"retention run of {self.started_at:%Y-%m-%d %H:%M}"


class RecordFlag(models.Model):
    """A flag an administrator or data protection officer puts on one record, with a
    reason, until it is lifted with a reason: named by type and id like audit entries, so
    governance knows no feature's models."""

    object_type = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_by_label = models.CharField(max_length=200)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_by_label = models.CharField(max_length=200, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-set_at", "-id"]

    def __str__(self) -> str:
        return f"{self.object_label or self.object_type} ({self.reason[:40]})"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class LegalHold(RecordFlag):
    """While active, retention and erasure leave the record (a report, case or person)
    alone: it is needed for a prosecution, a complaint or an inquiry."""

    class Meta(RecordFlag.Meta):
        indexes = [models.Index(fields=["object_type", "object_id"])]


class Restriction(RecordFlag):
    """Restriction of processing a person asked for (UK GDPR article 18; DPA 2018 s.47):
    their records are kept, but not linked, exported, shared or shown beyond a notice."""

    class Meta(RecordFlag.Meta):
        indexes = [models.Index(fields=["object_type", "object_id"])]


class Rectification(models.Model):
    """A correction of one field at the person's request: what it said, what it says now,
    why and who. Kept beside the record (not in the audit log, which cannot be erased)."""

    object_type = models.CharField(max_length=64)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=64)
    field_label = models.CharField(max_length=100)
    was = models.TextField(blank=True)
    now = models.TextField(blank=True)
    reason = models.TextField()
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.field_label} corrected"


class SentEmail(models.Model):
    """An email the hub queued (fraudhub/emails.py) and how its sending went, so staff
    see the ones that failed. The address is kept masked: the message itself and the
    record it is about hold the real one."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        RETRYING = "retrying", "Failed, to be tried again"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed on every attempt"

    key = models.CharField(max_length=32, unique=True)
    name = models.CharField("message", max_length=60)
    recipients = models.CharField("to", max_length=300)
    reference = models.CharField("about", max_length=100, blank=True)
    link = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField()
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["status", "queued_at"])]
        verbose_name = "message sent"
        verbose_name_plural = "messages sent"

    def __str__(self) -> str:
        return f"{self.name} to {self.recipients}"
