"""Reads for analysts: clusters of linked reports, their networks, and the cluster a report
is in (identifier search is in search_selectors.py). Each read shows only the reports the
user may see, and each look at a report is audited."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, F, Max, Min, QuerySet, Sum, When
from django.urls import reverse

from fraudhub.charts import Bar, Chart
from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent
from fraudhub.reports.models import Identifier, Person, Report
from fraudhub.reports.selectors import (
    any_opened_from_outside,
    asks_why,
    released_q,
    sees_every_report,
    visible_reports,
    withhold,
)
from fraudhub.templatetags.govuk import phone_display

from .models import LINKING_KINDS, ClusterMember, ExcludedIdentifier

NOT_KNOWN = "Not known"
LARGEST_ID = 2**63 - 1  # a cluster number beyond any the database can hold
NETWORK_MOST = 1_500  # points a browser draws in a few seconds; the tables hold any number


def _shown(ident: Identifier) -> str:
    """An identifier as people read it: phone numbers as dialled, company names as typed
    (their normalised form is in lower case), others as normalised."""
    if ident.kind == Identifier.Kind.PHONE and ident.normalised:
        return phone_display(ident.normalised)
    if ident.kind == Identifier.Kind.COMPANY:
        return ident.raw.strip()
    return ident.display or ident.normalised or ident.raw


WITHHELD = "Withheld: no agreement in force covers scam details"


def _members(user: Actor) -> QuerySet[ClusterMember]:
    """Cluster places of the reports the user may see: a cluster shows only those."""
    return ClusterMember.objects.filter(report__in=visible_reports(user))


# --- the list of clusters --------------------------------------------------------------


@dataclass(frozen=True)
class ClusterFilters:
    """What an analyst narrows the cluster list by."""

    scam_type: str = ""
    district: str = ""
    identifier_kind: str = ""


@dataclass
class ClusterRow:
    """One cluster in the list, counted over the reports the user may see."""

    id: int
    reports: int
    total_loss: Decimal
    first_received: date
    last_received: date
    scam_types: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)


def clusters_for_analyst(user: Actor, filters: ClusterFilters) -> QuerySet[Any]:
    """The clusters the user may see, largest first, as rows of figures (no personal data):
    reports, total loss and first and last dates, counted over the reports they may see."""
    members = _members(user)
    if filters.scam_type:
        members_of = members.filter(report__scam_type__slug=filters.scam_type)
        members = members.filter(cluster_id__in=members_of.values("cluster_id"))
    if filters.district:
        district = re.sub(r"\s+", "", filters.district).upper()
        members_of = members.filter(
            report__persons__role=Person.Role.VICTIM,
            report__persons__postcode_district=district,
        )
        members = members.filter(cluster_id__in=members_of.values("cluster_id"))
    if filters.identifier_kind:
        members = members.filter(cluster_id__in=_linked_by(members, filters.identifier_kind))
    return (
        members.values("cluster_id")
        .annotate(
            reports=Count("report_id", distinct=True),
            total_loss=Sum(_money_shown(user)),
            first_received=Min("report__received_date"),
            last_received=Max("report__received_date"),
        )
        .order_by("-reports", "-last_received", "cluster_id")
    )


def _money_shown(user: Actor) -> Any:
    """A member's report's loss where the user may read its money, else nothing: the list's
    total is the sum the cluster page shows, never what it withholds."""
    reader = policy.reader_for(user)
    if reader.sees_everything:
        return F("report__amount_lost")
    released = Report.objects.filter(released_q(reader, policy.Category.MONEY)).values("pk")
    return Case(When(report_id__in=released, then=F("report__amount_lost")), default=None)


def _linked_by(members: QuerySet[ClusterMember], kind: str) -> QuerySet[Any]:
    """Clusters in which two or more of these reports share a value of this kind (one not
    excluded from linking): the clusters that kind of identifier links."""
    excluded = ExcludedIdentifier.objects.filter(kind=kind).values("value")
    return (
        Identifier.objects.filter(kind=kind, report__cluster_member__in=members)
        .exclude(normalised="")
        .exclude(normalised__in=excluded)
        .values("report__cluster_member__cluster_id", "normalised")
        .annotate(reports=Count("report_id", distinct=True))
        .filter(reports__gt=1)
        .values("report__cluster_member__cluster_id")
    )


def cluster_rows(user: Actor, rows: list[dict[str, Any]]) -> list[ClusterRow]:
    """A page of the cluster list with each cluster's scam types and victims' districts."""
    ids = [row["cluster_id"] for row in rows]
    members = _members(user).filter(cluster_id__in=ids)
    scam_types: dict[int, set[str]] = defaultdict(set)
    for cluster_id, name in members.values_list("cluster_id", "report__scam_type__name"):
        scam_types[cluster_id].add(name or NOT_KNOWN)
    districts: dict[int, set[str]] = defaultdict(set)
    victims = Person.objects.filter(
        role=Person.Role.VICTIM, report__cluster_member__in=members
    ).exclude(postcode_district="")
    for cluster_id, district in victims.values_list(
        "report__cluster_member__cluster_id", "postcode_district"
    ):
        districts[cluster_id].add(district)
    return [
        ClusterRow(
            id=row["cluster_id"],
            reports=row["reports"],
            total_loss=row["total_loss"] or Decimal("0"),
            first_received=row["first_received"],
            last_received=row["last_received"],
            scam_types=sorted(scam_types[row["cluster_id"]]),
            districts=sorted(districts[row["cluster_id"]]),
        )
        for row in rows
    ]


# --- one cluster -----------------------------------------------------------------------


@dataclass
class LinkedIdentifier:
    """A scammer's identifier in the cluster and the reports that hold it."""

    key: str
    kind: str
    kind_label: str
    display: str
    references: list[str] = field(default_factory=list)

    @property
    def shared(self) -> bool:
        return len(self.references) > 1


