"""API tokens and recovery codes in the admin: seen and revoked, never shown or made here
(`fraudhub api-token` issues a token and prints it once). To reset someone's second
factor, delete their TOTP device: they set up a new app at their next sign-in."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import ApiToken, RecoveryCodeDevice


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "state", "expires_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            count += services.revoke_api_tokens(
                user=token.user,
                name=token.name,
                actor=request.user,
            )
        self.message_user(request, f"Revoked {count} token(s).")


@admin.register(RecoveryCodeDevice)
class RecoveryCodeDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "name", "confirmed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
