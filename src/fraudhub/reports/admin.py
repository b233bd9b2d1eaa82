from django.contrib import admin

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
    list_display = ["reference", "received_date", "scam_type", "source", "status", "quality_score"]
    list_filter = ["source", "status", "scam_type"]
    search_fields = ["reference", "partner_reference", "crime_reference"]
    inlines = [PersonInline, IdentifierInline, ReportUpdateInline]
    readonly_fields = ["reference", "created_at", "updated_at"]
