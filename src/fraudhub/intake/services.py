"""Writes for intake: a single referral from a partner's form or system, deciding on
quarantined rows, and sending a caller the link to track a report taken by phone. A
partner's referral file is imported by `file_imports.py`."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from fraudhub import emails, sms
from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.hub import hub_details
from fraudhub.reports.inputs import ReportSubmission
from fraudhub.reports.models import Report, ReportUpdate
from fraudhub.reports.services import CreatedReport, create_reports, update_report

from . import mappings as value_mappings
from .models import QuarantinedRow
from .referrals import RowResult, read_row

logger = logging.getLogger(__name__)


def submit_referral(
    *, values: dict[str, Any], organisation: Organisation, source: str, actor: Actor
) -> tuple[RowResult, Report | None, str]:
    """One referral (a partner's form or API call), by the same rules as a file row.
    Returns the row result, the report and what happened: "created", "updated",
    "unchanged" or "refused" (with the reasons in the result)."""
    result = read_row(
        values,
        mappings=value_mappings.load(organisation),
        source=source,
        today=timezone.localdate(),
    )
    if result.submission is None:
        return result, None, "refused"
    submission = result.submission
    submission.organisation = organisation
    try:
        return _store_referral(result, submission, organisation, actor)
    except IntegrityError:
        # The same new reference arrived twice at once: the other request created it.
        return _store_referral(result, submission, organisation, actor)


def _store_referral(
    result: RowResult, submission: ReportSubmission, organisation: Organisation, actor: Actor
) -> tuple[RowResult, Report | None, str]:
    with transaction.atomic():
        current = (
            Report.objects.select_for_update()
            .filter(
                source_organisation=organisation, partner_reference=submission.partner_reference
            )
            .first()
        )
        if current is None:
            created: list[CreatedReport] = create_reports(submissions=[submission], actor=actor)
            return result, created[0].report, "created"
        if current.source_hash == submission.source_hash:
            return result, current, "unchanged"
        update_report(report=current, submission=submission, actor=actor)
        return result, current, "updated"


def accept_quarantined(
    *, row: QuarantinedRow, values: dict[str, Any], actor: Actor
) -> tuple[RowResult, Report | None]:
    """Accept a quarantined row once staff have corrected it; if it still cannot be a
    report, nothing changes and the reasons come back."""
    result, report, outcome = submit_referral(
        values=values, organisation=row.organisation, source=Report.Source.PARTNER_FILE, actor=actor
    )
    if report is None:
        return result, None
    row.status = QuarantinedRow.Status.ACCEPTED
    row.report = report
    row.decided_by = actor if actor is not None and actor.is_authenticated else None
    row.decided_at = timezone.now()
    row.save()
    return result, report


def discard_quarantined(*, row: QuarantinedRow, reason: str, actor: Actor) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("Enter why this row is being discarded")
    row.status = QuarantinedRow.Status.DISCARDED
    row.discard_reason = reason
    row.decided_by = actor if actor is not None and actor.is_authenticated else None
    row.decided_at = timezone.now()
    row.save()


# --- Sending a caller the link to track a report taken by phone -------------------------


class LinkChannel:
    EMAIL = "email"
    TEXT = "text"
    LETTER = "letter"


def _timeline_text(channel: str, to: str) -> str:
    """What the reporter's timeline (and so staff) read about the link sent: no link."""
    if channel == LinkChannel.EMAIL:
        return "We emailed you your reference and the private link to track this report."
    if channel == LinkChannel.TEXT:
        return (
            "We sent your reference and the private link to track this report by text "
            f"message, to the number ending {to[-3:]}."
        )
    return (
        "We printed a letter with your reference and the private link to track this report, "
        "to post to you."
    )


def send_tracking_link(
    *, report: Report, tracking_path: str, channel: str, to: str = "", actor: Actor
) -> ReportUpdate:
    """Send a caller their reference and private tracking link by email or text, or record
    that a letter with them was printed. The sending is put on the report's timeline and
    audited; neither, nor the log, holds the link."""
    if channel not in (LinkChannel.EMAIL, LinkChannel.TEXT, LinkChannel.LETTER):
        raise ValueError(f"No way to send a link called {channel!r}")
    if channel != LinkChannel.LETTER and not to:
        raise ValueError("Give the address or number to send the link to")
    tracking_url = f"{settings.SITE_URL}{tracking_path}"
    reference = report.reference or ""
    with transaction.atomic():
        update = ReportUpdate.objects.create(
            report=report,
            kind=ReportUpdate.Kind.UPDATE,
            text=_timeline_text(channel, to),
            author=actor if actor is not None and actor.is_authenticated else None,
            emailed_to=to if channel == LinkChannel.EMAIL else "",
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=report,
            detail={"tracking_link_sent": channel, "added_update": update.pk},
        )
        if channel == LinkChannel.EMAIL:
            context = {
                "reference": reference,
                "tracking_url": tracking_url,
                "track_url": f"{settings.SITE_URL}/track/",
            }
            link = reverse("staff:report_detail", args=[reference]) if reference else ""
            transaction.on_commit(
                lambda: emails.send("tracking-link", to, context, reference=reference, link=link)
            )
        elif channel == LinkChannel.TEXT:
            body = (
                f"Your scam report reference is {reference}. See what happens to it: "
                f"{tracking_url} Keep this link private. {hub_details().name}: "
                f"{hub_details().phone}"
            )
            transaction.on_commit(lambda: _text_quietly(report.pk, to=to, body=body))
    logger.info("Tracking link for report %s: %s", report.pk, channel)
    return update


def _text_quietly(report_id: int, *, to: str, body: str) -> None:
    """A provider's failure is logged (without the message) rather than lost in a 500 after
    the sending was recorded."""
    try:
        sms.send_text(to=to, body=body)
    except Exception:  # noqa: BLE001 - any provider's error
        logger.error("Text message with the tracking link for report %s failed", report_id)
