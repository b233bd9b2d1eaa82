"""What an organisation may pull over TAXII: its collections (one per data-sharing
agreement in force that shares scammers' identifiers with it, and one of the reports it
sent, which for the hub is every report), each collection's STIX objects, and the audit
of each pull as a disclosure to it. The sharing policy decides which reports; the
intelligence export's rules decide which identifiers and how they are written. A report
whose processing is restricted at a person's request is never in a feed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from fraudhub.governance import audit, policy
from fraudhub.governance.access import Actor
from fraudhub.governance.models import AuditEvent, Organisation, SharingAgreement
from fraudhub.insight import intel
from fraudhub.linking.models import ExcludedIdentifier
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.selectors import unrestricted, victim_agreed_to_share

from .resources import STIX_MEDIA_TYPE, Stored, timestamp, truncate


@dataclass(frozen=True)
class Feed:
    """One collection: what it is called, which reports' identifiers it carries, and the
    agreement it comes from (none for an organisation's own reports)."""

    id: str
    title: str
    description: str
    reports: QuerySet[Report]
    agreement: SharingAgreement | None = None
    # The reports whose amounts lost are released (money, with the victim's consent);
    # None: every report's. Reported losses of the others are left out of the totals.
    money: QuerySet[Report] | None = None
    tlp: str = "amber"

    def resource(self) -> dict[str, Any]:
        """The collection resource: partners read it, never write to it."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "can_read": True,
            "can_write": False,
            "media_types": [STIX_MEDIA_TYPE],
        }

    @property
    def audit_detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"collection": self.id, "collection_title": self.title}
        if self.agreement is not None:
            detail["agreement"] = self.agreement.pk
            detail["agreement_title"] = self.agreement.title
        return detail


def collection_id(*parts: str) -> str:
    """A collection's id: the same for the same agreement or organisation every time."""
    return str(uuid.uuid5(intel.NAMESPACE, "|".join(("taxii-collection", *parts))))


def own_feed(organisation: Organisation, reader: policy.Reader) -> Feed:
    """The identifiers in the reports the organisation holds itself (with no agreement):
    every report for the hub, the reports it sent for anyone else."""
    if reader.sees_everything:
        title = f"Every report to the {settings.FRAUDHUB_AREA_NAME} fraud hub"
        description = "Scammers' identifiers in every report the fraud hub holds."
    else:
        title = f"Reports {organisation.name} sent"
        description = (
            f"Scammers' identifiers in the reports {organisation.name} sent to the fraud hub."
        )
    return Feed(
        id=collection_id("own", str(organisation.pk)),
        title=title,
        description=description,
        reports=unrestricted(
            Report.objects.filter(Q() if reader.sees_everything else reader.own_q())
        ),
    )


def agreement_feed(agreement: SharingAgreement, organisation: Organisation, released: Q) -> Feed:
    """The identifiers in the reports one agreement in force releases to the organisation."""
    others = [p.name for p in agreement.parties.all() if p.pk != organisation.pk]
    until = f"until {_day(agreement.ends_on)}" if agreement.ends_on else "with no end date"
    return Feed(
        id=collection_id("agreement", str(agreement.pk)),
        title=agreement.title,
        description=(
            f"Scammers' identifiers in the reports of {' and '.join(others)}, shared under "
            f"this data-sharing agreement (in force {until}): {agreement.purpose}"
        ),
        reports=unrestricted(Report.objects.filter(released)),
        agreement=agreement,
        money=(
            Report.objects.filter(released).filter(victim_agreed_to_share())
            if policy.Category.MONEY in agreement.category_set
            else Report.objects.none()
        ),
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def feeds_for(organisation: Organisation) -> list[Feed]:
    """Every collection the organisation may read today: its own reports', and one for
    each agreement in force that shares scammers' identifiers with it. An agreement that
    ends takes its collection with it at once."""
    reader = policy.reader_for_organisation(organisation)
    found = [own_feed(organisation, reader)]
    for agreement in policy.agreements_of(organisation, reader.on):
        if policy.Category.SCAM_DETAILS not in agreement.category_set:
            continue
        released = policy.released_by(agreement, organisation, on=reader.on)
        if released is not None:
            found.append(agreement_feed(agreement, organisation, released))
    return found


def feed_for(organisation: Organisation, wanted: str) -> Feed | None:
    """The organisation's collection with this id, or None: one it may not read is the
    same as one that does not exist."""
    return next((feed for feed in feeds_for(organisation) if feed.id == wanted), None)


def _items(feed: Feed, added_after: datetime | None) -> list[intel.IntelItem]:
    """The identifiers of the feed, as the intelligence export counts them (names used and
    values on the exclusion list left out). Asked for what changed after a time, only the
    values named in reports changed since are counted, each still across every report."""
    values = None
    if added_after is not None:
        values = Identifier.objects.filter(
            report__in=feed.reports.filter(updated_at__gt=added_after)
        )
    excluded = frozenset(ExcludedIdentifier.objects.values_list("kind", "value"))
    found = intel.aggregate(
        intel.sightings_in(
            feed.reports,
            changes=True,
            values=values,
            money=None if feed.money is None else set(feed.money.values_list("pk", flat=True)),
        ),
        excluded=excluded,
        min_reports=settings.FRAUDHUB_TAXII_MIN_REPORTS,
        include_names=False,
    )
    return found.items


def stored_objects(feed: Feed, *, added_after: datetime | None = None) -> list[Stored]:
    """The feed's STIX objects, each known by id, when it was added and its version; an
    identifier's objects are made only when a page holds them. The marking, the producer
    and the extension definitions were added when the definitions were written."""
    now = timezone.now()
    area = settings.FRAUDHUB_AREA_NAME
    identity = intel.producer_identity(producer=intel.producer_name(), area=area, tlp=feed.tlp)
    fixed = [intel.stix_data(intel.TLP_MARKINGS[feed.tlp]), intel.stix_data(identity)]
    fixed += intel.extension_definitions(
        intel.CUSTOM_KINDS, identity_id=identity.id, tlp=feed.tlp
    ).values()
    stored = [
        Stored(d["id"], intel.EXTENSIONS_WRITTEN, d.get("modified") or d["created"], _constant(d))
        for d in fixed
    ]
    for item in _items(feed, added_after):
        _, modified = intel.item_times(item, now)
        added = truncate(modified)
        version = timestamp(modified)
        objects = _item_loader(item, identity_id=identity.id, area=area, tlp=feed.tlp, now=now)
        for index, object_id in enumerate(intel.item_ids(item)):
            stored.append(
                Stored(
                    object_id,
                    added,
                    # an observable has no version of its own: it is versioned when added
                    version if index else timestamp(added),
                    _pick(objects, index),
                )
            )
    return stored


def _constant(data: Mapping[str, Any]) -> Callable[[], Mapping[str, Any]]:
    return lambda: data


def _item_loader(
    item: intel.IntelItem, *, identity_id: str, area: str, tlp: str, now: datetime
) -> Callable[[], list[dict[str, Any]]]:
    @cache
    def load() -> list[dict[str, Any]]:
        return intel.item_objects(item, identity_id=identity_id, area=area, tlp=tlp, now=now)

    return load


def _pick(
    objects: Callable[[], list[dict[str, Any]]], index: int
) -> Callable[[], Mapping[str, Any]]:
    return lambda: objects()[index]


DISCLOSING = frozenset({"objects", "object"})


def record_pull(
    *,
    actor: Actor,
    organisation: Organisation,
    feed: Feed,
    endpoint: str,
    sent: list[Stored],
) -> None:
    """Write the pull to the audit log as a disclosure to the reader's organisation: which
    collection, under which agreement, and the ids of the objects sent. A manifest or a
    list of versions names objects without their content: a consultation, not a
    disclosure."""
    indicators = [s.id for s in sent if s.type == "indicator"]
    audit.record(
        actor=actor,
        action=AuditEvent.Action.EXPORT if endpoint in DISCLOSING else AuditEvent.Action.VIEW,
        obj=organisation,
        detail={
            "disclosed_to": organisation.slug,
            "via": "taxii",
            "endpoint": endpoint,
            **feed.audit_detail,
            "objects": len(sent),
            "indicators": indicators,
        },
    )
