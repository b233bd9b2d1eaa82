"""Prevention's records: identifiers approved for publication, scam alerts and their
subscribers, look-ups of "check before you pay", warnings to people at risk and awareness
activity. One module a job; each model is imported here so Django finds it."""

from fraudhub.prevention.models.alerts import Alert, Audience, Language
from fraudhub.prevention.models.awareness import AwarenessImport, AwarenessSession
from fraudhub.prevention.models.checks import (
    CheckCount,
    CheckResult,
    ReviewRequest,
    UnmatchedCheck,
)
from fraudhub.prevention.models.published import PublishedIdentifier
from fraudhub.prevention.models.subscriptions import (
    AlertSending,
    Delivery,
    GroupKind,
    Subscription,
)
from fraudhub.prevention.models.warnings import WarningBatch, WarningChannel, WarningRecipient

__all__ = [
    "Alert",
    "AlertSending",
    "Audience",
    "AwarenessImport",
    "AwarenessSession",
    "CheckCount",
    "CheckResult",
    "Delivery",
    "GroupKind",
    "Language",
    "PublishedIdentifier",
    "ReviewRequest",
    "Subscription",
    "UnmatchedCheck",
    "WarningBatch",
    "WarningChannel",
    "WarningRecipient",
]
