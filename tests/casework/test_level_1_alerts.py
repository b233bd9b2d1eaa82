"""Staff on the hub are told of a new level 1 case within a minute: the worker emails the
hub's duty address once the case is stored, and the queue counts level 1 cases nobody is
assigned to, saying how many are new since the person last looked."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from fraudhub.casework.models import Case, TriageSettings
from fraudhub.casework.services import Edit, assign_case, triage_reports
from fraudhub.casework.tasks import retriage_open_cases
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.services import update_report

from ..factories import make_report, submission

pytestmark = pytest.mark.django_db
URGENT = {"still_in_contact": True}


def victim(first_name: str) -> PersonInput:
    return PersonInput(first_name=first_name, last_name="Hughes", age="78", postcode="AL1 3EJ")


def triaged(capture: Any, **overrides: Any) -> Case:
    """A report stored and triaged as the intake routes do: after the commit."""
    with capture(execute=True):
        created = make_report(**overrides)
    return Case.objects.get(reports=created.report)


def test_a_new_level_1_case_is_emailed_to_the_duty_address_once_stored(
    hub_org: object, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FRAUDHUB_DUTY_EMAIL = "duty@hub.example"
    settings.SITE_URL = "https://fraudhub.example"
    case = triaged(django_capture_on_commit_callbacks, **URGENT)
    assert case.level == 1 and case.level_1_since is not None
    [email] = mail.outbox
    assert email.to == ["duty@hub.example"]
    due = f"{case.due_date:%A} {case.due_date.day} {case.due_date:%B %Y}"
    assert email.subject == f"New level 1 case {case.pk}: first contact due by {due}"
    assert (
        f"Case {case.pk} is level 1 (aged 78, AL1, Bank or building society impersonation)."
        in email.body
    )
    assert "- The scammer is still in contact or still asking for money" in email.body
    assert f"https://fraudhub.example/staff/cases/{case.pk}/" in email.body
    for personal in ("Margaret", "Hughes", "01727", "margaret@example.com"):
        assert personal not in email.body


def test_the_email_waits_for_the_commit(hub_org: object) -> None:
    triage_reports(report_ids=[make_report(**URGENT).report.pk])
    assert mail.outbox == []  # the transaction has not committed


def test_a_case_still_at_level_1_is_not_emailed_again(
    hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    case = triaged(django_capture_on_commit_callbacks, **URGENT)
    report = case.reports.get()
    with django_capture_on_commit_callbacks(execute=True):
        update_report(report=report, submission=submission(amount_lost="£20,000", **URGENT))
    case.refresh_from_db()
    assert case.level == 1
    assert len(mail.outbox) == 1


def test_a_level_2_case_is_not_emailed_until_it_becomes_level_1(
    hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    case = triaged(django_capture_on_commit_callbacks)
    assert case.level == 2 and case.level_1_since is None
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        update_report(report=case.reports.get(), submission=submission(**URGENT))
    assert [m.subject.startswith(f"New level 1 case {case.pk}") for m in mail.outbox] == [True]


def test_no_email_without_a_duty_address(
    hub_org: object, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.FRAUDHUB_DUTY_EMAIL = ""
    assert triaged(django_capture_on_commit_callbacks, **URGENT).level == 1
    assert mail.outbox == []


def test_many_new_level_1_cases_at_once_make_one_email_naming_each(
    hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    """A partner's file, or new triage figures, can make many cases level 1 at once."""
    capture = django_capture_on_commit_callbacks
    cases = [triaged(capture, victim=victim(name), amount_lost="£6,000") for name in "ABC"]
    assert mail.outbox == []
    figures = TriageSettings.current()
    figures.loss_threshold = 5000
    figures.save()
    with capture(execute=True):
        retriage_open_cases.call()
    [email] = mail.outbox
    for case in cases:
        case.refresh_from_db()
    first_due = min(c.due_date for c in cases)
    assert email.subject == (
        f"3 new level 1 cases: the first due by {first_due:%A} {first_due.day} {first_due:%B %Y}"
    )
    for case in cases:
        assert f"Case {case.pk} is level 1" in email.body
        assert case.events.filter(text="Duty team emailed: new level 1 case").count() == 1
    with capture(execute=True):
        retriage_open_cases.call()
    assert len(mail.outbox) == 1


def test_a_case_that_leaves_level_1_and_comes_back_is_told_again(
    hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    case = triaged(capture, **URGENT)
    report = case.reports.get()
    with capture(execute=True):
        update_report(report=report, submission=submission(still_in_contact=False))
    case.refresh_from_db()
    assert case.level == 2 and case.level_1_since is None
    with capture(execute=True):
        update_report(report=report, submission=submission(**URGENT))
    assert [m.subject.startswith(f"New level 1 case {case.pk}") for m in mail.outbox] == [
        True,
        True,
    ]


def test_the_queue_counts_unassigned_level_1_cases_and_those_new_since_last_looked(
    manager_client: Client, manager: User, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    capture = django_capture_on_commit_callbacks
    first = triaged(capture, victim=victim("Ann"), **URGENT)
    triaged(capture, victim=victim("Bob"), **URGENT)
    triaged(capture, victim=victim("Cy"))  # level 2: not counted
    page = manager_client.get("/staff/cases/").content.decode()
    assert "2 level 1 cases have nobody assigned (2 new since you last looked)." in page

    page = manager_client.get("/staff/cases/").content.decode()
    assert "2 level 1 cases have nobody assigned." in page

    first.refresh_from_db()
    assign_case(edit=Edit(case=first, version=first.version, actor=manager), to=manager)
    triaged(capture, victim=victim("Di"), payment_method="courier")
    page = manager_client.get("/staff/cases/").content.decode()
    assert "2 level 1 cases have nobody assigned (1 new since you last looked)." in page


def test_the_queue_says_nothing_when_every_level_1_case_is_assigned(
    manager_client: Client, hub_org: object
) -> None:
    triage_reports(report_ids=[make_report().report.pk])
    page = manager_client.get("/staff/cases/").content.decode()
    assert "level-1-waiting" not in page
