from django.contrib import admin

from .models import ImportRun, QuarantinedRow, ValueMapping


@admin.register(ValueMapping)
class ValueMappingAdmin(admin.ModelAdmin):
    """Administrators extend how partners' wording maps onto the taxonomy."""

    list_display = ["text", "kind", "scam_type", "contact_method", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["text"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "organisation",
        "status",
        "created_at",
        "rows",
        "created",
        "updated",
        "unchanged",
        "quarantined",
    ]
    list_filter = ["status", "organisation"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(QuarantinedRow)
class QuarantinedRowAdmin(admin.ModelAdmin):
    list_display = ["filename", "row_number", "organisation", "status", "created_at"]
    list_filter = ["status", "organisation"]
    readonly_fields = ["raw", "fingerprint", "reasons", "import_run", "filename", "row_number"]
