"""API tokens, kept only as digests, and recovery codes for the second factor, hashed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils import timezone
from django_otp.models import Device, ThrottlingMixin

from . import credentials


class ApiToken(models.Model):
    """A partner system's key to the API. Only a digest of the token is stored: the token
    itself is shown once, when issued. It works until it expires or is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What uses it, like 'Case system'.")
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell tokens apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state(self, now: Any = None) -> str:
        """ "active", "expired" or "revoked"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """One-use recovery codes for when the authenticator app is not to hand. Each code is
    stored hashed like a password; a wrong code slows the next try (1, 2, 4... seconds)."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"
        verbose_name_plural = "recovery codes"

    def unused(self) -> models.QuerySet[RecoveryCode]:
        return self.codes.filter(used_at__isnull=True)

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        typed = credentials.normalise_recovery_code(str(token))
        for code in self.unused().order_by("pk"):
            if typed and check_password(typed, code.digest):
                code.used_at = timezone.now()
                code.save(update_fields=["used_at"])
                self.throttle_reset()
                return True
        self.throttle_increment()
        return False

    def get_throttle_factor(self) -> int:
        return 1


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=200)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "used recovery code" if self.used_at else "recovery code"
