"""Anonymising and erasing: what retention does when a record's time is up, and what an
erasure on request does. One path for both, so a report anonymised by either looks alike.
Every record touched gets an "erase" entry in the audit log (which itself is never erased:
decision 0012)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone

from fraudhub.casework.lifecycle import State
from fraudhub.casework.models import (
    Case,
    CaseEvent,
    Contact,
    FollowUp,
    NeedsAssessment,
    PartnerReferral,
    PlanItem,
)
from fraudhub.governance import audit
from fraudhub.governance.access import Actor, signed_in
from fraudhub.governance.models import Rectification
from fraudhub.linking.models import PersonDecision, PersonGroupMember, PersonPair
from fraudhub.reports.models import Person, Report, ReportAddition, ReportUpdate

# What anonymising a person clears: everything that names, locates or describes them.
# Kept: their role, relationship, age at the time, postcode district and council (figures).
PERSON_CLEARED: dict[str, Any] = {
    "title": "",
    "first_name": "",
    "last_name": "",
    "date_of_birth": None,
    "date_of_birth_raw": "",
    "age_raw": "",
    "address_line1": "",
    "address_line2": "",
    "town": "",
    "postcode_raw": "",
    "postcode": "",
    "phone_raw": "",
    "phone": "",
    "email_raw": "",
    "email": "",
    "contact_rule_notes": "",
    "vulnerability_indicators": [],
    "vulnerability_notes": "",
    "consent_attorney_name": "",
    "field_flags": {},
}

# What anonymising a report clears besides its people. Kept: reference, dates, source,
# scam type, contact method, amounts, payment method, status, quality score, the partner's
# reference (so a file sent again is recognised, not stored again) and the identifiers.
REPORT_CLEARED: dict[str, Any] = {
    "narrative": "",
    "incident_date_raw": "",
    "amount_lost_raw": "",
    "amount_recovered_raw": "",
    "crime_reference": "",
    "reported_elsewhere": "",
    "tracking_secret_hash": "",
}


def log_erasure(*, actor: Actor, objects: Sequence[Model], why: str, what: str) -> None:
    """An "erase" entry in the audit log for each record, saying why and what went; done by
    "retention" when no one is signed in."""
    audit.record_many(
        actor=actor,
        action="erase",
        objects=objects,
        detail_for=lambda _: {"why": why, "erased": what},
        actor_label=None if signed_in(actor) is not None else "retention",
    )


def anonymise_people(persons: Iterable[Person], *, actor: Actor, why: str) -> int:
    """Clear each person's details, unlink them from other people, drop corrections of
    them, and log each. Returns how many were anonymised."""
    people = [p for p in persons if p.anonymised_at is None]
    if not people:
        return 0
    ids = [p.pk for p in people]
    now = timezone.now()
    with transaction.atomic():
        Person.objects.filter(pk__in=ids).update(**PERSON_CLEARED, anonymised_at=now)
        PersonGroupMember.objects.filter(person_id__in=ids).delete()
        PersonPair.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids)).delete()
        PersonDecision.objects.filter(Q(left_id__in=ids) | Q(right_id__in=ids)).delete()
        Rectification.objects.filter(object_type="reports.person", object_id__in=ids).delete()
        log_erasure(actor=actor, objects=people, why=why, what="person")
    return len(people)


def anonymise_reports(reports: Iterable[Report], *, actor: Actor, why: str) -> int:
    """Anonymise each report and everyone in it; added information, evidence files and
    updates go (their files once the deletion commits). Returns how many reports."""
    chosen = [r for r in reports if r.anonymised_at is None]
    if not chosen:
        return 0
    ids = [r.pk for r in chosen]
    with transaction.atomic():
        anonymise_people(
            Person.objects.filter(report_id__in=ids, anonymised_at__isnull=True),
            actor=actor,
            why=why,
        )
        # One by one, so each evidence file's record takes its stored file with it.
        for addition in ReportAddition.objects.filter(report_id__in=ids).prefetch_related("files"):
            for stored in addition.files.all():
                stored.delete()
            addition.delete()
        ReportUpdate.objects.filter(report_id__in=ids).delete()
        Rectification.objects.filter(object_type="reports.report", object_id__in=ids).delete()
        # Only the demo data's mark is kept of the partner's extra columns.
        reports = Report.objects.filter(pk__in=ids)
        now = timezone.now()
        reports.filter(extra__has_key="demo").update(
            **REPORT_CLEARED, extra={"demo": True}, anonymised_at=now
        )
        reports.filter(anonymised_at__isnull=True).update(
            **REPORT_CLEARED, extra={}, anonymised_at=now
        )
        log_erasure(actor=actor, objects=chosen, why=why, what="report")
    return len(chosen)


def anonymise_cases(cases: Iterable[Case], *, actor: Actor, why: str) -> int:
    """Remove each case's notes, contacts, assessment and follow-ups and anonymise its
    reports; its dates, level, outcome measures and referrals (without reasons) stay."""
    chosen = [c for c in cases if c.victim_name or not _case_done(c)]  # not done before
    if not chosen:
        return 0
    ids = [c.pk for c in chosen]
    with transaction.atomic():
        Contact.objects.filter(case_id__in=ids).delete()
        FollowUp.objects.filter(case_id__in=ids).delete()
        NeedsAssessment.objects.filter(case_id__in=ids).delete()
        CaseEvent.objects.filter(case_id__in=ids).delete()
        PlanItem.objects.filter(case_id__in=ids).update(notes="")
        PartnerReferral.objects.filter(case_id__in=ids).update(reason="")
        Case.objects.filter(pk__in=ids).update(victim_name="")
        _close(ids)
        anonymise_reports(Report.objects.filter(cases__in=ids).distinct(), actor=actor, why=why)
        anonymise_people(Person.objects.filter(cases__in=ids).distinct(), actor=actor, why=why)
        log_erasure(actor=actor, objects=chosen, why=why, what="case")
    return len(chosen)


ENDED = (State.CLOSED, State.DECLINED, State.UNABLE_TO_CONTACT)


def _close(ids: list[int]) -> None:
    """Cases still being worked end with their victim's details: closed today, nobody
    assigned, the reason saying the details were erased (a retention run erases only
    cases already closed, which keep their own reason)."""
    today = timezone.localdate()
    still_open = Case.objects.filter(pk__in=ids).exclude(state__in=ENDED)
    still_open.filter(first_ended_on__isnull=True).update(first_ended_on=today)
    still_open.update(
        state=State.CLOSED,
        closed_on=today,
        closure_reason=Case.ClosureReason.ERASED,
        assigned_to=None,
        version=F("version") + 1,  # an edit begun before the erasure cannot save over it
    )


def _case_done(case: Case) -> bool:
    """A case whose reports are all anonymised is done, even if it had no name."""
    return not case.reports.filter(anonymised_at__isnull=True).exists()
