"""The public journey and the phone form ask again when an answer is doubtful, keeping
what was typed and saying what to fix; check answers shows values as the hub read them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.reports.models import Report

from .test_phone_entry import CALL
from .test_phone_entry import URL as PHONE_URL
from .test_reporting_pages import VICTIM_PAGES, step, walk

pytestmark = pytest.mark.django_db
MONEY = dict(VICTIM_PAGES)["money"]


@pytest.mark.parametrize("typed", ["£1,2,00", "12,50", "£1.250", "1.234,56"])
def test_an_amount_that_reads_two_ways_is_asked_again_keeping_what_was_typed(
    client: Client, typed: str
) -> None:
    walk(client, VICTIM_PAGES[:7])
    response = client.post(step("money"), {**MONEY, "amount_lost": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert "means in pounds: use a comma only between thousands" in page
    assert f'value="{typed}"' in page
    assert client.session["report_draft"].get("money") is None


def test_money_lost_yes_with_nothing_lost_is_an_error(client: Client) -> None:
    walk(client, VICTIM_PAGES[:7])
    response = client.post(step("money"), {**MONEY, "amount_lost": "£0"})
    assert "You said you lost money: enter how much, more than £0, or select No" in (
        response.content.decode()
    )


def test_a_scammers_phone_number_with_too_few_digits_is_an_error(client: Client) -> None:
    walk(client, VICTIM_PAGES[:7])
    response = client.post(step("scammer-details"), {"phones": "0772 123 45"})
    page = response.content.decode()
    assert "The phone number &#x27;0772 123 45&#x27; has too few digits" in page
    assert "0772 123 45</textarea>" in page


def test_contact_me_with_no_phone_or_email_is_an_error(client: Client) -> None:
    pages = dict(VICTIM_PAGES)
    pages["contact-details"] = {"phone": "", "email": ""}
    walk(client, list(pages.items())[:-1])
    response = client.post(step("consent"), {"consent_to_contact": "yes", "consent_to_share": "no"})
    assert "You have not given a phone number or email address" in response.content.decode()
    assert (
        client.post(
            step("consent"), {"consent_to_contact": "no", "consent_to_share": "no"}
        ).status_code
        == 302
    )


def test_check_answers_shows_the_amount_and_dates_as_the_hub_read_them(client: Client) -> None:
    pages = dict(VICTIM_PAGES)
    pages["when"] = {
        "incident_date_day": "1",
        "incident_date_month": "12",
        "incident_date_year": "2025",
    }
    pages["money"] = {**MONEY, "amount_lost": "4000"}
    walk(client, list(pages.items()))
    page = client.get(reverse("intake:check")).content.decode()
    assert "1 December 2025" in page
    assert "£4,000.00 by bank transfer" in page


def test_a_likely_email_typo_gets_did_you_mean_without_blocking(client: Client) -> None:
    pages = dict(VICTIM_PAGES)
    pages["contact-details"] = {"phone": "", "email": "jean@gmial.com"}
    walk(client, list(pages.items()))
    page = client.get(reverse("intake:check")).content.decode()
    assert "Did you mean jean@gmail.com?" in page
    client.post(reverse("intake:check"))
    victim = Report.objects.get().victim
    assert victim is not None and victim.email == "jean@gmial.com"


def test_phone_form_asks_again_for_an_amount_that_reads_two_ways(manager_client: Client) -> None:
    response = manager_client.post(PHONE_URL, {**CALL, "amount_lost": "12,50"})
    assert "We cannot tell what &#x27;12,50&#x27; means in pounds" in response.content.decode()
    assert not Report.objects.exists()


def test_phone_form_refuses_a_scammers_number_with_too_few_digits(manager_client: Client) -> None:
    response = manager_client.post(PHONE_URL, {**CALL, "scammer_phones": "01727 1234"})
    assert "has too few digits" in response.content.decode()
    assert not Report.objects.exists()


def test_phone_form_refuses_contact_with_no_way_to_contact(manager_client: Client) -> None:
    response = manager_client.post(PHONE_URL, {**CALL, "reporter_phone": ""})
    assert "Give the caller&#x27;s phone number or email address, or select No" in (
        response.content.decode()
    )
    assert not Report.objects.exists()


def test_a_likely_email_typo_taken_by_phone_is_saved_and_shown_with_did_you_mean(
    manager_client: Client,
) -> None:
    response = manager_client.post(PHONE_URL, {**CALL, "reporter_email": "sam@hotmial.co.uk"})
    assert response.status_code == 302
    page = manager_client.get(response["Location"]).content.decode()
    assert "Did you mean sam@hotmail.co.uk? Check with them before writing." in page
    reporter = Report.objects.get().reporter
    assert reporter is not None and reporter.email == "sam@hotmial.co.uk"
