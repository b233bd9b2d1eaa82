"""What the hub already knows of a report being typed, before it is saved: how many
reports share the scammer's number (and in which campaign), and whether the victim may
have reported before. Counted and listed only over the reports the asker may see."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from fraudhub.governance import audit
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.events import EarlierReport, KnownBefore, KnownIdentifier
from fraudhub.reports.inputs import ReportSubmission
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.preparation import Taxonomy, prepare
from fraudhub.reports.selectors import sees_every_report, visible_reports
from fraudhub.templatetags.govuk import phone_display

from .arrival import candidate_ids, name_frequencies, score_arrival
from .models import LINKING_KINDS, ClusterMember, ExcludedIdentifier, PersonGroupMember
from .people import MATCH_THRESHOLD
from .persons.services import PERSON_FIELDS, person_for_matching

NOUNS: dict[str, str] = {
    Identifier.Kind.PHONE: "number",
    Identifier.Kind.EMAIL: "email address",
    Identifier.Kind.WEBSITE: "website",
    Identifier.Kind.BANK_ACCOUNT: "account",
}
EARLIER_SHOWN = 10  # the newest; the case page and search have the rest


def known_before_for(user: Actor, submission: ReportSubmission) -> KnownBefore:
    """The submission normalised as storing it would, then matched against what is stored."""
    prepared = prepare(submission, Taxonomy(scam_types={}, contact_methods={}))
    excluded = set(ExcludedIdentifier.objects.values_list("kind", "value"))
    visible = visible_reports(user)
    typed = {
        (i["kind"], i["normalised"]): i
        for i in prepared.identifiers
        if i["kind"] in LINKING_KINDS
        and i["normalised"]
        and (i["kind"], i["normalised"]) not in excluded
    }
    identifiers = [
        known
        for (kind, value), item in typed.items()
        if (known := _known_identifier(user, visible, kind, value, item)) is not None
    ]
    victim = Person(**{k: v for k, v in prepared.persons[0].items() if k != "report"})
    earlier = _earlier_reports(user, visible, victim)
    return KnownBefore(identifiers=tuple(identifiers), earlier=tuple(earlier))


def _known_identifier(
    user: Actor | None, visible: QuerySet[Report], kind: str, value: str, item: dict[str, Any]
) -> KnownIdentifier | None:
    """How the reports in `visible` know this identifier; campaigns are shown to those who
    see every report, and to triage (no user: the system, for the hub's own cases)."""
    reports = visible.filter(identifiers__kind=kind, identifiers__normalised=value).distinct()
    count = reports.count()
    if not count:
        return None
    cluster = None
    if user is None or sees_every_report(user):  # campaigns are intelligence
        cluster = (
            ClusterMember.objects.filter(report__in=reports)
            .values("cluster_id")
            .annotate(n=Count("id"))
            .order_by("-n", "cluster_id")
            .values_list("cluster_id", flat=True)
            .first()
        )
    commonest = (
        Report.objects.filter(pk__in=reports.values("pk"), scam_type__isnull=False)
        .values("scam_type__name")
        .annotate(n=Count("id"))
        .order_by("-n", "scam_type__name")
        .values_list("scam_type__name", flat=True)
        .first()
    )
    shown = phone_display(value) if kind == Identifier.Kind.PHONE else item["display"] or value
    return KnownIdentifier(
        shown=shown,
        noun=NOUNS.get(kind, "detail"),
        reports=count,
        cluster=cluster,
        scam_type=(commonest or "").lower(),
    )


def _earlier_reports(user: Actor, visible: QuerySet[Report], victim: Person) -> list[EarlierReport]:
    """Reports of the victims the people model takes for this one (and of everyone in
    their people groups), newest first. Showing them is audited as a view of each."""
    if not (victim.first_name or victim.last_name):
        return []
    victim.role = Person.Role.VICTIM
    found = candidate_ids(victim)
    if not found:
        return []
    rows = [
        person_for_matching(dict(zip(PERSON_FIELDS, values, strict=True)))
        for values in Person.objects.filter(pk__in=found).values_list(*PERSON_FIELDS)
    ]
    new = person_for_matching({**{f: getattr(victim, f) for f in PERSON_FIELDS}, "id": 0})
    name_frequencies(Person.Role.VICTIM, new, rows)
    matched = {p.right for p in score_arrival(new, rows, min_probability=MATCH_THRESHOLD)}
    if not matched:
        return []
    groups = PersonGroupMember.objects.filter(person_id__in=matched).values("group_id")
    matched |= set(
        PersonGroupMember.objects.filter(group_id__in=groups).values_list("person_id", flat=True)
    )
    reports = list(
        visible.filter(persons__in=matched, persons__role=Person.Role.VICTIM)
        .distinct()
        .select_related("scam_type")
        .order_by("-received_date", "-pk")[:EARLIER_SHOWN]
    )
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=reports,
        detail_for=lambda report: {"via": "phone entry: may have reported before"},
    )
    return _as_earlier(reports)


def _as_earlier(reports: Iterable[Report]) -> list[EarlierReport]:
    return [
        EarlierReport(
            reference=str(r.reference),
            received=r.received_date,
            scam_type=r.scam_type.name if r.scam_type else "",
        )
        for r in reports
    ]


def same_person_reports(
    user: Actor, person_ids: list[int], *, besides: set[int]
) -> list[EarlierReport]:
    """Reports of everyone in these records' people groups that the user may see, other
    than the reports `besides` (a case's own), newest first: the case page's "may have
    reported before"."""
    groups = PersonGroupMember.objects.filter(person_id__in=person_ids).values("group_id")
    people = PersonGroupMember.objects.filter(group_id__in=groups).values("person_id")
    reports = (
        visible_reports(user)
        .filter(persons__in=people)
        .exclude(pk__in=besides)
        .distinct()
        .select_related("scam_type")
        .order_by("-received_date", "-pk")[:EARLIER_SHOWN]
    )
    return _as_earlier(reports)


def known_identifier_lines(report_ids: list[int]) -> list[str]:
    """For triage: each scammer's identifier of these reports that other reports share,
    in words ("The scammer's number 020 7946 0123 is in 14 reports (cluster 6, bank
    impersonation)"), counted over every report. Cases are the hub's own, and the hub
    sees every report."""
    excluded = set(ExcludedIdentifier.objects.values_list("kind", "value"))
    everything = Report.objects.all()
    lines = []
    seen: set[tuple[str, str]] = set()
    for ident in Identifier.objects.filter(
        report_id__in=report_ids, kind__in=LINKING_KINDS
    ).exclude(normalised=""):
        key = (ident.kind, ident.normalised)
        if key in excluded or key in seen:
            continue
        seen.add(key)
        item = {"display": ident.display}
        known = _known_identifier(None, everything, ident.kind, ident.normalised, item)
        if known is None or known.reports < 2:
            continue
        about = ", ".join(
            p for p in (f"cluster {known.cluster}" if known.cluster else "", known.scam_type) if p
        )
        lines.append(
            f"The scammer's {known.noun} {known.shown} is in {known.reports} reports"
            + (f" ({about})" if about else "")
        )
    return lines
