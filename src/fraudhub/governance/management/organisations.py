"""Naming an organisation on the command line: every command that takes `--org SLUG`
finds it, or says which slugs exist, the same way."""

from __future__ import annotations

from django.core.management.base import CommandError

from fraudhub.governance.models import Organisation


def organisation_by_slug(slug: str) -> Organisation:
    """The organisation, or an error that lists the known slugs."""
    found = Organisation.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
        raise CommandError(
            f"No organisation with slug '{slug}'. Known organisations: {known or 'none'}"
        )
    return found
