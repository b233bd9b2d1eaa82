"""The demo's alerts show every state a team would have, with four eyes kept."""

from __future__ import annotations

from datetime import date

import pytest

from fraudhub.prevention.demo import publish_alerts
from fraudhub.prevention.models import Alert
from tests.factories import staff_user

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_alerts_some_welsh_one_waiting_and_one_withdrawn() -> None:
    for username, role in (
        ("analyst", "Analyst"),
        ("manager", "Case manager"),
        ("admin", "Administrator"),
    ):
        staff_user(username, role=role)
    assert publish_alerts(as_of=date(2026, 11, 20)) == 6
    published = Alert.objects.filter(status=Alert.Status.PUBLISHED)
    assert published.count() == 4
    assert sum(a.has_welsh for a in published) == 3
    assert Alert.objects.filter(status=Alert.Status.AWAITING_APPROVAL).count() == 1
    assert Alert.objects.filter(status=Alert.Status.WITHDRAWN).count() == 1
    assert all(a.approved_by_id != a.drafted_by_id for a in published)
    assert {a.published_at.date() for a in published} == {  # type: ignore[union-attr]
        date(2026, 10, 21),
        date(2026, 11, 4),
        date(2026, 11, 11),
        date(2026, 11, 17),
    }
    assert publish_alerts(as_of=date(2026, 11, 20)) == 0, "once"
