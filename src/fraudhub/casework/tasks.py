"""Background work for casework, run by the worker (`fraudhub db_worker`)."""

from __future__ import annotations

from django_tasks import task

from .lifecycle import OPEN_VALUES
from .models import Case
from .services import retriage, tell_duty_of_level_1, triage_reports
from .services.payments import refresh_passed_refund_deadlines


@task()
def triage_reports_task(report_ids: list[int]) -> int:
    """Triage the victims of newly stored or changed reports; returns how many cases."""
    return len(triage_reports(report_ids=report_ids))


@task()
def retriage_open_cases() -> int:
    """Triage every open case again (after an administrator changes the triage figures)."""
    count = 0
    for case in Case.objects.filter(state__in=OPEN_VALUES).select_related("victim").iterator():
        retriage(case, why="triage figures changed")
        count += 1
    return count


@task(priority=50)
def tell_duty_of_level_1_task() -> int:
    """Email the hub's duty address about the cases that have just become level 1; ahead
    of other queued work, so the duty team hears within a minute."""
    return tell_duty_of_level_1()


@task()
def refresh_refund_deadlines_task() -> int:
    """Daily: the next refund deadline of each case whose kept one has passed."""
    return refresh_passed_refund_deadlines()