@dataclass
class Victim:
    key: str
    name: str
    district: str
    age: int | None
    report: str


@dataclass
class Tally:
    label: str
    reports: int


@dataclass
class ClusterView:
    """What the cluster page shows, over the reports the user may see."""

    id: int
    reports: list[Report]
    victims: list[Victim]
    identifiers: list[LinkedIdentifier]
    total_loss: Decimal
    districts: list[Tally]
    scam_types: list[Tally]
    first_received: date
    last_received: date
    timeline: Chart
    network: dict[str, list[dict[str, Any]]]
    partial: bool = False

    @property
    def shared_identifiers(self) -> list[LinkedIdentifier]:
        return [i for i in self.identifiers if i.shared]

    @property
    def edges(self) -> int:
        return len(self.network["edges"])

    @property
    def drawable(self) -> bool:
        return len(self.network["nodes"]) <= NETWORK_MOST


def _cluster_reports(user: Actor, cluster_id: int) -> QuerySet[Report]:
    if not 0 < cluster_id <= LARGEST_ID:
        return Report.objects.none()
    return visible_reports(user).filter(cluster_member__cluster_id=cluster_id)


def cluster_visible(user: Actor, cluster_id: int) -> bool:
    """Whether the user may see any of this cluster (unaudited)."""
    return _cluster_reports(user, cluster_id).exists()


def cluster_needing_reason(user: Actor, cluster_id: int) -> bool:
    """Whether the user may see this cluster but must say why first: a report it shows is
    not their own organisation's (the rule of reports.selectors.opened_from_outside)."""
    if not asks_why(user):
        return False
    reports = _cluster_reports(user, cluster_id).only("id", "source_organisation_id")
    return any_opened_from_outside(user, reports)


