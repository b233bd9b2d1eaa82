"""The sharing policy: which records a reader's organisation may see, and which categories
of data on each are released to it. The one place this is decided; selectors apply it
(never views), and it is worked out afresh on every call from today's date, so an
agreement that ends stops sharing at once.

Record level: an organisation sees the records it holds (those it sent in), plus those of
every other party to a data-sharing agreement in force with it that releases at least one
category. Organisations that see every report (the fraud hub) and superusers keep seeing
everything. Records sent in by no organisation (the public's reports, the hub's phone
entry) are held by the fraud hub: an agreement with the hub releases them.

Field level: of a visible record held by another organisation, only the categories an
agreement in force names are released; the victim's own consent to sharing applies on top
to the victim's categories (categories.VICTIM_CATEGORIES). Whatever is withheld comes with
the reason, for the page to show ("Withheld: no data-sharing agreement in force between
X and Y covers victim contact details").

Records a reader may not see leave no hint, unless an agreement in force with their
holder allows counts (`Reader.may_count`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from .access import Actor, organisation_of, signed_in
from .categories import (
    CATEGORY_LABELS,
    PERSON_FIELDS,
    REPORT_FIELDS,
    VICTIM_CATEGORIES,
    Category,
)
from .models import Organisation, SharingAgreement

__all__ = [
    "ALL_CATEGORIES",
    "EVERYTHING",
    "CATEGORY_LABELS",
    "HUB",
    "PERSON_FIELDS",
    "REPORT_FIELDS",
    "VICTIM_CATEGORIES",
    "Category",
    "Grant",
    "Reader",
    "Release",
    "agreements_in_force",
    "agreements_of",
    "hub_organisations",
    "reader_for",
    "reader_for_organisation",
    "recipients_of",
    "released_by",
    "reviews_overdue",
    "today",
]

ALL_CATEGORIES: frozenset[Category] = frozenset(Category)

# The holder of records sent in by no organisation (source_organisation is empty): the hub.
HUB: None = None
HolderId = int | None


def today() -> date:
    """The day every check uses: the local date now, never remembered between requests."""
    return timezone.localdate()


def agreements_in_force(on: date | None = None) -> QuerySet[SharingAgreement]:
    """Every agreement in force on `on` (today by default): started, not past its end date
    and not ended."""
    day = on or today()
    return SharingAgreement.objects.filter(ended_at__isnull=True, starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def agreements_of(organisation: Organisation, on: date | None = None) -> QuerySet[SharingAgreement]:
    """The agreements in force to which `organisation` is a party, with their parties."""
    return (
        agreements_in_force(on)
        .filter(parties=organisation)
        .prefetch_related("parties")
        .order_by("title", "id")
    )


def reviews_overdue(
    organisation: Organisation | None, on: date | None = None
) -> QuerySet[SharingAgreement]:
    """Agreements `organisation` owns (every organisation's if None) whose review date has
    passed while in force or yet to start: what the warning banner and email list."""
    day = on or today()
    agreements = SharingAgreement.objects.filter(ended_at__isnull=True, review_on__lt=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    if organisation is not None:
        agreements = agreements.filter(owner=organisation)
    return agreements.select_related("owner").order_by("review_on", "title")


def hub_organisations() -> frozenset[int]:
    """The fraud hub's organisations: they hold the records sent in by no organisation."""
    return frozenset(
        Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).values_list("pk", flat=True)
    )


@dataclass(frozen=True)
class Grant:
    """What agreements in force release between two organisations. In a reader's grants,
    the organisation is the holder of the records; in `recipients_of`, the recipient."""

    organisation_id: int
    name: str
    categories: frozenset[Category]
    shows_counts: bool
    agreement_ids: tuple[int, ...]


def _joined(before: Grant | None, agreement: SharingAgreement, party: Organisation) -> Grant:
    """A grant with one more agreement's categories and counts added to it."""
    if before is None:
        before = Grant(party.pk, party.name, frozenset(), False, ())
    return Grant(
        organisation_id=party.pk,
        name=party.name,
        categories=before.categories | agreement.category_set,
        shows_counts=before.shows_counts or agreement.shows_counts,
        agreement_ids=(*before.agreement_ids, agreement.pk),
    )


@dataclass(frozen=True)
class Release:
    """What of one visible record is released to the reader: each category either released
    or withheld with the reason to show in its place."""

    released: frozenset[Category]
    withheld: Mapping[Category, str] = field(default_factory=dict)

    def shows(self, category: Category) -> bool:
        return category in self.released

    def why(self, category: Category) -> str:
        """The sentence to show instead of a withheld category ("" when released)."""
        return "" if category in self.released else self.withheld.get(category, "Withheld")

    def shows_report_field(self, name: str) -> bool:
        """Whether a report's field (categories.REPORT_FIELDS) is released; fields in no
        category come with the record."""
        category = REPORT_FIELDS.get(name)
        return category is None or category in self.released

    def shows_person_field(self, name: str) -> bool:
        """Whether a person's field (categories.PERSON_FIELDS) is released."""
        category = PERSON_FIELDS.get(name)
        return category is None or category in self.released

    @property
    def everything(self) -> bool:
        return self.released == ALL_CATEGORIES

    @property
    def shown(self) -> dict[str, bool]:
        """Each category by its value, for templates: `{% if release.shown.money %}`."""
        return {c.value: c in self.released for c in Category}

    @property
    def reasons(self) -> dict[str, str]:
        """Why each withheld category is withheld, by its value: `release.reasons.money`."""
        return {c.value: self.why(c) for c in Category if c not in self.released}


