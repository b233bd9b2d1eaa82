from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent, Organisation, StaffProfile


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "sees_all_reports"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log is read-only, even for administrators."""

    list_display = ["at", "actor_label", "organisation", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type", "organisation"]
    search_fields = ["actor_label", "object_label", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
