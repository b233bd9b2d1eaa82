"""A resident's unfinished report is kept on their device for a day, not weeks, and every
page of the journey offers to delete it at once (a shared computer or phone)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_unfinished_answers_are_kept_for_a_day() -> None:
    assert settings.SESSION_COOKIE_AGE == 24 * 60 * 60


def test_a_resident_deletes_their_answers_from_a_shared_device(client: Client) -> None:
    client.post("/report/who/", {"reporting_for": "myself"})
    assert "Continue your report" in client.get("/report/").content.decode()
    step = client.get("/report/who/").content.decode()
    assert "Delete my answers" in step and 'action="/report/delete-answers/"' in step
    response = client.post("/report/delete-answers/", follow=True)
    page = response.content.decode()
    assert "Your answers have been deleted from this device" in page
    assert "Continue your report" not in page


def test_deleting_answers_needs_a_post_from_the_page(client: Client) -> None:
    assert client.get("/report/delete-answers/").status_code == 405


def test_starting_again_needs_a_post_so_no_link_can_wipe_the_answers(client: Client) -> None:
    client.post("/report/who/", {"reporting_for": "myself"})
    assert client.get("/report/start-again/").status_code == 405
    assert "Continue your report" in client.get("/report/").content.decode()
    response = client.post("/report/start-again/")
    assert response.status_code == 302 and response["Location"] == "/report/who/"
    assert "Continue your report" not in client.get("/report/").content.decode()


@pytest.mark.parametrize("typed", ["£1,2,00", "1,2,00", "12,50", "£1.250", "1.234,56"])
def test_the_money_page_asks_again_for_an_amount_that_reads_two_ways(typed: str) -> None:
    from fraudhub.intake.forms import MoneyForm

    form = MoneyForm(
        data={"lost_money": "yes", "amount_lost": typed, "payment_method": "bank_transfer"}
    )
    assert not form.is_valid()
    assert "means in pounds" in form.errors["amount_lost"][0]
