"""Writes for sign-in: API tokens issued and revoked, authenticator apps set up, recovery
codes made. Each runs in one transaction and writes the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent

from . import credentials
from .models import ApiToken, RecoveryCode, RecoveryCodeDevice

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOKEN_USE_RECORDED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    value: str  # shown once: only its digest is kept


class TokenRefused(Exception):
    """The API turns a token away; the message says why and what to do."""


@transaction.atomic
def issue_api_token(*, user: User, name: str, days: int, actor: Actor = None) -> IssuedToken:
    """A new token for `user`'s system, working for `days` days."""
    if days < 1:
        raise ValueError("A token must work for at least a day.")
    value = credentials.new_api_token()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=credentials.token_prefix(value),
        digest=credentials.token_digest(value),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    audit.record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=token,
        detail={"user": user.pk, "expires": token.expires_at.date().isoformat()},
        actor_label=None if actor is not None else "administrator's command",
    )
    return IssuedToken(token=token, value=value)


@transaction.atomic
def revoke_api_tokens(*, user: User, name: str | None = None, actor: Actor = None) -> int:
    """Stop `user`'s working tokens (those called `name`, or all) at once; how many."""
    tokens = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    if name is not None:
        tokens = tokens.filter(name=name)
    now = timezone.now()
    revoked = list(tokens)
    for token in revoked:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=token,
            detail={"revoked": True},
            actor_label=None if actor is not None else "administrator's command",
        )
    return len(revoked)


def authenticate_api_token(value: str) -> ApiToken:
    """The working token with this value, noting when it was last used (at most once a
    minute, to spare the database). Raises TokenRefused saying what is wrong."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=credentials.token_digest(value))
        .first()
    )
    if token is None:
        raise TokenRefused("Invalid token.")
    now = timezone.now()
    state = token.state(now)
    if state == "revoked":
        raise TokenRefused("This token has been revoked. Ask the fraud hub for a new one.")
    if state == "expired":
        raise TokenRefused(
            f"This token expired on {token.expires_at:%-d %B %Y}. Ask the fraud hub for a new one."
        )
    if not token.user.is_active:
        raise TokenRefused("The login this token belongs to is switched off.")
    if token.last_used_at is None or now - token.last_used_at > TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def start_authenticator(*, user: User) -> TOTPDevice:
    """The authenticator app being set up for `user`: a new key, or the one shown already
    if they reload the page before finishing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_authenticator(*, device: TOTPDevice) -> list[str]:
    """Finish setting up an authenticator app once it has shown a right code (see
    second_factor.check_code): it now counts, and the user gets new recovery codes,
    returned to show once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    audit.record(
        actor=device.user, action=AuditEvent.Action.CREATE, obj=device, detail={"confirmed": True}
    )
    return issue_recovery_codes(user=device.user)


@transaction.atomic
def issue_recovery_codes(*, user: User) -> list[str]:
    """Ten new one-use recovery codes for `user` (any old ones stop working). Returned to
    show once; only their hashes are kept."""
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.codes.all().delete()
    codes = [credentials.new_recovery_code() for _ in range(credentials.RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=make_password(credentials.normalise_recovery_code(c)))
        for c in codes
    )
    device.throttle_reset()
    audit.record(
        actor=user, action=AuditEvent.Action.CREATE, obj=device, detail={"codes": len(codes)}
    )
    return codes
