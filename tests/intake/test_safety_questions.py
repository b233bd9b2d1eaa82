"""Partners are asked what the public journey asks for the victim's safety: how the hub
may contact them, and whether the scammer is still in touch. The partner form, the file
format and the API take the same two answers, and an answer the hub does not understand
is flagged, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fraudhub.governance.models import Organisation
from fraudhub.intake.file_imports import import_referrals
from fraudhub.reports.models import Person, Report
from tests.factories import sign_in

from .test_api import REFERRAL as API_REFERRAL
from .test_api import client_for, send
from .test_import_referrals import GOOD, HEADER, write_csv
from .test_partner_pages import REFERRAL as FORM_REFERRAL

pytestmark = pytest.mark.django_db
SAFETY = ["victim_contact_rule", "still_in_contact"]


@pytest.fixture
def partner_api(partner: User) -> APIClient:
    return client_for(partner)


@pytest.fixture
def partner_client(client: Client, partner: User) -> Client:
    return sign_in(client, partner)


def _victim(report: Report) -> Person:
    return report.persons.get(role=Person.Role.VICTIM)


@pytest.mark.parametrize(
    ("rule", "still", "stored"),
    [
        ("no_phone", "yes", ("no_phone", True)),
        ("Do not phone", "No", ("no_phone", False)),
        ("via carer", "not sure", ("via_carer", None)),
        ("Only through the person who reported it", "", ("via_reporter", None)),
    ],
)
def test_a_file_row_says_how_to_contact_the_victim_and_whether_the_scammer_is_in_touch(
    tmp_path: Path, org: Organisation, rule: str, still: str, stored: tuple[str, bool | None]
) -> None:
    path = write_csv(tmp_path / "f.csv", [[*GOOD, rule, still]], header=[*HEADER, *SAFETY])
    run = import_referrals(path=path, organisation=org)
    assert run.created == 1 and run.warnings == 0
    report = Report.objects.get()
    assert (_victim(report).contact_rule, report.still_in_contact) == stored


def test_safety_answers_the_hub_does_not_understand_are_flagged_not_guessed(
    tmp_path: Path, org: Organisation
) -> None:
    path = write_csv(
        tmp_path / "f.csv", [[*GOOD, "ring after 6", "maybe"]], header=[*HEADER, *SAFETY]
    )
    run = import_referrals(path=path, organisation=org)
    report = Report.objects.get()
    assert _victim(report).contact_rule == Person.ContactRule.DIRECT  # the default, not a reading
    assert report.still_in_contact is None
    assert "victim_contact_rule 'ring after 6' was not understood" in report.quality_issues
    assert "still_in_contact 'maybe' was not understood" in report.quality_issues
    messages = [w["message"] for w in run.warning_messages]
    assert any(
        m.startswith("victim_contact_rule 'ring after 6' is not one of direct") for m in messages
    )
    assert "still_in_contact 'maybe' is not yes, no or not sure" in messages


def test_the_api_takes_the_safety_answers(partner_api: APIClient) -> None:
    response = send(
        partner_api, {**API_REFERRAL, "victim_contact_rule": "no_phone", "still_in_contact": "yes"}
    )
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (_victim(report).contact_rule, report.still_in_contact) == ("no_phone", True)
    assert response.json()["victim"]["contact_rule"] == "no_phone"


def test_the_api_warns_about_a_safety_answer_it_does_not_understand(
    partner_api: APIClient,
) -> None:
    response = send(partner_api, {**API_REFERRAL, "still_in_contact": "sometimes"})
    assert response.status_code == 201
    assert "still_in_contact 'sometimes' is not yes, no or not sure" in response.json()["warnings"]


def test_the_partner_form_asks_the_safety_questions(partner_client: Client) -> None:
    page = partner_client.get(reverse("intake:refer")).content.decode()
    assert "How can the fraud hub safely contact them?" in page
    assert "Is the scammer still in touch with them, or still asking for money?" in page
    partner_client.post(
        reverse("intake:refer"),
        {**FORM_REFERRAL, "victim_contact_rule": "via_carer", "still_in_contact": "not sure"},
    )
    report = Report.objects.get()
    assert (_victim(report).contact_rule, report.still_in_contact) == ("via_carer", None)
    assert not [i for i in report.quality_issues if "understood" in i]


def test_the_partner_form_asks_again_for_an_amount_that_reads_two_ways(
    partner_client: Client,
) -> None:
    response = partner_client.post(
        reverse("intake:refer"), {**FORM_REFERRAL, "amount_lost": "£1.250"}
    )
    page = response.content.decode()
    assert "We cannot tell what &#x27;£1.250&#x27; means in pounds" in page
    assert 'value="£1.250"' in page
    assert not Report.objects.exists()
