"""Subject access: finding a person's records, and gathering everything held about them
(their details in each report, the reports, their support cases, the links the system
made, corrections, restrictions, holds, and the audit of who saw or changed them) into a
zip with a readable document and machine-readable JSON. Other people named in their
reports are third parties: only their role is given."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from fraudhub.casework.models import Case
from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, LegalHold, Rectification, Restriction
from fraudhub.hub import hub_details
from fraudhub.linking.models import ClusterMember, PersonGroupMember, PersonPair
from fraudhub.linking.people import ScoredPair, group_people
from fraudhub.linking.persons.services import newest_decisions
from fraudhub.reports.models import Person, Report
from fraudhub.reports.references import read_reference

# Each field of a person held, and how the readable document names it.
PERSON_FIELDS = {
    "title": "Title",
    "first_name": "First name",
    "last_name": "Last name",
    "date_of_birth": "Date of birth",
    "date_of_birth_raw": "Date of birth as given",
    "age_at_incident": "Age at the time",
    "address_line1": "Address line 1",
    "address_line2": "Address line 2",
    "town": "Town",
    "postcode_raw": "Postcode as given",
    "postcode": "Postcode",
    "postcode_district": "Postcode district",
    "council": "Council area",
    "phone_raw": "Phone as given",
    "phone": "Phone",
    "email_raw": "Email as given",
    "email": "Email",
    "contact_preference": "How you prefer to be contacted",
    "contact_rule": "How we may contact you",
    "contact_rule_notes": "Notes on contacting you",
    "vulnerability_indicators": "Circumstances that may make you vulnerable",
    "vulnerability_notes": "Notes on your circumstances",
    "consent_to_contact": "Agreed to be contacted",
    "consent_to_share": "Agreed to details being shared with partners",
    "consent_answered_by": "Who answered about consent",
    "consent_answered_on": "When consent was answered",
}


@dataclass(frozen=True)
class Search:
    name: str = ""
    date_of_birth: date | None = None
    reference: str = ""


def find_people(search: Search) -> list[Person]:
    """Person records matching a name and date of birth, or named in a report (by its
    reference): one row per report they are in. Erased people are never found."""
    people = Person.objects.filter(anonymised_at__isnull=True).select_related("report")
    if search.reference.strip():
        reference = read_reference(search.reference) or search.reference.strip().upper()
        return list(people.filter(report__reference=reference).exclude(role="suspect"))
    words = search.name.split()
    if not words or search.date_of_birth is None:
        return []
    query = Q(date_of_birth=search.date_of_birth)
    for word in words:
        query &= Q(first_name__iexact=word) | Q(last_name__iexact=word) | Q(title__iexact=word)
    return list(people.filter(query).exclude(role="suspect"))


# A person's rights (a copy of their data, erasure, restriction) act on the records
# linked to theirs at this likelihood or more, or confirmed by an analyst. Links the
# model makes between 70% and this are good enough to count a repeat victim, not to send
# one person another's details or erase them (decision 0019).
RIGHTS_LINK_AT = 0.8


def subject_records(person: Person) -> list[Person]:
    """The person's records across reports: this one, those linked to it as the same
    person at RIGHTS_LINK_AT or more or by an analyst's decision, and those with the same
    name and date of birth."""
    ids = {person.pk}
    member = PersonGroupMember.objects.filter(person=person).first()
    if member is not None:
        ids |= _surely_theirs(
            person.pk,
            set(
                PersonGroupMember.objects.filter(group_id=member.group_id).values_list(
                    "person_id", flat=True
                )
            ),
        )
    if person.date_of_birth and person.last_name:
        ids |= set(
            Person.objects.filter(
                date_of_birth=person.date_of_birth,
                last_name__iexact=person.last_name,
                first_name__iexact=person.first_name,
            ).values_list("pk", flat=True)
        )
    return list(
        Person.objects.filter(pk__in=ids, anonymised_at__isnull=True)
        .select_related("report", "report__scam_type", "report__contact_method")
        .order_by("report__received_date", "pk")
    )


def _surely_theirs(person_id: int, group: set[int]) -> set[int]:
    """The records of `group` in the person's group when it is formed again, as the
    linking run forms groups (analysts' decisions first, never against a split), from
    the pairs at RIGHTS_LINK_AT or more."""
    same, different = newest_decisions(group)
    pairs = [
        ScoredPair(left, right, probability, {})
        for left, right, probability in PersonPair.objects.filter(
            left_id__in=group, right_id__in=group
        ).values_list("left_id", "right_id", "probability")
    ]
    group_of = group_people(
        sorted(group), pairs, same=same, different=different, threshold=RIGHTS_LINK_AT
    )
    return {member for member, found in group_of.items() if found == group_of[person_id]}


def _person(person: Person) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(person, f) for f in PERSON_FIELDS}
    values |= {"record": person.pk, "report": str(person.report), "role": person.get_role_display()}
    return values


def _report(report: Report, subject_ids: set[int]) -> dict[str, Any]:
    return {
        "reference": str(report),
        "received_date": report.received_date,
        "incident_date": report.incident_date,
        "source": report.get_source_display(),
        "sent_by": str(report.source_organisation or ""),
        "scam_type": str(report.scam_type or ""),
        "contact_method": str(report.contact_method or ""),
        "what_happened": report.narrative,
        "lost_money": report.lost_money,
        "amount_lost": report.amount_lost,
        "payment_method": report.get_payment_method_display(),
        "amount_recovered": report.amount_recovered,
        "crime_reference": report.crime_reference,
        "status": report.get_status_display(),
        "anonymised_at": report.anonymised_at,
        "others_named": [
            f"{p.get_role_display()} (a third party: their details are not given)"
            for p in report.persons.all()
            if p.pk not in subject_ids and p.role != Person.Role.SUSPECT
        ],
        "scammer_identifiers": [
            {"kind": i.get_kind_display(), "as_given": i.raw} for i in report.identifiers.all()
        ],
        "updates": [{"at": u.at, "text": u.text} for u in report.updates.all()],
        "added_information": [
            {"at": a.at, "text": a.text, "files": [f.original_name for f in a.files.all()]}
            for a in report.additions.all()
        ],
    }


def _case(case: Case) -> dict[str, Any]:
    assessment = getattr(case, "assessment", None)
    return {
        "case": case.pk,
        "state": case.state_label,
        "level": case.level,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "closure_reason": case.get_closure_reason_display(),
        "reports": [str(r) for r in case.reports.all()],
        "contacts": [
            {
                "at": c.at,
                "method": c.get_method_display(),
                "with": c.get_with_whom_display(),
                "outcome": c.get_outcome_display(),
                "notes": c.notes,
                "sent": c.body,
            }
            for c in case.contacts.all()
        ],
        "needs_assessment": (
            {area: getattr(assessment, area) for area in assessment.AREAS}
            | {"notes": assessment.notes}
            if assessment is not None
            else None
        ),
        "support_plan": [
            {
                "what": str(item.intervention),
                "who": item.owner,
                "status": item.get_status_display(),
                "notes": item.notes,
            }
            for item in case.plan_items.select_related("intervention")
        ],
        "referrals": [
            {"to": str(r.organisation), "why": r.reason, "status": r.get_status_display()}
            for r in case.referrals.select_related("organisation")
        ],
        "history": [{"at": e.at, "text": e.text} for e in case.events.all()],
    }


def _flags(model: type[LegalHold] | type[Restriction], ids: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "record": f.object_label,
            "reason": f.reason,
            "from": f.set_at,
            "until": f.lifted_at,
        }
        for f in model.objects.filter(object_type="reports.person", object_id__in=ids)
    ]


def _lists_naming(named: dict[str, set[str]]) -> list[int]:
    """Entries for a page that listed several records (a list, a queue, search results:
    one entry naming each record shown) that showed one of these records. The ids are
    read from each such entry, as JSON is queried differently by each database."""
    found: list[int] = []
    lists = AuditEvent.objects.filter(object_id="", object_type__in=list(named)).values_list(
        "pk", "object_type", "detail"
    )
    for pk, kind, detail in lists.iterator(2000):
        shown = detail.get("ids", []) if isinstance(detail, dict) else []
        if named[kind].intersection(str(i) for i in shown):
            found.append(pk)
    return found


def gather(people: list[Person]) -> dict[str, Any]:
    """Everything held about the person whose records these are, as plain data."""
    ids = [p.pk for p in people]
    subject = set(ids)
    report_ids = sorted({p.report_id for p in people})
    reports = (
        Report.objects.filter(pk__in=report_ids)
        .select_related("scam_type", "contact_method", "source_organisation")
        .prefetch_related("persons", "identifiers", "updates", "additions__files")
        .order_by("received_date", "pk")
    )
    cases = (
        Case.objects.filter(Q(victim__in=ids) | Q(reports__in=report_ids))
        .distinct()
        .order_by("opened_on", "pk")
    )
    case_ids = [c.pk for c in cases]
    groups = PersonGroupMember.objects.filter(person__in=ids).values_list("group_id", flat=True)
    linked = (
        PersonGroupMember.objects.filter(group__in=groups)
        .select_related("person__report")
        .order_by("group_id", "person_id")
    )
    clusters = ClusterMember.objects.filter(report__in=report_ids).select_related("report")
    named = {
        "reports.person": {str(i) for i in ids},
        "reports.report": {str(i) for i in report_ids},
        "casework.case": {str(i) for i in case_ids},
    }
    seen = AuditEvent.objects.filter(
        Q(object_type="reports.person", object_id__in=named["reports.person"])
        | Q(object_type="reports.report", object_id__in=named["reports.report"])
        | Q(object_type="casework.case", object_id__in=named["casework.case"])
        | Q(pk__in=_lists_naming(named))
    ).order_by("at", "id")
    return {
        "about": "Everything Fraud Hub holds about you, as asked for under the UK GDPR "
        "(article 15) and the Data Protection Act 2018 (section 45).",
        "controller": hub_details().name,
        "made_on": timezone.now(),
        "your_details": [_person(p) for p in people],
        "reports": [_report(r, subject) for r in reports],
        "support_cases": [_case(c) for c in cases],
        "links": {
            "same_person_records": [
                {
                    "report": str(m.person.report),
                    "group": m.group_id,
                    "linked_as": "the same person",
                }
                for m in linked
            ],
            "clusters": [
                {
                    "report": str(m.report),
                    "cluster": m.cluster_id,
                    "why": "reports naming the same scammer's phone, email, website or account",
                }
                for m in clusters
            ],
        },
        "corrections": [
            {"at": r.at, "detail": r.field_label, "was": r.was, "now": r.now, "why": r.reason}
            for r in Rectification.objects.filter(object_type="reports.person", object_id__in=ids)
        ],
        "restrictions": _flags(Restriction, ids),
        "legal_holds": _flags(LegalHold, ids),
        "who_saw_or_changed_your_records": [
            {
                "at": e.at,
                "who": e.actor_label,
                "organisation": e.organisation_label,
                "did": e.get_action_display(),
                "record": e.object_label,
                "why": _why(e.detail),
            }
            for e in seen
        ],
    }


def _why(detail: dict[str, Any]) -> str:
    """The reason the reader gave for looking, as they gave it ("Other" gives way to what
    they wrote), or "" where none was asked."""
    if not isinstance(detail, dict):
        return ""
    return str(detail.get("reason_given") or detail.get("reason") or "")


def _readable(person: Person, key: str) -> str:
    """A detail as the person reads it: a choice by its words, never its stored code;
    a consent not yet asked says so; nothing held says so."""
    value = getattr(person, key)
    if key == "vulnerability_indicators":
        return "; ".join(person.vulnerability_labels()) or "None recorded"
    if key.startswith("consent_to_"):
        return {True: "Yes", False: "No"}.get(value, "Not asked yet")
    display = getattr(person, f"get_{key}_display", None)
    if display is not None and value:
        return str(display())
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    return str(value) if value not in (None, "") else "Not given"


def export_zip(*, actor: Actor, people: list[Person]) -> tuple[str, bytes]:
    """The zip for the person: subject-access.html to read, subject-access.json for
    machines. Recorded in the audit as an export of each of their records."""
    from .privacy import notice_facts  # privacy reads the schedule through rights.selectors

    facts = notice_facts()
    data = gather(people)
    # What article 15 asks besides the data: purposes, recipients, retention, rights.
    data["how_we_use_it"] = {
        "controller": facts["controller"],
        "data_protection_officer": facts["dpo_email"],
        "recipients": [vars(r) for r in facts["recipients"]],
        "retention": [vars(r) for r in facts["retention"]],
        "complaints": "the Information Commissioner's Office, ico.org.uk/make-a-complaint",
    }
    as_json = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    details = [
        {
            "heading": f"As {person.get_role_display().lower()} in report {person.report}",
            "rows": [(label, _readable(person, key)) for key, label in PERSON_FIELDS.items()],
        }
        for person in people
    ]
    document = render_to_string(
        "rights/subject_access_document.html", {"data": data, "details": details, **facts}
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.html", document)
        archive.writestr("subject-access.json", as_json)
    audit.record_many(
        actor=actor,
        action="export",
        objects=people,
        detail_for=lambda _: {"subject_access": True},
    )
    name = f"subject-access-{timezone.localdate():%Y-%m-%d}-{people[0].pk}.zip"
    return name, buffer.getvalue()