def cluster_for_analyst(
    user: Actor, cluster_id: int, *, reason: dict[str, str] | None = None
) -> ClusterView | None:
    """One cluster with only the reports the user may see, or None if they may see none of
    it (or it does not exist). Each report shown counts as viewed in the audit log, with
    the reason given for opening the cluster when it shows other organisations' reports."""
    if not 0 < cluster_id <= LARGEST_ID:
        return None
    reader = policy.reader_for(user)
    reports = list(
        visible_reports(user, reader)
        .filter(cluster_member__cluster_id=cluster_id)
        .select_related("scam_type", "source_organisation")
        .prefetch_related("persons", "identifiers")
        .order_by("received_date", "id")
    )
    if not reports:
        return None
    audit.record_many(
        actor=user,
        action=AuditEvent.Action.VIEW,
        objects=reports,
        detail_for=lambda report: {"via": "cluster page", "cluster": cluster_id, **(reason or {})},
    )
    reports = withhold(reader, reports)
    excluded = set(ExcludedIdentifier.objects.values_list("kind", "value"))
    identifiers: dict[tuple[str, str], LinkedIdentifier] = {}
    victims: list[Victim] = []
    districts: dict[str, int] = defaultdict(int)
    scam_types: dict[str, int] = defaultdict(int)
    for report in reports:
        release: policy.Release = report.release  # type: ignore[attr-defined]
        if release.shows(policy.Category.SCAM_DETAILS):
            scam_types[report.scam_type.name if report.scam_type else NOT_KNOWN] += 1
        else:
            scam_types[WITHHELD] += 1
        victim = report.victim
        if victim is not None:
            victims.append(
                Victim(
                    key=f"person-{victim.pk}",
                    name=release.why(policy.Category.VICTIM_CONTACT)
                    or victim.full_name
                    or "Name not given",
                    district=victim.postcode_district,
                    age=victim.age_at_incident,
                    report=str(report.reference),
                )
            )
        districts[
            victim.postcode_district if victim and victim.postcode_district else NOT_KNOWN
        ] += 1
        for ident in report.identifiers.all():
            pair = (ident.kind, ident.normalised)
            if ident.kind not in LINKING_KINDS or not ident.normalised or pair in excluded:
                continue
            if pair not in identifiers:
                identifiers[pair] = LinkedIdentifier(
                    key=f"identifier-{len(identifiers) + 1}",
                    kind=ident.kind,
                    kind_label=ident.get_kind_display(),
                    display=_shown(ident),
                )
            if report.reference not in identifiers[pair].references:
                identifiers[pair].references.append(str(report.reference))
    linked = sorted(identifiers.values(), key=lambda i: (-len(i.references), i.kind, i.display))
    return ClusterView(
        id=cluster_id,
        reports=reports,
        victims=victims,
        identifiers=linked,
        total_loss=sum((r.amount_lost or Decimal("0") for r in reports), Decimal("0")),
        districts=_counted(districts),
        scam_types=_counted(scam_types),
        first_received=reports[0].received_date,
        last_received=reports[-1].received_date,
        timeline=_timeline(reports),
        network=_network(reports, victims, linked),
        partial=ClusterMember.objects.filter(cluster_id=cluster_id)
        .filter(reader.countable_q("report__source_organisation"))
        .count()
        > len(reports),
    )


def _counted(counts: dict[str, int]) -> list[Tally]:
    return [Tally(label, number) for label, number in sorted(counts.items(), key=_by_count)]


def _by_count(item: tuple[str, int]) -> tuple[int, bool, str]:
    return (-item[1], item[0] == NOT_KNOWN, item[0])