EVERYTHING = Release(released=ALL_CATEGORIES)


@dataclass(frozen=True)
class Reader:
    """Who is reading, worked out for one request on one day: their organisation, whether
    they see everything, and what agreements in force release to them from each holder."""

    organisation_id: int | None
    organisation_name: str
    sees_everything: bool
    on: date
    hub_ids: frozenset[int] = frozenset()
    grants: Mapping[HolderId, Grant] = field(default_factory=dict)

    # Record level

    def is_own(self, holder_id: HolderId) -> bool:
        """Whether a record held by `holder_id` is the reader's organisation's own (records
        sent in by no organisation are the hub's own)."""
        if self.organisation_id is None:
            return False
        if holder_id is None:
            return self.organisation_id in self.hub_ids
        return holder_id == self.organisation_id

    def may_see(self, holder_id: HolderId) -> bool:
        """Whether the reader may open a record held by `holder_id` at all."""
        if self.sees_everything or self.is_own(holder_id):
            return True
        grant = self.grants.get(holder_id)
        return grant is not None and bool(grant.categories)

    def may_count(self, holder_id: HolderId) -> bool:
        """Whether the reader may learn that a record held by `holder_id` exists (a count
        on a cluster page) even when they may not open it."""
        if self.may_see(holder_id):
            return True
        grant = self.grants.get(holder_id)
        return grant is not None and grant.shows_counts

    def holders(self) -> tuple[frozenset[int], bool]:
        """The organisations whose records the reader may open, and whether that includes
        records sent in by no organisation. Meaningless when `sees_everything`."""
        ids = {h for h in self.grants if h is not None and self.may_see(h)}
        if self.organisation_id is not None:
            ids.add(self.organisation_id)
        return frozenset(ids), self.may_see(HUB)

    def records_q(
        self, holder_field: str = "source_organisation", *, category: Category | None = None
    ) -> Q:
        """A filter for the records the reader may open, on any model whose holder is
        reached by `holder_field` ("source_organisation" on Report,
        "report__source_organisation" on Person or Identifier). With `category`, only
        those whose holder releases that category (before the victim's consent): what a
        search by a field of that category may match."""
        if self.sees_everything:
            return Q()
        if self.organisation_id is None:
            return Q(pk__in=[])
        ids, unheld = self.holders()
        if category is not None:
            ids = frozenset(h for h in ids if category in self.categories_from(h))
            unheld = unheld and category in self.categories_from(HUB)
        wanted = Q(**{f"{holder_field}__in": sorted(ids)})
        if unheld:
            wanted |= Q(**{f"{holder_field}__isnull": True})
        return wanted

    def own_q(self, holder_field: str = "source_organisation") -> Q:
        """A filter for the reader's organisation's own records."""
        if self.organisation_id is None:
            return Q(pk__in=[])
        wanted = Q(**{holder_field: self.organisation_id})
        if self.organisation_id in self.hub_ids:
            wanted |= Q(**{f"{holder_field}__isnull": True})
        return wanted

    def countable_q(self, holder_field: str = "source_organisation") -> Q:
        """A filter for the records whose existence the reader may learn of (those they
        may open, and those of holders whose agreement allows counts)."""
        if self.sees_everything:
            return Q()
        counted = frozenset(h for h in self.grants if h is not None and self.may_count(h))
        wanted = self.records_q(holder_field) | Q(**{f"{holder_field}__in": sorted(counted)})
        if self.may_count(HUB):
            wanted |= Q(**{f"{holder_field}__isnull": True})
        return wanted

    # Field level

    def categories_from(self, holder_id: HolderId) -> frozenset[Category]:
        """The categories agreements release to the reader from `holder_id`, before the
        victim's consent."""
        if self.sees_everything or self.is_own(holder_id):
            return ALL_CATEGORIES
        grant = self.grants.get(holder_id)
        return grant.categories if grant is not None else frozenset()

    def release(
        self,
        holder_id: HolderId,
        *,
        victim_share: bool | None = True,
        victim_name: str = "",
        holder_name: str = "",
    ) -> Release:
        """What of one record held by `holder_id` is released to the reader, with the reason
        for each category withheld. `victim_share` is the victim's answer to sharing
        (reports.consent.victim_consent(report).share; True where there is no victim):
        anything but yes withholds the victim's categories from other organisations."""
        if self.sees_everything or self.is_own(holder_id):
            return EVERYTHING
        agreed = self.categories_from(holder_id)
        holder = holder_name or self.holder_name(holder_id)
        withheld: dict[Category, str] = {}
        for category in Category:
            if category not in agreed:
                withheld[category] = (
                    "Withheld: no data-sharing agreement in force between "
                    f"{self.organisation_name or 'your organisation'} and {holder} covers "
                    f"{category.label}"
                )
            elif category in VICTIM_CATEGORIES and victim_share is not True:
                who = victim_name or "the victim"
                withheld[category] = (
                    f"Withheld: {who} said no to sharing their details with partner organisations"
                    if victim_share is False
                    else f"Withheld: {who} has not yet agreed to share their details with "
                    "partner organisations"
                )
        return Release(
            released=frozenset(c for c in Category if c not in withheld), withheld=withheld
        )

    def holder_name(self, holder_id: HolderId) -> str:
        grant = self.grants.get(holder_id)
        if grant is not None:
            return grant.name
        if holder_id is None:
            return "the fraud hub"
        found = Organisation.objects.filter(pk=holder_id).values_list("name", flat=True).first()
        return found or "the organisation that holds it"


