"""The public reporting journey, page by page, as a resident's browser sees it (no
JavaScript needed): errors say what to fix, answers are kept, and the report arrives."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from fraudhub.reports.models import Person, Report

pytestmark = pytest.mark.django_db

VICTIM_PAGES = [
    ("who", {"reporting_for": "myself"}),
    ("scam-type", {"scam_type": "bank_impersonation"}),
    ("contact-method", {"contact_method": "phone_call"}),
    ("what-happened", {"narrative": "A man said he was from my bank and I moved my savings."}),
    ("when", {"incident_date_day": "5", "incident_date_month": "3", "incident_date_year": "2026"}),
    ("still-in-contact", {"still_in_contact": "no"}),
    ("scammer-details", {"phones": "020 7946 0123", "websites": "secure-bank-help.com"}),
    (
        "money",
        {
            "lost_money": "yes",
            "amount_lost": "£2,500",
            "payment_method": "bank_transfer",
            "sort_code": "30 99 50",
            "account_number": "00733445",
        },
    ),
    ("about", {"first_name": "Jean", "last_name": "Smith", "age": "81", "postcode": "al1 3ej"}),
    ("support-needs", {"indicators": ["lives_alone", "bereavement"]}),
    ("contact-details", {"phone": "01727 123456", "email": "jean@example.com"}),
    ("consent", {"consent_to_contact": "yes", "consent_to_share": "yes"}),
]


def step(slug: str) -> str:
    return reverse("intake:step", args=[slug])


def walk(client: Client, pages: list[tuple[str, dict]]) -> None:  # type: ignore[type-arg]
    for slug, data in pages:
        response = client.post(step(slug), data)
        assert response.status_code == 302, f"{slug}: {response.content.decode()[:3000]}"


def test_victim_reports_a_scam_and_gets_a_reference_link_and_advice(client: Client) -> None:
    walk(client, VICTIM_PAGES)
    check = client.get(reverse("intake:check"))
    assert "Check your answers before sending your report" in check.content.decode()
    assert "£2,500.00 by bank transfer" in check.content.decode()
    assert "5 March 2026" in check.content.decode()
    response = client.post(reverse("intake:check"), follow=True)
    page = response.content.decode()
    report = Report.objects.get()
    assert "Report sent" in page
    assert report.reference in page
    assert f"/track/{report.reference}/" in page
    assert "Call 159" in page
    victim = report.victim
    assert victim is not None
    assert (victim.first_name, victim.postcode, victim.age_at_incident) == ("Jean", "AL1 3EJ", 81)
    assert victim.vulnerability_indicators == ["lives_alone", "bereavement"]
    assert report.source == Report.Source.PUBLIC_WEB
    assert report.identifiers.filter(kind="bank_account", normalised="30-99-50 00733445").exists()
    assert client.session.get("report_draft") is None


def test_someone_reporting_for_their_mother_sets_how_she_may_be_contacted(client: Client) -> None:
    pages = [
        ("who", {"reporting_for": "someone_else"}),
        ("relationship", {"relationship": "family"}),
    ]
    pages += [p for p in VICTIM_PAGES[1:] if p[0] not in ("contact-details", "consent")]
    pages += [
        ("safe-contact", {"contact_rule": "no_phone"}),
        (
            "contact-details",
            {
                "reporter_first_name": "Sam",
                "reporter_last_name": "Smith",
                "email": "sam@example.com",
            },
        ),
        ("consent", {"consent_to_contact": "yes", "consent_to_share": "no"}),
    ]
    walk(client, pages)
    client.post(reverse("intake:check"))
    report = Report.objects.get()
    assert report.victim is not None and report.reporter is not None
    assert report.victim.contact_rule == Person.ContactRule.NO_PHONE
    assert report.reporter.email == "sam@example.com"
    assert report.reporter.relationship == "family"
    assert report.reporter.consent_to_share is False  # Sam's answer, not the victim's


def test_their_wording_is_used_when_reporting_for_someone_else(client: Client) -> None:
    walk(client, [("who", {"reporting_for": "someone_else"})])
    assert (
        "How do you know the person the scam happened to?"
        in client.get(step("relationship")).content.decode()
    )
    walk(client, [("relationship", {"relationship": "friend"}), *VICTIM_PAGES[1:8]])
    assert "Their postcode" in client.get(step("about")).content.decode()


def test_empty_page_shows_an_error_summary_that_links_to_the_field(client: Client) -> None:
    response = client.post(step("who"), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert '<a href="#id_reporting_for">Select who you are reporting a scam for</a>' in page


def test_wrong_values_are_kept_and_the_message_says_what_to_fix(client: Client) -> None:
    walk(client, VICTIM_PAGES[:8])
    response = client.post(
        step("about"), {"first_name": "Jean", "last_name": "Smith", "age": "old", "postcode": "AL1"}
    )
    page = response.content.decode()
    assert "Enter an age in years, as a number from 0 to 120" in page
    assert "Enter the full postcode, like AL1 3EJ, not just the first part" in page
    assert 'value="Jean"' in page and 'value="old"' in page and 'value="AL1"' in page


def test_impossible_date_is_refused_with_a_clear_message(client: Client) -> None:
    walk(client, VICTIM_PAGES[:5])
    response = client.post(
        step("when"),
        {"incident_date_day": "31", "incident_date_month": "2", "incident_date_year": "2026"},
    )
    assert "The date it happened must be a real date" in response.content.decode()
    response = client.post(
        step("when"),
        {"incident_date_day": "1", "incident_date_month": "", "incident_date_year": "2026"},
    )
    assert "The date it happened must include a month" in response.content.decode()
    assert '<a href="#id_incident_date_month">' in response.content.decode()


def test_amount_is_only_asked_for_when_money_was_lost(client: Client) -> None:
    walk(client, VICTIM_PAGES[:8])
    assert (
        client.post(step("money"), {"lost_money": "no", "amount_lost": "nonsense"}).status_code
        == 302
    )
    walk(client, VICTIM_PAGES[:8])
    response = client.post(step("money"), {"lost_money": "yes"})
    assert "Enter how much was lost, or your best guess" in response.content.decode()


def test_scammer_details_that_cannot_be_used_are_explained(client: Client) -> None:
    walk(client, VICTIM_PAGES[:7])
    response = client.post(
        step("scammer-details"), {"phones": "020 7946 0123\nring me", "emails": "bad@"}
    )
    page = response.content.decode()
    assert "Check the phone number &#x27;ring me&#x27;" in page
    assert "Check the email address &#x27;bad@&#x27;" in page


def test_pages_cannot_be_skipped_by_typing_an_address(client: Client) -> None:
    response = client.get(step("money"))
    assert response.status_code == 302
    assert response["Location"] == step("who")


def test_a_closed_browser_can_carry_on_where_it_left_off(client: Client) -> None:
    walk(client, VICTIM_PAGES[:4])
    start = client.get(reverse("intake:start")).content.decode()
    assert "Continue your report" in start
    assert step("when") in start
    assert "They said" not in start
    form = client.get(step("what-happened")).content.decode()
    assert "A man said he was from my bank" in form


def test_changing_an_answer_returns_to_check_answers(client: Client) -> None:
    walk(client, VICTIM_PAGES)
    back = client.get(step("about") + "?change=1").content.decode()
    assert f'href="{reverse("intake:check")}" class="govuk-back-link"' in back
    response = client.post(
        step("about") + "?change=1",
        {"first_name": "Joan", "last_name": "Smith", "age": "81", "postcode": "AL1 3EJ"},
    )
    assert response["Location"] == reverse("intake:check")
    assert "Joan Smith" in client.get(reverse("intake:check")).content.decode()


def test_changing_to_someone_else_asks_the_new_questions_before_checking(client: Client) -> None:
    walk(client, VICTIM_PAGES)
    response = client.post(step("who") + "?change=1", {"reporting_for": "someone_else"})
    assert response["Location"] == step("relationship")


def test_confirmation_without_a_report_goes_back_to_the_start(client: Client) -> None:
    assert client.get(reverse("intake:confirmation"))["Location"] == reverse("intake:start")


def test_support_needs_are_checkboxes_so_several_can_be_chosen(client: Client) -> None:
    walk(client, VICTIM_PAGES[:9])
    page = client.get(step("support-needs")).content.decode()
    assert page.count('type="checkbox"') == 8
    assert 'type="radio"' not in page
    assert 'data-behaviour="exclusive"' in page


def test_a_short_code_is_not_accepted_as_a_number_to_call_back(client: Client) -> None:
    walk(client, VICTIM_PAGES[:10])
    response = client.post(step("contact-details"), {"phone": "0172", "email": ""})
    assert "Enter a phone number, like 01727 123456" in response.content.decode()
