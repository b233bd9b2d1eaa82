from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from fraudhub.governance import audit
from fraudhub.governance.models import AuditEvent

from .models import ContactMethod, Identifier, Person, Report, ReportUpdate, ScamType


@admin.register(ScamType)
class ScamTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "group", "sort_order", "active"]
    list_filter = ["group", "active"]
    list_editable = ["sort_order", "active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ContactMethod)
class ContactMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "sort_order", "active"]
    list_editable = ["sort_order", "active"]
    prepopulated_fields = {"slug": ["name"]}


class PersonInline(admin.StackedInline):
    model = Person
    extra = 0


class IdentifierInline(admin.TabularInline):
    model = Identifier
    extra = 0


class ReportUpdateInline(admin.TabularInline):
    model = ReportUpdate
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Reports in the admin are for fixing records; every look and change is audited as on
    the staff pages."""

    list_display = ["reference", "received_date", "scam_type", "source", "status", "quality_score"]
    list_filter = ["source", "status", "scam_type"]
    search_fields = ["reference", "partner_reference", "crime_reference"]
    inlines = [PersonInline, IdentifierInline, ReportUpdateInline]
    readonly_fields = ["reference", "created_at", "updated_at"]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET":
            report = self.get_object(request, object_id)
            if report is not None:
                audit.record(
                    actor=request.user,
                    action=AuditEvent.Action.VIEW,
                    obj=report,
                    detail={"where": "admin"},
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [
            f"{formset.prefix}" for formset in formsets if formset.has_changed()
        ]
        audit.record(
            actor=request.user,
            action=AuditEvent.Action.CHANGE if change else AuditEvent.Action.CREATE,
            obj=form.instance,
            detail={"where": "admin", "changed": changed},
        )

    def delete_model(self, request: HttpRequest, obj: Report) -> None:
        audit.record(
            actor=request.user, action=AuditEvent.Action.DELETE, obj=obj, detail={"where": "admin"}
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        audit.record_many(
            actor=request.user,
            action=AuditEvent.Action.DELETE,
            objects=list(queryset),
            detail_for=lambda _: {"where": "admin"},
        )
        super().delete_queryset(request, queryset)
