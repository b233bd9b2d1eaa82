"""Referrals of the victim to a partner organisation, and their progress."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from fraudhub.governance.models import Organisation
from fraudhub.reports.consent import may_share_contact

from ..models import PartnerReferral
from .edits import CaseRuleBroken, Edit, _claim, _event


def refer(*, edit: Edit, organisation: Organisation, reason: str) -> PartnerReferral:
    """Refer the victim to a partner, only if they agreed to their details being shared."""
    with transaction.atomic():
        case = _claim(edit)
        sharing = may_share_contact(case.victim.report, to_organisation_id=organisation.pk)
        if not sharing.allowed:
            raise CaseRuleBroken(sharing.reason)
        referral = PartnerReferral.objects.create(
            case=case, organisation=organisation, reason=reason.strip()
        )
        _event(case, edit.actor, f"Referred to {organisation.name}")
        return referral


def update_referral(*, edit: Edit, referral: PartnerReferral, status: str) -> PartnerReferral:
    with transaction.atomic():
        case = _claim(edit)
        referral.status = status
        referral.updated_on = timezone.localdate()
        referral.save()
        _event(
            case,
            edit.actor,
            f"Referral to {referral.organisation.name}: {referral.get_status_display().lower()}",
        )
        return referral
