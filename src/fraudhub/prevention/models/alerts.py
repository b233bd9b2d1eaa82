from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from fraudhub.prevention.models.published import PublishedIdentifier


class Audience(models.TextChoices):
    OLDER_RESIDENTS = "older_residents", "Older residents"
    CARERS = "carers", "Carers and families"
    PROFESSIONALS = "professionals", "Professionals"
    BUSINESSES = "businesses", "Businesses"
    EVERYONE = "everyone", "Everyone"


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    WELSH = "cy", "Cymraeg (Welsh)"


class Alert(models.Model):
    """A scam alert: drafted by one analyst, approved by another before anyone sees it
    (four eyes), then published on the public pages, in the feed, on posters and to the
    subscribers it is for. English always; Welsh where a Welsh text is given."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Waiting for approval"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=150)
    looks_like = models.TextField(help_text="What the scam looks like")
    how_to_spot = models.TextField(help_text="How to spot it")
    what_to_do = models.TextField(help_text="What to do")
    title_cy = models.CharField(max_length=150, blank=True)
    looks_like_cy = models.TextField(blank=True)
    how_to_spot_cy = models.TextField(blank=True)
    what_to_do_cy = models.TextField(blank=True)
    scam_type = models.ForeignKey(
        "reports.ScamType", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    whole_county = models.BooleanField(default=True)
    councils = models.JSONField(
        default=list, blank=True, help_text="District councils it is for, when not the whole county"
    )
    audiences = models.JSONField(default=list, blank=True, help_text="Audience values")
    cluster = models.ForeignKey(
        "linking.Cluster", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identifiers = models.ManyToManyField(PublishedIdentifier, blank=True, related_name="alerts")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_by_label = models.CharField(max_length=200)
    drafted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_label = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by_label = models.CharField(max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-published_at", "-drafted_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def has_welsh(self) -> bool:
        return bool(
            self.title_cy and self.looks_like_cy and self.how_to_spot_cy and self.what_to_do_cy
        )
