"""Identifier search for analysts: the reports the user may see holding a scammer's
identifier, found on the value as normalised or as typed. Each search is audited as one
entry naming each report found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from fraudhub.governance import audit, policy
from fraudhub.governance.models import AuditEvent
from fraudhub.governance.search_terms import describe
from fraudhub.reports import normalise as n
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Identifier, Report
from fraudhub.reports.preparation import normalise_identifier
from fraudhub.reports.references import read_reference
from fraudhub.reports.selectors import Actor, released_q, visible_reports

from .models import ExcludedIdentifier
from .selectors import NOT_KNOWN, _shown

SEARCH_KINDS = [kind for kind in Identifier.Kind if kind != Identifier.Kind.PERSON_NAME]
_BANK_DETAILS = re.compile(r"^\D*(\d{2})\D?(\d{2})\D?(\d{2})\D+(\d{8})\D*$|^(\d{6})(\d{8})$")
MIN_PARTIAL = 3


LENIENT_KINDS = (Identifier.Kind.VEHICLE, Identifier.Kind.COMPANY, Identifier.Kind.SOCIAL_MEDIA)


def search_keys(typed: str, kind: str = "") -> list[tuple[str, str]]:
    """The (kind, normalised value) pairs an identifier as typed could be stored under,
    normalised as intake normalises it. With no kind chosen, the strict kinds (phone,
    email, website, bank account, wallet) are tried first; the lenient ones, which read
    almost any text, only when none of those can read it. A Fraud Hub reference is none
    of these (it is not a phone number)."""
    if read_reference(typed):
        return []
    if kind:
        key = _search_key(typed, kind, chosen=True)
        return [key] if key else []
    strict = [k for k in SEARCH_KINDS if k not in LENIENT_KINDS]
    keys = [key for k in strict if (key := _search_key(typed, k, chosen=False))]
    if keys:
        return keys
    return [key for k in LENIENT_KINDS if (key := _search_key(typed, k, chosen=False))]


def _search_key(typed: str, kind: str, *, chosen: bool) -> tuple[str, str] | None:
    if kind == Identifier.Kind.BANK_ACCOUNT:
        compact = typed.strip()
        match = _BANK_DETAILS.match(compact)
        if match:
            groups = [g for g in match.groups() if g]
            result = n.bank_account("".join(groups[:-1]), groups[-1])
        else:
            result = n.bank_account("", compact)
    else:
        result = normalise_identifier(IdentifierInput(kind=kind, value=typed))
    if result.value is None:
        return None
    if not chosen and kind == Identifier.Kind.CRYPTO_WALLET and result.issues:
        return None  # almost any text "normalises" to an unrecognised wallet
    if not chosen and kind == Identifier.Kind.BANK_ACCOUNT and result.value.startswith("??"):
        return None
    return (kind, result.value)


@dataclass
class FoundReport:
    reference: str
    received_date: date
    scam_type: str
    cluster_id: int | None


@dataclass
class FoundIdentifier:
    """One value found, the reports the user may see that hold it, and whether it is
    kept out of linking."""

    kind: str
    kind_label: str
    value: str
    typed_as: list[str]
    exact: bool
    excluded_reason: str = ""
    reports: list[FoundReport] = field(default_factory=list)

    @property
    def clusters(self) -> list[int]:
        return sorted({r.cluster_id for r in self.reports if r.cluster_id is not None})


@dataclass
class IdentifierSearch:
    typed: str
    keys: list[tuple[str, str]]
    found: list[FoundIdentifier]
    exclusions: list[tuple[str, str, str]]
    more: bool = False
    limit: int = 0
    reference: str = ""  # what was typed is a Fraud Hub reference, not an identifier

    @property
    def searched(self) -> list[tuple[str, str]]:
        """What was looked for: each kind's label and the value as normalised."""
        labels = dict(Identifier.Kind.choices)
        return [(str(labels.get(k, k)), v) for k, v in self.keys]

    @property
    def report_count(self) -> int:
        return len({r.reference for f in self.found for r in f.reports})