def _timeline(reports: list[Report]) -> Chart:
    """Reports received each month from the cluster's first report to its last."""
    per_month: dict[date, list[Report]] = defaultdict(list)
    for report in reports:
        per_month[report.received_date.replace(day=1)].append(report)
    bars: list[Bar] = []
    month = reports[0].received_date.replace(day=1)
    while month <= reports[-1].received_date:
        these = per_month.get(month, [])
        lost = sum((r.amount_lost or Decimal("0") for r in these), Decimal("0"))
        shown = f"{len(these)}" + (f" (£{lost:,.0f} lost)" if lost else "")
        bars.append(Bar(month.strftime("%b %Y"), len(these), shown))
        month = (month + timedelta(days=32)).replace(day=1)
    return Chart(
        "Timeline",
        "Reports in this cluster received each month",
        bars,
        value_heading="Reports (money lost)",
    )


def _network(
    reports: list[Report], victims: list[Victim], identifiers: list[LinkedIdentifier]
) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges for the network chart: reports, their victims and the identifiers
    they hold, each edge joining a report to a person or an identifier."""
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for report in reports:
        nodes.append(
            {
                "id": f"report-{report.reference}",
                "kind": "report",
                "label": str(report.reference),
                "url": reverse("staff:report_detail", args=[report.reference]),
            }
        )
    for victim in victims:
        nodes.append(
            {
                "id": victim.key,
                "kind": "victim",
                "label": victim.name,
                "url": reverse("staff:report_detail", args=[victim.report]),
            }
        )
        edges.append({"source": f"report-{victim.report}", "target": victim.key})
    for ident in identifiers:
        nodes.append({"id": ident.key, "kind": ident.kind, "label": ident.display})
        edges.extend({"source": f"report-{ref}", "target": ident.key} for ref in ident.references)
    for number, edge in enumerate(edges, start=1):
        edge["id"] = f"link-{number}"
    return {"nodes": nodes, "edges": edges}


# --- the campaign a report belongs to, for report and case pages -------------------------


@dataclass(frozen=True)
class ReportCluster:
    """The cluster a report is in, as the report and case pages show it: how many reports
    (of those the reader may see), the commonest kinds of scam, and which of this report's
    identifiers link it to the others."""

    id: int
    reference: str
    reports: int
    scam_types: list[Tally]
    shared: list[str]


def cluster_of_report(user: Actor, report: Report) -> ReportCluster | None:
    """The report's cluster, for those who see intelligence (the hub), or None when it is in
    none or in one of its own. Counting is not a view of the other reports: nothing is
    audited but the report already open."""
    if not sees_every_report(user):
        return None
    member = ClusterMember.objects.filter(report=report).first()
    if member is None:
        return None
    others = visible_reports(user).filter(cluster_member__cluster_id=member.cluster_id)
    count = others.count()
    if count < 2:
        return None
    kinds = (
        others.values("scam_type__name")
        .annotate(n=Count("id"))
        .order_by("-n", "scam_type__name")[:3]
    )
    excluded = set(ExcludedIdentifier.objects.values_list("kind", "value"))
    mine = [
        i
        for i in report.identifiers.all()
        if i.kind in LINKING_KINDS and i.normalised and (i.kind, i.normalised) not in excluded
    ]
    elsewhere = set(
        Identifier.objects.filter(report__in=others.exclude(pk=report.pk))
        .filter(normalised__in=[i.normalised for i in mine])
        .values_list("kind", "normalised")
    )
    shared = sorted(
        {
            f"{_shown(i)} ({i.get_kind_display().lower()})"
            for i in mine
            if (i.kind, i.normalised) in elsewhere
        }
    )
    return ReportCluster(
        id=member.cluster_id,
        reference=str(report.reference),
        reports=count,
        scam_types=[Tally(k["scam_type__name"] or NOT_KNOWN, k["n"]) for k in kinds],
        shared=shared,
    )


def clusters_of_reports(user: Actor, reports: list[Report]) -> list[ReportCluster]:
    """The clusters of several reports (a case's), each once."""
    found: dict[int, ReportCluster] = {}
    for report in reports:
        cluster = cluster_of_report(user, report)
        if cluster is not None and cluster.id not in found:
            found[cluster.id] = cluster
    return list(found.values())
