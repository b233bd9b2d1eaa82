from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from . import audit
from .models import (
    AuditEvent,
    LegalHold,
    Organisation,
    Rectification,
    Restriction,
    RetentionRule,
    RetentionRun,
    SentEmail,
    SharingAgreement,
    StaffProfile,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to administrators, never changed here: these records change only on their own
    pages, which check the change and write it to the audit log."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "sees_all_reports"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        """Letting an organisation see every report discloses every victim's details to its
        staff, so giving or taking it away is written to the audit log."""
        super().save_model(request, obj, form, change)
        if "sees_all_reports" in form.changed_data or (not change and obj.sees_all_reports):
            audit.record(
                actor=request.user,
                action=AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE,
                obj=obj,
                detail={
                    "sees_all_reports": obj.sees_all_reports,
                    "why": "may now see every report"
                    if obj.sees_all_reports
                    else "may no longer see every report",
                },
            )


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]
    list_filter = ["organisation"]

    def save_model(self, request: HttpRequest, obj: StaffProfile, form: Any, change: bool) -> None:
        """Moving someone to another organisation changes every record they may read, so
        it is written to the audit log with the organisations before and after."""
        before = form.initial.get("organisation") if change else None
        super().save_model(request, obj, form, change)
        if "organisation" in form.changed_data:
            was = Organisation.objects.filter(pk=before).first() if before else None
            audit.record(
                actor=request.user,
                action=AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE,
                obj=obj,
                detail={
                    "organisation": {
                        "from": was.slug if was is not None else "",
                        "to": obj.organisation.slug if obj.organisation_id else "",
                    },
                    "why": "may now read what this organisation may read",
                },
            )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit log is read-only, even for administrators."""

    list_display = ["at", "actor_label", "organisation", "action", "object_type", "object_label"]
    list_filter = ["action", "object_type", "organisation"]
    search_fields = ["actor_label", "object_label", "object_id"]


@admin.register(SharingAgreement)
class SharingAgreementAdmin(ReadOnlyAdmin):
    """Agreements are made, changed and ended on the agreements pages (audited)."""

    list_display = ["title", "owner", "starts_on", "review_on", "ends_on", "ended_at"]
    list_filter = ["owner"]
    search_fields = ["title"]


@admin.register(LegalHold)
class LegalHoldAdmin(ReadOnlyAdmin):
    """Placed and lifted on the data rights pages, with a reason (audited)."""

    list_display = ["object_type", "object_label", "set_at", "set_by_label", "lifted_at"]
    list_filter = ["object_type"]
    search_fields = ["object_label", "object_id"]


@admin.register(Restriction)
class RestrictionAdmin(LegalHoldAdmin):
    """Placed and lifted on the data rights pages, with a reason (audited)."""


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    """Corrections made on the data rights pages (audited)."""

    list_display = ["object_type", "object_id", "field_label", "at", "by_label"]
    list_filter = ["object_type"]


@admin.register(RetentionRule)
class RetentionRuleAdmin(ReadOnlyAdmin):
    """Periods set on the retention page, each change audited with the old and new number."""

    list_display = ["kind", "keep_days", "updated_at", "updated_by"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "dry_run", "run_by"]
    list_filter = ["dry_run"]


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyAdmin):
    """The emails the hub sent or tried to send, failed ones first to find (filter by
    status): read-only, since the record says what happened."""

    list_display = [
        "queued_at",
        "name",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "about",
    ]
    list_filter = ["status", "name"]
    search_fields = ["reference", "name"]

    @admin.display(description="About", ordering="reference")
    def about(self, obj: SentEmail) -> str:
        """The record the email was about, linked to its page when it has one."""
        if obj.link.startswith("/"):
            return format_html('<a href="{}">{}</a>', obj.link, obj.reference or obj.link)
        return obj.reference