SEARCH_LIMIT = 500


def search_identifiers(
    user: Actor, typed: str, kind: str = "", *, page: str = "identifier search"
) -> IdentifierSearch:
    """Reports the user may see holding an identifier: exact matches on the value as
    normalised, and partial matches on the value as typed. The search is audited as one
    entry (on `page`) naming each report found, the value typed kept only as fingerprints."""
    typed = typed.strip()
    keys = search_keys(typed, kind)
    exact = Q()
    for each, value in keys:
        exact |= Q(kind=each, normalised=value)
    reference = read_reference(typed)
    partial = Q(raw__icontains=typed) if len(re.sub(r"\W", "", typed)) >= MIN_PARTIAL else Q()
    digits = re.sub(r"\D", "", typed)
    if reference:
        partial = Q()
    elif len(digits) >= 6 and len(digits) >= len(re.sub(r"[\s\-().+]", "", typed)):
        partial |= Q(kind__in=["phone", "bank_account"], normalised__contains=digits[-9:])
    wanted = exact | partial
    reader = policy.reader_for(user)
    searchable = visible_reports(user, reader).filter(
        released_q(reader, policy.Category.SCAM_DETAILS)
    )
    matches = Identifier.objects.filter(report__in=searchable).filter(wanted)
    if not wanted:
        matches = matches.none()
    if kind:
        matches = matches.filter(kind=kind)
    rows = list(
        matches.select_related("report__scam_type", "report__cluster_member").order_by(
            "kind", "normalised", "-report__received_date"
        )[: SEARCH_LIMIT + 1]
    )
    more = len(rows) > SEARCH_LIMIT
    rows = rows[:SEARCH_LIMIT]
    excluded = {
        (e.kind, e.value): e.reason
        for e in ExcludedIdentifier.objects.filter(
            kind__in={r.kind for r in rows} | {k for k, _ in keys}
        )
    }
    found: dict[tuple[str, str], FoundIdentifier] = {}
    seen: set[int] = set()
    reports: list[Report] = []
    for ident in rows:
        value = ident.normalised or ident.raw
        pair = (ident.kind, value)
        if pair not in found:
            found[pair] = FoundIdentifier(
                kind=ident.kind,
                kind_label=ident.get_kind_display(),
                value=_shown(ident),
                typed_as=[],
                exact=(ident.kind, ident.normalised) in keys,
                excluded_reason=excluded.get((ident.kind, ident.normalised), ""),
            )
        hit = found[pair]
        if ident.raw not in hit.typed_as:
            hit.typed_as.append(ident.raw)
        report = ident.report
        if all(r.reference != report.reference for r in hit.reports):
            member = getattr(report, "cluster_member", None)
            hit.reports.append(
                FoundReport(
                    reference=str(report.reference),
                    received_date=report.received_date,
                    scam_type=report.scam_type.name if report.scam_type else NOT_KNOWN,
                    cluster_id=member.cluster_id if member else None,
                )
            )
        if report.pk not in seen:
            seen.add(report.pk)
            reports.append(report)
    audit.record_list(
        actor=user,
        page=page,
        objects=reports,
        object_type=Report._meta.label_lower,
        action=AuditEvent.Action.SEARCH,
        search=describe(
            kept={"kind": kind, "reference": reference or ""},
            hidden={"value": "" if reference else typed},
        ),
    )
    ordered = sorted(found.values(), key=lambda f: (not f.exact, -len(f.reports), f.value))
    result = IdentifierSearch(typed, keys, ordered, [], more, SEARCH_LIMIT, reference or "")
    result.exclusions = [
        (label, value, excluded[(k, value)])
        for (k, value), (label, _) in zip(keys, result.searched, strict=True)
        if (k, value) in excluded
    ]
    return result