NOBODY = Reader(organisation_id=None, organisation_name="", sees_everything=False, on=date.min)


def reader_for(user: Actor, on: date | None = None) -> Reader:
    """The reader a signed-in member of staff is, today (or on `on`). Superusers and staff
    of an organisation that sees every report see everything; the public, inactive logins
    and logins of no organisation see nothing."""
    day = on or today()
    login = signed_in(user)
    if login is None or not login.is_active:
        return Reader(organisation_id=None, organisation_name="", sees_everything=False, on=day)
    organisation = organisation_of(login)
    if login.is_superuser:
        return Reader(
            organisation_id=organisation.pk if organisation else None,
            organisation_name=organisation.name if organisation else "",
            sees_everything=True,
            on=day,
        )
    if organisation is None:
        return Reader(organisation_id=None, organisation_name="", sees_everything=False, on=day)
    return reader_for_organisation(organisation, on=day)


def reader_for_organisation(organisation: Organisation, on: date | None = None) -> Reader:
    """What an organisation receives today (or on `on`): for exports and feeds made for an
    organisation rather than read by a person."""
    day = on or today()
    if organisation.sees_all_reports:
        return Reader(
            organisation_id=organisation.pk,
            organisation_name=organisation.name,
            sees_everything=True,
            on=day,
        )
    hubs = hub_organisations()
    return Reader(
        organisation_id=organisation.pk,
        organisation_name=organisation.name,
        sees_everything=False,
        on=day,
        hub_ids=hubs,
        grants=_grants(organisation, agreements_of(organisation, day), hubs),
    )


def _grants(
    reader: Organisation, agreements: Iterable[SharingAgreement], hubs: frozenset[int]
) -> dict[HolderId, Grant]:
    """Every other party's grant to `reader`, the categories of all agreements joined;
    a hub party also grants the records sent in by no organisation."""
    found: dict[HolderId, Grant] = {}
    for agreement in agreements:
        for party in agreement.parties.all():
            if party.pk == reader.pk:
                continue
            found[party.pk] = _joined(found.get(party.pk), agreement, party)
            if party.pk in hubs:
                found[HUB] = _joined(found.get(HUB), agreement, party)
    return found


def released_by(
    agreement: SharingAgreement,
    to: Organisation,
    *,
    holder_field: str = "source_organisation",
    on: date | None = None,
) -> Q | None:
    """The records this one agreement releases to `to` (the other parties' records, and
    those sent in by no organisation when the hub is a party), as a filter; None when it is
    not in force or `to` is not a party. The categories are `agreement.category_set`; the
    victim's consent still applies to each record. For feeds with a collection per
    agreement."""
    day = on or today()
    if not agreement.in_force_on(day):
        return None
    parties = list(agreement.parties.all())
    if to.pk not in {p.pk for p in parties}:
        return None
    others = sorted(p.pk for p in parties if p.pk != to.pk)
    wanted = Q(**{f"{holder_field}__in": others})
    if any(p.kind == Organisation.Kind.FRAUD_HUB for p in parties if p.pk != to.pk):
        wanted |= Q(**{f"{holder_field}__isnull": True})
    return wanted


def recipients_of(holder_id: HolderId, on: date | None = None) -> dict[int, Grant]:
    """Who receives records held by `holder_id` today, and what: every other party to an
    agreement in force with the holder (the hub's records go to the hub's partners). For
    privacy notices and subject access. Organisations that see every report are not
    listed: they receive everything."""
    day = on or today()
    holders = sorted(hub_organisations()) if holder_id is None else [holder_id]
    found: dict[int, Grant] = {}
    agreements = agreements_in_force(day).filter(parties__in=holders).distinct()
    for agreement in agreements.prefetch_related("parties"):
        for party in agreement.parties.all():
            if party.pk not in holders:
                found[party.pk] = _joined(found.get(party.pk), agreement, party)
    return found
