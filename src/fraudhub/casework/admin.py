"""What administrators change: the triage figures, the refund rules' figures, the
intervention library and the words of letters, emails and tracking-page updates. Cases themselves are changed only through
the case pages, which check versions and audit every change."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from .models import Bank, Intervention, MessageTemplate, RefundRuleSet, TriageSettings
from .tasks import retriage_open_cases


@admin.register(TriageSettings)
class TriageSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "loss_threshold", "older_age", "repeat_window_months"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not TriageSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        retriage_open_cases.enqueue()
        self.message_user(request, "Open cases are being triaged again with the new figures.")


class RefundRuleSetForm(forms.ModelForm):
    class Meta:
        model = RefundRuleSet
        fields = "__all__"  # noqa: DJ007 - every figure of the version is the administrator's

    def clean_effective_from(self) -> date:
        day: date = self.cleaned_data["effective_from"]
        if day <= timezone.localdate():
            raise ValidationError(
                "The day these figures take effect must be after today: routes and "
                "deadlines already worked out from the figures in effect would change "
                "under the cases that used them"
            )
        return day


@admin.register(RefundRuleSet)
class RefundRuleSetAdmin(admin.ModelAdmin):
    """A change in the rules is a new version with the day it takes effect, after today.
    A version already in effect is kept as it was, so the routes worked out under it can
    be explained later; one not yet in effect may still be corrected or removed, but not
    moved to a day already begun."""

    form = RefundRuleSetForm
    list_display = ["__str__", "effective_from", "app_cap", "app_claim_months", "chargeback_days"]

    def _in_effect(self, obj: object) -> bool:
        return isinstance(obj, RefundRuleSet) and obj.effective_from <= timezone.localdate()

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        if self._in_effect(obj):
            return [field.name for field in RefundRuleSet._meta.fields if not field.primary_key]
        return []

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return super().has_delete_permission(request, obj) and not self._in_effect(obj)


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "need", "needs_consent", "active", "sort_order"]
    list_filter = ["need", "active"]
    list_editable = ["active", "sort_order"]
    search_fields = ["name"]


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "slug"]
    list_filter = ["channel"]

    def get_readonly_fields(self, request: HttpRequest, obj: object = None) -> list[str]:
        return ["slug"] if obj is not None else []  # milestones find their words by slug


@admin.register(Bank)
class BankAdmin(admin.ModelAdmin):
    """The UK banks and building societies offered when a payment is recorded. A bank
    with payments or claims is kept (mark it inactive instead of deleting it)."""

    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    list_editable = ["active"]
    search_fields = ["name"]
