"""Page titles the GOV.UK way: "Question – Report a scam – Hertfordshire Fraud Hub", and the
start page, which is the service itself, "Report a scam – Hertfordshire Fraud Hub"."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_start_page_is_titled_once_with_the_service_and_the_site(client: Client) -> None:
    page = client.get("/report/").content.decode()
    assert "<title>Report a scam – Hertfordshire Fraud Hub</title>" in page


def test_a_question_page_names_the_question_the_service_and_the_site(client: Client) -> None:
    page = client.get("/report/who/").content.decode()
    expected = "Who are you reporting a scam for? – Report a scam – Hertfordshire Fraud Hub"
    assert f"<title>{expected}</title>" in page
