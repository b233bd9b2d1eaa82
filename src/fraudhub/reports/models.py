"""The core records: a report, the people in it, the scammer's identifiers, the taxonomy,
and what the reporter added later (text and evidence files)."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Lower
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from fraudhub.governance.models import Organisation

from .ages import age_band as band_of_age


class ScamType(models.Model):
    """One kind of scam; administrators can add more in the admin."""

    class Group(models.TextChoices):
        MAIL = "mail", "Post"
        ELECTRONIC = "electronic", "Phone, text, email or online"
        DOORSTEP = "doorstep", "At the door"
        ANY = "any", "Any way"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    group = models.CharField(max_length=16, choices=Group.choices, default=Group.ANY)
    public_hint = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ContactMethod(models.Model):
    """How the scammer first made contact: the channel list."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    sort_order = models.PositiveSmallIntegerField(default=100)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ReferenceSequence(models.Model):
    """The last reference number given out in a year (FH-2026-000123)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class WithheldInMemory(Exception):
    """A record whose withheld fields were emptied for a reader (reports.selectors) must
    never be saved: that would erase what was only hidden."""


class _Guarded(models.Model):
    """A record the sharing policy may empty in memory; such a copy refuses to be saved."""

    withheld_in_memory = False

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.withheld_in_memory:
            raise WithheldInMemory(f"{self} has fields withheld from its reader")
        super().save(*args, **kwargs)


class Report(_Guarded):
    """One report of a scam, from any route, stored once."""

    class Source(models.TextChoices):
        PUBLIC_WEB = "public_web", "Online form"
        PHONE = "phone", "Phone (taken by staff)"
        PARTNER_FORM = "partner_form", "Partner referral form"
        PARTNER_FILE = "partner_file", "Partner file"
        API = "api", "Partner system (API)"
        DEMO = "demo", "Demo data"

    class Status(models.TextChoices):
        NEW = "new", "Received"
        IN_PROGRESS = "in_progress", "Being looked at"
        CLOSED = "closed", "Closed"

    class PaymentMethod(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", "Bank transfer"
        SAFE_ACCOUNT = "safe_account", "Moved to a 'safe account' the caller gave"
        COURIER = "courier", "Handed to a courier who came to collect it"
        CARD = "card", "Debit or credit card"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        GIFT_CARDS = "gift_cards", "Gift cards or vouchers"
        CRYPTO = "crypto", "Cryptocurrency"
        MONEY_TRANSFER = "money_transfer", "Money transfer service"
        OTHER = "other", "Another way"
        NOT_KNOWN = "not_known", "Not known"

    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    tracking_secret_hash = models.CharField(max_length=64, blank=True, editable=False)
    received_date = models.DateField(db_index=True)
    incident_date = models.DateField(null=True, blank=True)
    incident_date_raw = models.CharField(max_length=100, blank=True)
    contact_method = models.ForeignKey(
        ContactMethod, null=True, blank=True, on_delete=models.PROTECT
    )
    scam_type = models.ForeignKey(ScamType, null=True, blank=True, on_delete=models.PROTECT)
    narrative = models.TextField(blank=True)
    still_in_contact = models.BooleanField(
        null=True, blank=True, help_text="The scammer is still in touch or still asking for money."
    )
    still_in_contact_not_sure = models.BooleanField(
        default=False,
        help_text="Asked whether the scammer is still in touch, the person said they were not "
        "sure (still_in_contact is then empty).",
    )
    lost_money = models.BooleanField(null=True, blank=True)
    amount_lost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_lost_raw = models.CharField(max_length=100, blank=True)
    payment_method = models.CharField(max_length=32, choices=PaymentMethod.choices, blank=True)
    amount_recovered = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    amount_recovered_raw = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    source_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    partner_reference = models.CharField(max_length=100, blank=True)
    crime_reference = models.CharField(max_length=100, blank=True)
    reported_elsewhere = models.CharField(max_length=300, blank=True)
    source_hash = models.CharField(
        max_length=64, blank=True, help_text="Fingerprint of the partner's row, to spot changes."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    quality_score = models.PositiveSmallIntegerField(default=0)
    quality_issues = models.JSONField(default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A later report about the same incident (same victim, same scam, within days): staff
    # see it as a likely duplicate to merge, and triage never counts it as another incident.
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="likely_duplicates",
        help_text="The earlier report about the same incident.",
    )
    merged_at = models.DateTimeField(
        null=True, blank=True, help_text="When staff merged this report into the earlier one."
    )
    anonymised_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When its personal details were removed (retention or erasure on request); "
        "what is left serves figures and intelligence.",
    )

    class Meta:
        ordering = ["-received_date", "-id"]
        indexes = [models.Index(fields=["status", "received_date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source_organisation", "partner_reference"],
                condition=~models.Q(partner_reference=""),
                name="one_report_per_partner_reference",
            )
        ]

    def __str__(self) -> str:
        return self.reference or f"report {self.pk}"

    @property
    def how_paid(self) -> str:
        """How the money went, to follow its amount: "by bank transfer", "moved to a 'safe
        account' the caller gave"."""
        return payment_words(self.payment_method)

    @property
    def victim(self) -> Person | None:
        return next((p for p in self.persons.all() if p.role == Person.Role.VICTIM), None)

    @property
    def reporter(self) -> Person | None:
        return next((p for p in self.persons.all() if p.role == Person.Role.REPORTER), None)

    @property
    def reported_by_someone_else(self) -> bool:
        return self.reporter is not None


