"""Casework records: the triage figures, a victim's case and everything done on it. Each
job has its module; every model is imported here, so Django finds them all and callers
import from `fraudhub.casework.models`."""

from .cases import Case, CaseEvent
from .library import Intervention, MessageTemplate, TriageSettings
from .payments import Bank, Claim, Payment, RecoveryLetter
from .referrals import PartnerReferral
from .refund_rules import RefundRuleSet
from .support import Contact, FollowUp, NeedsAssessment, PlanItem
from .target_lists import ProactiveCall, TargetList, TargetListEntry

__all__ = [
    "Bank",
    "Case",
    "CaseEvent",
    "Claim",
    "Contact",
    "FollowUp",
    "Intervention",
    "MessageTemplate",
    "NeedsAssessment",
    "PartnerReferral",
    "Payment",
    "PlanItem",
    "ProactiveCall",
    "RecoveryLetter",
    "RefundRuleSet",
    "TargetList",
    "TargetListEntry",
    "TriageSettings",
]
