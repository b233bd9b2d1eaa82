"""The public journey and phone entry ask whether the scammer may still be in touch (with
"not sure" kept as an answer of its own) and how the money went, including a "safe
account" and a courier, so triage can see a scam that may still be live; partner systems
may send both too."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from fraudhub.casework.models import Case
from fraudhub.reports.models import Report
from tests.factories import api_token, make_report

from .test_api import REFERRAL
from .test_phone_entry import CALL
from .test_reporting_pages import VICTIM_PAGES, walk

pytestmark = pytest.mark.django_db


def answers(**pages: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(slug, pages.get(slug.replace("-", "_"), data)) for slug, data in VICTIM_PAGES]


THE_ISSUES_CALLER = answers(
    still_in_contact={"still_in_contact": "not_sure"},
    money={"lost_money": "yes", "amount_lost": "£4,000", "payment_method": "safe_account"},
    about={"first_name": "Rita", "last_name": "Jones", "age": "79", "postcode": "AL10 9AB"},
)


def test_not_sure_and_a_safe_account_are_kept_and_make_the_case_level_1(
    client: Client, hub_org: object, django_capture_on_commit_callbacks: Any
) -> None:
    walk(client, THE_ISSUES_CALLER)
    check = client.get(reverse("intake:check")).content.decode()
    assert "£4,000.00 moved to a &#x27;safe account&#x27; the caller gave" in check
    assert "Not sure" in check
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("intake:check"))
    report = Report.objects.get()
    assert (report.still_in_contact, report.still_in_contact_not_sure) == (None, True)
    assert report.payment_method == Report.PaymentMethod.SAFE_ACCOUNT
    case = Case.objects.get(reports=report)
    assert case.level == 1
    assert case.triage_reasons[:2] == [
        "Not sure whether the scammer is still in contact: treated as possibly in contact",
        "Money moved to a 'safe account' the scammer gave",
    ]


def test_the_money_page_offers_a_safe_account_and_a_courier(client: Client) -> None:
    walk(client, VICTIM_PAGES[:7])
    page = client.get(reverse("intake:step", args=["money"])).content.decode()
    assert "How was the money paid or moved?" in page
    assert "Moved to a &#x27;safe account&#x27; the caller gave" in page
    assert "Handed to a courier who came to collect it" in page


def test_a_call_handler_records_not_sure_and_a_courier(manager_client: Client) -> None:
    manager_client.post(
        reverse("intake:phone_entry"),
        {**CALL, "still_in_contact": "not_sure", "payment_method": "courier"},
    )
    report = Report.objects.get()
    assert (report.still_in_contact, report.still_in_contact_not_sure) == (None, True)
    assert report.payment_method == Report.PaymentMethod.COURIER


def test_a_call_handler_who_did_not_ask_records_nothing(manager_client: Client) -> None:
    manager_client.post(reverse("intake:phone_entry"), {**CALL, "still_in_contact": ""})
    report = Report.objects.get()
    assert (report.still_in_contact, report.still_in_contact_not_sure) == (None, False)


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("safe account", Report.PaymentMethod.SAFE_ACCOUNT),
        ("Safe_Account", Report.PaymentMethod.SAFE_ACCOUNT),
        ("courier", Report.PaymentMethod.COURIER),
        ("Handed to a courier who came to collect it", Report.PaymentMethod.COURIER),
    ],
)
def test_a_partner_system_may_send_a_safe_account_or_a_courier(
    partner: User, hub_org: object, sent: str, stored: str, django_capture_on_commit_callbacks: Any
) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/", {**REFERRAL, "payment_method": sent}, format="json"
        )
    assert response.status_code == 201, response.json()
    assert response.json()["payment_method"] == stored
    assert Case.objects.get().level == 1


def test_staff_see_on_the_report_that_the_person_was_not_sure(
    manager_client: Client, hub_org: object
) -> None:
    unsure = make_report(still_in_contact_not_sure=True, payment_method="courier").report
    page = manager_client.get(reverse("staff:report_detail", args=[unsure.reference])).content
    text = page.decode()
    assert "not sure whether the scammer was still in touch: treat them as possibly" in text
    assert "£1,250.00 handed to a courier who came to collect it" in text
    sure = make_report(still_in_contact=False).report
    page = manager_client.get(reverse("staff:report_detail", args=[sure.reference])).content
    assert 'id="still-in-touch"' not in page.decode()


@pytest.mark.parametrize(
    ("sent", "not_sure", "level"),
    [("Not sure", True, 1), ("don't know", True, 1), ("unknown", False, 2), ("no", False, 2)],
)
def test_a_partner_who_says_the_victim_is_not_sure_makes_the_case_level_1(
    partner: User,
    hub_org: object,
    sent: str,
    not_sure: bool,
    level: int,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(partner)}")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/reports/", {**REFERRAL, "still_in_contact": sent}, format="json"
        )
    assert response.status_code == 201, response.json()
    report = Report.objects.get()
    assert (report.still_in_contact, report.still_in_contact_not_sure) == (
        {"no": False}.get(sent),
        not_sure,
    )
    assert Case.objects.get().level == level
