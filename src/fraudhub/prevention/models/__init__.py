"""Prevention's records: identifiers approved for publication, scam alerts and their
subscribers, look-ups of "check before you pay", warnings to people at risk and awareness
activity. One module a job; each model is imported here so Django finds it."""

from fraudhub.prevention.models.alerts import Alert, Audience, Language
from fraudhub.prevention.models.awareness import AwarenessImport, AwarenessSession
from fraudhub.prevention.models.published import PublishedIdentifier
from fraudhub.prevention.models.warnings import WarningBatch, WarningChannel, WarningRecipient

__all__ = [
    "Alert",
    "Audience",
    "Language",
    "PublishedIdentifier",
    # warnings to people at risk, awareness activity
    "AwarenessImport",
    "AwarenessSession",
    "WarningBatch",
    "WarningChannel",
    "WarningRecipient",
]
