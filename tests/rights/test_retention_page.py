"""The retention page: everyone who handles rights sees the schedule, its runs and the
holds in force; only an administrator changes the periods, with clear messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from fraudhub.governance.models import AuditEvent, RetentionRule, RetentionRun
from fraudhub.governance.retention import SCHEDULES, Kind
from tests.factories import make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db

DEFAULTS = {k.value: s.default_days for k, s in SCHEDULES.items()}


def test_an_administrator_sets_a_period_and_the_change_is_audited() -> None:
    admin = sign_in(Client(), staff_user("admin", role="Administrator"))
    response = admin.post(
        "/staff/data-rights/retention/", {**DEFAULTS, Kind.QUARANTINED_ROWS.value: "60"}
    )
    assert response.status_code == 302
    assert RetentionRule.objects.get(kind=Kind.QUARANTINED_ROWS).keep_days == 60
    assert RetentionRule.objects.count() == 1, "only the changed period is stored"
    entry = AuditEvent.objects.get(object_type="governance.retentionrule")
    assert entry.detail == {"keep_days": [90, 60]}
    page = admin.get("/staff/data-rights/retention/").content.decode()
    assert "60 days from the date the row was quarantined" in page
    assert "3 years from the date the report was received" in page


def test_a_period_that_is_not_a_number_of_days_says_what_to_fix() -> None:
    admin = sign_in(Client(), staff_user("admin", role="Administrator"))
    response = admin.post(
        "/staff/data-rights/retention/",
        {**DEFAULTS, Kind.IMPORT_FILES.value: "a month", Kind.CLOSED_CASES.value: "0"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a whole number of days, like 90 or 1095" in text
    assert "Enter at least 1 day" in text
    assert 'value="a month"' in text
    assert not RetentionRule.objects.exists()


def test_the_data_protection_officer_runs_the_schedule_but_cannot_change_it() -> None:
    make_report(received_date=date.today() - timedelta(days=4 * 365))
    dpo = sign_in(Client(), staff_user("dpo", role="Data protection officer"))
    page = dpo.get("/staff/data-rights/retention/").content.decode()
    assert "Only an administrator can change the periods" in page
    assert dpo.post("/staff/data-rights/retention/", DEFAULTS).status_code == 403
    response = dpo.post("/staff/data-rights/retention/run/", {"dry_run": "yes"}, follow=True)
    assert "Counted 1 record due: nothing was changed" in response.content.decode()
    run = RetentionRun.objects.get()
    assert run.dry_run and run.run_by == "dpo"
    assert run.counts[Kind.REPORTS_WITHOUT_CASE] == 1
    response = dpo.post("/staff/data-rights/retention/run/", follow=True)
    assert "Retention run finished: 1 record anonymised or erased" in response.content.decode()
    assert AuditEvent.objects.filter(action="erase", actor_label="dpo").exists()
