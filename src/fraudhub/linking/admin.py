from django.contrib import admin

from fraudhub.governance.admin import ReadOnlyAdmin

from .models import CampaignBridge, CampaignDecision, ExcludedIdentifier, PersonDecision


@admin.register(ExcludedIdentifier)
class ExcludedIdentifierAdmin(admin.ModelAdmin):
    """Administrators keep values that must not join unrelated reports (run `fraudhub link`
    after a change to recompute every cluster)."""

    list_display = ["value", "kind", "reason"]
    list_filter = ["kind"]
    search_fields = ["value", "reason"]


@admin.register(CampaignDecision)
class CampaignDecisionAdmin(ReadOnlyAdmin):
    """Analysts' decisions to join or keep apart campaigns, made on the bridge page."""

    list_display = ["kind", "value", "join", "decided_by_label", "decided_at"]
    list_filter = ["kind", "join"]


@admin.register(CampaignBridge)
class CampaignBridgeAdmin(ReadOnlyAdmin):
    """Reports naming identifiers of two campaigns, kept by the linking run."""

    list_display = ["report", "kind", "value", "anchor"]
    list_filter = ["kind"]


@admin.register(PersonDecision)
class PersonDecisionAdmin(ReadOnlyAdmin):
    """Analysts' decisions that two records are, or are not, one person."""

    list_display = ["left", "right", "same", "decided_by", "decided_at"]
    list_filter = ["same"]
