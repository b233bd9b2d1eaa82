"""Casework records: the triage figures, a victim's case and everything done on it. Each
job has its module; every model is imported here, so Django finds them all and callers
import from `fraudhub.casework.models`."""

from .cases import Case, CaseEvent
from .library import Intervention, MessageTemplate, TriageSettings
from .referrals import PartnerReferral
from .refund_rules import RefundRuleSet
from .support import Contact, FollowUp, NeedsAssessment, PlanItem
from .target_lists import ProactiveCall, TargetList, TargetListEntry

__all__ = [
    "Case",
    "CaseEvent",
    "Contact",
    "FollowUp",
    "Intervention",
    "MessageTemplate",
    "NeedsAssessment",
    "PartnerReferral",
    "PlanItem",
    "ProactiveCall",
    "RefundRuleSet",
    "TargetList",
    "TargetListEntry",
    "TriageSettings",
]
