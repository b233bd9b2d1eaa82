"""The demo county has identifiers published for checking from its busiest clusters, so
the check page has real matches to show; loading it twice publishes nothing more."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from fraudhub.prevention.checking import check
from fraudhub.prevention.demo_published import publish_demo_identifiers
from fraudhub.prevention.models import PublishedIdentifier

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_identifiers_of_its_clusters_that_the_check_finds() -> None:
    call_command("demo_data", reports=150, seed=3, as_of=date(2026, 11, 20), force=True)

    items = list(PublishedIdentifier.objects.all())
    assert 1 <= len(items) <= 4
    assert all(item.cluster_id and item.approved_by_label == "analyst" for item in items)
    answer = check(items[0].kind, items[0].value)
    assert answer.published_match and answer.reports >= 2
    assert publish_demo_identifiers() == 0
