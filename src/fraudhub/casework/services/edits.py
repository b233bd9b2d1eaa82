"""What every write on a case shares: the edit, claimed at the version the person was
looking at (so two people never silently overwrite each other), the refusals in plain
words, the line in the case's history and the hub's team."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import F
from django.utils import timezone

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation

from ..models import Case, CaseEvent
from ..selectors import is_restricted


class StaleCase(Exception):
    """The case changed since the person loaded it."""

    message = (
        "Someone else changed this case while you were working on it. "
        "Your changes have not been saved: check the case as it is now and make them again."
    )

    def __str__(self) -> str:
        return self.message


class CaseRuleBroken(Exception):
    """A write refused in plain words (a contact rule, a missing consent...)."""


RESTRICTED = (
    "Processing of this case is restricted at the request of a person named in it. "
    "Nothing can be changed, sent or referred until the restriction is lifted."
)


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def hub_team() -> Organisation:
    """The fraud hub team that works the cases (the first organisation of the hub kind)."""
    team = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    if team is None:
        team, _ = Organisation.objects.get_or_create(
            slug="fraud-hub",
            defaults={
                "name": "Fraud hub",
                "kind": Organisation.Kind.FRAUD_HUB,
                "sees_all_reports": True,
            },
        )
    return team


@dataclass(frozen=True)
class Edit:
    """Who is changing which case, and the version of it they were looking at."""

    case: Case
    version: int
    actor: Actor


def _claim(edit: Edit) -> Case:
    """Take the case for this change, or raise StaleCase if it changed since it was read.
    The row stays locked until the transaction ends, so concurrent changes queue up. A
    case whose processing is restricted is not changed at all (no edit, letter or
    referral) until the restriction is lifted."""
    if is_restricted(edit.case):
        raise CaseRuleBroken(RESTRICTED)
    claimed = Case.objects.filter(pk=edit.case.pk, version=edit.version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise StaleCase
    case = Case.objects.select_related("victim").get(pk=edit.case.pk)
    edit.case.version = case.version
    return case


def _event(case: Case, actor: Actor, text: str) -> None:
    CaseEvent.objects.create(case=case, by=_user(actor), text=text[:500])
    audit.record(actor=actor, action=AuditEvent.Action.CHANGE, obj=case, detail={"did": text})
