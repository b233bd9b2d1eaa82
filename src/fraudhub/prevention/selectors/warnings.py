"""Reads for warnings to people at risk: a confirmed campaign's victims as the case
manager's team may reach them, and the batches prepared. Only cases of the reader's own
team, on reports the sharing policy lets them see with the victim's contact details,
never a restricted one; each look at a victim is audited."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from fraudhub.casework.models import Case
from fraudhub.casework.selectors import contact_rules_by_case, restricted_q, team_of
from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor
from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent
from fraudhub.linking import campaign_selectors
from fraudhub.linking.models import ClusterMember, ConfirmedCampaign
from fraudhub.prevention.models import WarningBatch
from fraudhub.prevention.warning_rules import Reach, reach
from fraudhub.reports.consent import victim_consent
from fraudhub.reports.selectors import released_q, visible_reports


@dataclass(frozen=True)
class Victim:
    """A victim a warning is for, and how it would reach them."""

    case: Case
    reach: Reach


def campaigns(user: Actor) -> list[ConfirmedCampaign]:
    """Confirmed campaigns with a report the reader may see, newest first."""
    return campaign_selectors.confirmed_campaigns(user)


def campaign(user: Actor, campaign_id: int) -> ConfirmedCampaign | None:
    return campaign_selectors.confirmed_campaign(user, campaign_id)


def _cases(user: Actor, confirmed: ConfirmedCampaign) -> QuerySet[Case]:
    team = team_of(user)
    if team is None or confirmed.cluster_id is None:
        return Case.objects.none()
    reader = policy.reader_for(user)
    seen = visible_reports(user, reader).filter(released_q(reader, Category.VICTIM_CONTACT))
    in_campaign = ClusterMember.objects.filter(
        cluster_id=confirmed.cluster_id, report__in=seen
    ).values("report_id")
    return (
        Case.objects.filter(team=team, reports__in=in_campaign)
        .exclude(restricted_q())
        .distinct()
        .select_related("victim", "victim__report")
        .prefetch_related("victim__report__persons")
        .order_by("victim_name", "id")
    )


def victims(user: Actor, confirmed: ConfirmedCampaign, *, chosen: str) -> list[Victim]:
    """The campaign's victims with a case on the reader's team, each with the channel a
    warning would go by (or why not), by warning_rules.reach. Audited as viewed."""
    cases = list(_cases(user, confirmed))
    rules = contact_rules_by_case(c.pk for c in cases)
    found = []
    for case in cases:
        person = case.victim
        found.append(
            Victim(
                case=case,
                reach=reach(
                    rules=rules.get(case.pk, set()) | {person.contact_rule},
                    consent_to_contact=victim_consent(person.report).contact,
                    preference=person.contact_preference,
                    chosen=chosen,
                    has_email=bool(person.email),
                    has_postal_address=bool(person.address_line1 and person.postcode),
                ),
            )
        )
    if cases:
        audit.record_list(
            actor=user, page=f"victims of campaign {confirmed.pk} to warn", objects=cases
        )
    return found


def batches(user: Actor) -> QuerySet[WarningBatch]:
    """The reader's team's warning batches, newest first."""
    team = team_of(user)
    if team is None:
        return WarningBatch.objects.none()
    return WarningBatch.objects.filter(team=team).select_related("campaign")


def batch(user: Actor, batch_id: int) -> WarningBatch | None:
    """One of the team's batches with its recipients (never one on a restricted case);
    the victims shown are audited as viewed."""
    found = batches(user).filter(pk=batch_id).first()
    if found is None:
        return None
    recipients = list(
        found.recipients.exclude(restricted_q("case"))
        .select_related("case", "case__victim", "contact")
        .order_by("case__victim_name", "id")
    )
    found.shown_recipients = recipients  # type: ignore[attr-defined]
    if recipients:
        audit.record_many(
            actor=user,
            action=AuditEvent.Action.VIEW,
            objects=[r.case for r in recipients],
            detail_for=lambda case: {"via": f"warning batch {found.pk}"},
        )
    return found