def payment_words(method: str) -> str:
    """A payment method as words to follow an amount ("" when none is recorded)."""
    label = dict(Report.PaymentMethod.choices).get(method, "")
    if not label:
        return ""
    if method in (Report.PaymentMethod.SAFE_ACCOUNT, Report.PaymentMethod.COURIER):
        return label[0].lower() + label[1:]
    return f"by {label.lower()}"


class Person(_Guarded):
    """Someone named in a report: the victim, the person reporting, a third party, a suspect."""

    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        REPORTER = "reporter", "Reported on their behalf by"
        THIRD_PARTY = "third_party", "Third party"
        SUSPECT = "suspect", "Suspect"

    class Relationship(models.TextChoices):
        FAMILY = "family", "Family member"
        FRIEND = "friend", "Friend or neighbour"
        CARER = "carer", "Carer"
        PROFESSIONAL = "professional", "Professional (for example a social worker or bank)"
        OTHER = "other", "Other"

    class ContactRule(models.TextChoices):
        DIRECT = "direct", "Contact them directly"
        VIA_REPORTER = "via_reporter", "Only through the person who reported it"
        VIA_CARER = "via_carer", "Only through their carer or attorney"
        NO_PHONE = "no_phone", "Do not phone: the scammer may still be in touch"

    class ContactPreference(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    class Vulnerability(models.TextChoices):
        LIVES_ALONE = "lives_alone", "Lives alone"
        COGNITIVE = "cognitive", "Cognitive impairment or dementia"
        BEREAVEMENT = "bereavement", "Recent bereavement"
        DISABILITY = "disability", "Disability"
        MENTAL_HEALTH = "mental_health", "Mental ill health"
        ISOLATION = "isolation", "Social isolation"
        LANGUAGE = "language", "Language barrier"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(max_length=16, choices=Role.choices)
    relationship = models.CharField(max_length=16, choices=Relationship.choices, blank=True)
    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    date_of_birth_raw = models.CharField(max_length=100, blank=True)
    age_raw = models.CharField(max_length=20, blank=True)
    age_at_incident = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode_raw = models.CharField(max_length=40, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    postcode_district = models.CharField(max_length=6, blank=True, db_index=True)
    council = models.CharField(max_length=60, blank=True)
    phone_raw = models.CharField(max_length=60, blank=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    email_raw = models.CharField(max_length=254, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    contact_preference = models.CharField(
        max_length=16, choices=ContactPreference.choices, blank=True
    )
    contact_rule = models.CharField(
        max_length=16, choices=ContactRule.choices, default=ContactRule.DIRECT
    )
    contact_rule_notes = models.TextField(blank=True)
    vulnerability_indicators = models.JSONField(default=list, blank=True)
    vulnerability_notes = models.TextField(blank=True)

    class ConsentBy(models.TextChoices):
        VICTIM = "victim", "The victim"
        ATTORNEY = "attorney", "Someone with lasting power of attorney for them"

    # This person's own answers (None: not asked yet). A person reporting for someone else
    # answers for themselves only: the victim's answers come from the victim, or their
    # attorney, when the hub asks them (see reports.consent.victim_consent).
    consent_to_contact = models.BooleanField(null=True, blank=True)
    consent_to_share = models.BooleanField(null=True, blank=True)
    consent_answered_by = models.CharField(
        max_length=16,
        choices=ConsentBy.choices,
        blank=True,
        help_text="Who gave the answers on contact and sharing, when the hub asked them.",
    )
    consent_attorney_name = models.CharField(max_length=200, blank=True)
    consent_answered_on = models.DateField(null=True, blank=True)
    field_flags = models.JSONField(
        default=dict, blank=True, help_text="Problems found in what was typed, by field."
    )
    anonymised_at = models.DateTimeField(
        null=True, blank=True, help_text="When this person's details were removed."
    )

    class Meta:
        ordering = ["report", "role", "id"]
        # People matching on arrival finds a new victim's possible earlier records by
        # these (phone, email and postcode have their own indexes above).
        indexes = [
            models.Index(Lower("last_name"), Lower("first_name"), name="person_names_lower"),
            models.Index(Lower("first_name"), name="person_given_name_lower"),
            models.Index(fields=["date_of_birth"], name="person_date_of_birth"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.audit_label

    @property
    def audit_label(self) -> str:
        """How the audit log names this person: by role and report, never by name, since
        an audit entry can never be changed (docs/decisions/0010-tamper-evident-audit.md)."""
        return f"{self.get_role_display()} in {self.report}"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)

    @property
    def age_known(self) -> bool:
        return self.age_at_incident is not None

    @property
    def age_band(self) -> str:
        """The band of their age at the time, kept when the exact age is withheld from a
        reader (governance.categories: the band comes with the record)."""
        kept: str | None = self.__dict__.get("kept_age_band")
        return kept if kept is not None else band_of_age(self.age_at_incident)

    def vulnerability_labels(self) -> list[str]:
        labels = dict(self.Vulnerability.choices)
        return [labels.get(v, v) for v in self.vulnerability_indicators]


class Identifier(models.Model):
    """Something the scammer used (a number, an address, an account), raw and normalised."""

    class Kind(models.TextChoices):
        PHONE = "phone", "Phone number"
        EMAIL = "email", "Email address"
        WEBSITE = "website", "Website"
        BANK_ACCOUNT = "bank_account", "Bank account"
        COMPANY = "company", "Company name"
        PERSON_NAME = "person_name", "Name used"
        VEHICLE = "vehicle", "Vehicle registration"
        SOCIAL_MEDIA = "social_media", "Social media"
        CRYPTO_WALLET = "crypto_wallet", "Cryptocurrency wallet"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="identifiers")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    raw = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, blank=True)
    display = models.CharField(max_length=300, blank=True)
    issues = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["report", "kind", "id"]
        indexes = [models.Index(fields=["kind", "normalised"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display or self.raw}"


class ReportUpdate(models.Model):
    """A plain-English entry on the reporter's tracking page."""

    class Kind(models.TextChoices):
        RECEIVED = "received", "Report received"
        UPDATE = "update", "Update"
        STATUS = "status", "Status changed"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.UPDATE)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    emailed_to = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report}: {self.text[:40]}"


class ReportAddition(models.Model):
    """Information and evidence added to a report after it was sent: by the reporter from
    their tracking page, or moved in by staff merging a duplicate report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="additions")
    at = models.DateTimeField(default=timezone.now)
    text = models.TextField(blank=True)
    from_reporter = models.BooleanField(default=True)
    merged_from = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_additions"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.report}: addition of {self.at:%d/%m/%Y}"


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    """A random name under evidence/: nothing the reporter typed reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:6]
    return f"evidence/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A screenshot, photo, letter or statement: checked by its content, photos re-saved
    without location or other metadata, stored under MEDIA_ROOT and never served
    publicly (staff download it through a view that checks they may see the report)."""

    addition = models.ForeignKey(ReportAddition, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


@receiver(post_delete, sender=EvidenceFile)
def _delete_stored_file(sender: type[EvidenceFile], instance: EvidenceFile, **kwargs: Any) -> None:
    """A deleted evidence record (its report erased, say) takes its file with it, once the
    deletion has committed: no photo or statement outlives its record."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
