from django.contrib import admin

from .models import ExcludedIdentifier


@admin.register(ExcludedIdentifier)
class ExcludedIdentifierAdmin(admin.ModelAdmin):
    """Administrators keep values that must not join unrelated reports (run `fraudhub link`
    after a change to recompute every cluster)."""

    list_display = ["value", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]
