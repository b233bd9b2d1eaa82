"""Reads for partner intake: imports and quarantined rows a member of staff may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone

from fraudhub.governance.audit import organisation_of
from fraudhub.governance.models import Organisation
from fraudhub.reports.models import Report
from fraudhub.reports.selectors import sees_every_report

from . import mappings
from .models import ImportRun, QuarantinedRow
from .referrals import RowResult, read_row


def organisations_user_may_import_for(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """Partners import for themselves; the hub and administrators for any partner."""
    if sees_every_report(user):
        return Organisation.objects.all()
    organisation = organisation_of(user)
    if organisation is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(pk=organisation.pk)


def imports_for(user: User | AnonymousUser) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(
        organisation__in=organisations_user_may_import_for(user)
    ).select_related("organisation", "created_by")


def quarantine_for(user: User | AnonymousUser) -> QuerySet[QuarantinedRow]:
    return QuarantinedRow.objects.filter(
        organisation__in=organisations_user_may_import_for(user)
    ).select_related("organisation", "import_run", "report")


def read_quarantined(row: QuarantinedRow) -> RowResult:
    """A quarantined row read by today's rules, as accepting it unchanged would read it:
    why it still cannot be a report, column by column."""
    return read_row(
        row.raw,
        mappings=mappings.load(row.organisation),
        source=Report.Source.PARTNER_FILE,
        today=timezone.localdate(),
    )
