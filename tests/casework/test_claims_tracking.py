"""The victim's tracking page says in plain words where their claim stands, only if they
agreed to updates, and never shows a bank's name or amounts to someone the victim did not
agree to tell (a relative who reported it for them, when the victim said no to sharing)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.casework.services.case_edits import record_victim_consent
from fraudhub.casework.services.edits import Edit
from fraudhub.casework.services.triage import triage_reports
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person
from fraudhub.reports.services import CreatedReport

from ..factories import make_report, move_claim, open_claim, record_payment

pytestmark = pytest.mark.django_db


def _lodge_and_refund(created: CreatedReport, manager: User) -> None:
    case = triage_reports(report_ids=[created.report.pk])[0]
    claim = open_claim(case, [record_payment(case, manager)], manager)
    move_claim(claim, "lodged", manager)
    move_claim(claim, "reimbursed_in_full", manager)


def _page(client: Client, created: CreatedReport) -> str:
    return client.get(created.tracking_path).content.decode()


def test_a_victim_who_agreed_to_updates_reads_their_bank_and_amounts(
    manager: User, client: Client
) -> None:
    created = make_report()  # the victim reported it and agreed to contact and sharing
    _lodge_and_refund(created, manager)
    page = _page(client, created)
    assert "We have sent your claim of £4,000.00 to Barclays" in page
    assert "Barclays has agreed to pay back all the money you claimed (£4,000.00)" in page


def test_a_victim_who_did_not_agree_to_updates_is_told_nothing_of_the_claim(
    manager: User, client: Client
) -> None:
    created = make_report(
        victim=PersonInput(
            first_name="Margaret",
            last_name="Hughes",
            postcode="AL1 3EJ",
            consent_to_contact=False,
            consent_to_share=True,
        )
    )
    _lodge_and_refund(created, manager)
    page = _page(client, created)
    assert "claim" not in page.lower()
    assert "Barclays" not in page and "£4,000.00" not in page


def _daughter() -> PersonInput:
    """Someone reporting for the victim, who agreed to be contacted herself."""
    return PersonInput(
        role=Person.Role.REPORTER,
        first_name="Susan",
        last_name="Hughes",
        email="susan@example.com",
        relationship="family",
        consent_to_contact=True,
        consent_to_share=True,
    )


def _reported_by_daughter(*, victim_shares: bool, manager: User) -> CreatedReport:
    created = make_report(
        victim=PersonInput(first_name="Margaret", last_name="Hughes", postcode="AL1 3EJ"),
        reporter=_daughter(),
    )
    case = triage_reports(report_ids=[created.report.pk])[0]
    record_victim_consent(
        edit=Edit(case=case, version=case.version, actor=manager),
        consent_to_contact=True,
        consent_to_share=victim_shares,
        answered_by="victim",
        answered_on=date(2026, 12, 1),
    )
    return created


def test_someone_reporting_for_the_victim_never_sees_the_bank_or_amounts_unless_told(
    manager: User, client: Client
) -> None:
    created = _reported_by_daughter(victim_shares=False, manager=manager)
    _lodge_and_refund(created, manager)
    page = _page(client, created)
    assert "We have sent your claim to the bank" in page
    assert "Barclays" not in page
    assert "£4,000.00" not in page and "£" not in page.split("What has happened")[1]


def test_someone_reporting_for_the_victim_reads_the_details_when_the_victim_agreed(
    manager: User, client: Client
) -> None:
    created = _reported_by_daughter(victim_shares=True, manager=manager)
    _lodge_and_refund(created, manager)
    page = _page(client, created)
    assert "We have sent your claim of £4,000.00 to Barclays" in page


def test_a_victim_not_yet_asked_is_told_nothing(manager: User, client: Client) -> None:
    created = make_report(
        victim=PersonInput(first_name="Margaret", last_name="Hughes", postcode="AL1 3EJ"),
        reporter=_daughter(),
    )
    _lodge_and_refund(created, manager)
    page = _page(client, created)
    assert "claim" not in page.lower()
