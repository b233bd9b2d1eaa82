from django.contrib import admin
from django.http import HttpRequest

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

    def has_add_permission(self, request: HttpRequest) -> bool:
        """An import starts from an uploaded file, never from a blank form."""
        return False


@admin.register(QuarantinedRow)
class QuarantinedRowAdmin(admin.ModelAdmin):
    list_display = ["filename", "row_number", "organisation", "status", "created_at"]
    list_filter = ["status", "organisation"]
    readonly_fields = ["raw", "fingerprint", "reasons", "import_run", "filename", "row_number"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Rows are quarantined by imports; a blank one would have no row to correct."""
        return False
