"""Partner wording for scam types and contact methods. Every slug and name in the taxonomy
maps to itself; the table adds partners' own words, which administrators extend."""

from __future__ import annotations

from django.db.models import Q

from fraudhub.governance.models import Organisation
from fraudhub.reports.models import ContactMethod, ScamType

from .models import ValueMapping
from .referrals import Mappings, mapping_key


def load(organisation: Organisation | None) -> Mappings:
    """The mappings that apply to a partner: taxonomy slugs and names, the shared table,
    then the partner's own entries (which win)."""
    scam_types = {}
    contact_methods = {}
    for slug, name in ScamType.objects.values_list("slug", "name"):
        scam_types[mapping_key(slug)] = slug
        scam_types[mapping_key(name)] = slug
    for slug, name in ContactMethod.objects.values_list("slug", "name"):
        contact_methods[mapping_key(slug)] = slug
        contact_methods[mapping_key(name)] = slug
    rows = (
        ValueMapping.objects.filter(Q(organisation=None) | Q(organisation=organisation))
        .select_related("scam_type", "contact_method")
        .order_by("organisation_id")
    )
    for row in sorted(rows, key=lambda r: r.organisation_id is not None):
        if row.kind == ValueMapping.Kind.SCAM_TYPE and row.scam_type is not None:
            scam_types[mapping_key(row.text)] = row.scam_type.slug
        elif row.contact_method is not None:
            contact_methods[mapping_key(row.text)] = row.contact_method.slug
    return Mappings(scam_types=scam_types, contact_methods=contact_methods)
