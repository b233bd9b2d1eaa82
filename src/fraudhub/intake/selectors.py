"""Reads for partner intake: imports and quarantined rows a member of staff may see."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import organisation_of
from fraudhub.governance.models import AuditEvent, Organisation
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


def quarantined_row_for(user: User | AnonymousUser, pk: int) -> QuarantinedRow | None:
    """A quarantined row's page: the row as sent, with the victim's details; the look is
    audited."""
    row = quarantine_for(user).filter(pk=pk).first()
    if row is not None:
        audit.record(actor=user, action=AuditEvent.Action.VIEW, obj=row)
    return row


def problems_of(
    user: User | AnonymousUser, pk: int
) -> tuple[ImportRun, list[QuarantinedRow]] | None:
    """An import's quarantined rows for its problems file, which holds each row as sent: the
    download is audited as one export naming every row in it."""
    run = imports_for(user).filter(pk=pk).first()
    if run is None:
        return None
    rows = list(run.quarantined_rows.order_by("row_number"))
    audit.record_list(
        actor=user,
        page=f"problems file of import {run.pk}",
        objects=rows,
        object_type=QuarantinedRow._meta.label_lower,
        action=AuditEvent.Action.EXPORT,
        detail={"import": run.pk, "warnings": len(run.warning_messages)},
    )
    return run, rows


def read_quarantined(row: QuarantinedRow) -> RowResult:
    """A quarantined row read by today's rules, as accepting it unchanged would read it:
    why it still cannot be a report, column by column."""
    return read_row(
        row.raw,
        mappings=mappings.load(row.organisation),
        source=Report.Source.PARTNER_FILE,
        today=timezone.localdate(),
    )
