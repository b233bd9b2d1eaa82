"""The public pages give the facts the law asks for: the privacy notice names the data
controller and, from the agreements in force, who receives residents' reports; the
accessibility statement its compliance status and the enforcement procedure; the cookies
page every cookie the service sets, as the settings name them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateformat import format as date_format

from fraudhub.governance.categories import Category
from fraudhub.governance.models import RetentionRule, SharingAgreement
from fraudhub.governance.retention import Kind
from fraudhub.legal import lifetime

from .factories import OrganisationFactory, agreement, hub

pytestmark = pytest.mark.django_db


def page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def says(text: str, *phrases: str) -> None:
    missing = [phrase for phrase in phrases if phrase not in text]
    assert not missing, f"the page does not say {missing}"


def test_the_privacy_notice_names_the_controller_and_how_to_reach_its_officer(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_CONTROLLER_NAME = "The Chief Constable of Exampleshire Police"
    settings.FRAUDHUB_CONTROLLER_ADDRESS = "Police Headquarters, Stanborough Road, AL8 6XF"
    settings.FRAUDHUB_ICO_REGISTRATION = "Z1234567"
    settings.FRAUDHUB_DPO_EMAIL = "data.protection@police.example"

    text = page("/privacy/")

    assert "The Chief Constable of Exampleshire Police" in text
    assert "Police Headquarters<br>Stanborough Road<br>AL8 6XF" in text
    assert "number Z1234567" in text
    assert 'href="mailto:data.protection@police.example"' in text


def test_the_privacy_notice_gives_purposes_lawful_bases_rights_and_the_right_to_complain() -> None:
    text = page("/privacy/")

    for heading in (
        "What we use it for",
        "Our lawful basis",
        "What we keep",
        "Who we share it with",
        "How long we keep it",
        "Your rights",
    ):
        assert heading in text
    assert "Part 3 of the Data Protection Act 2018" in text
    assert 'href="https://ico.org.uk/make-a-complaint/"' in text
    assert "0303 123 1113" in text


def test_the_recipients_are_the_partners_of_the_agreements_in_force_with_the_hub() -> None:
    bank = OrganisationFactory(slug="bank", name="Bank A", kind="bank")
    police = OrganisationFactory(slug="police", name="Exampleshire Police", kind="police")
    council = OrganisationFactory(slug="council", name="A council", kind="council")
    agreement(hub(), bank, categories=(Category.SCAM_DETAILS,))
    made = agreement(hub(), police)
    agreement(police, council)  # not with the hub: residents' reports do not go to the council
    ended = agreement(hub(), OrganisationFactory(slug="old", name="Old Partner", kind="bank"))
    SharingAgreement.objects.filter(pk=ended.pk).update(ended_at=timezone.now())

    text = page("/privacy/")

    recipients = text[text.index('id="recipient-list"') : text.index('id="retention"')]
    assert "Bank A" in recipients and "Exampleshire Police" in recipients
    assert "A council" not in recipients and "Old Partner" not in recipients
    assert "What: scam details and scammers&#x27; identifiers</p>" in recipients
    assert "victim contact details" in recipients
    assert made.lawful_basis in recipients


def test_with_no_agreement_in_force_the_notice_says_nothing_is_shared() -> None:
    agreement(
        hub(),
        OrganisationFactory(slug="bank", name="Bank A", kind="bank"),
        starts_on=timezone.localdate() + timedelta(days=1),
    )

    assert "No data-sharing agreement is in force today" in page("/privacy/")


def test_the_notice_states_the_retention_periods_the_administrator_set() -> None:
    RetentionRule.objects.create(kind=Kind.REPORTS_WITHOUT_CASE.value, keep_days=2 * 365)

    text = page("/privacy/")

    says(
        text,
        "Reports with no support case",
        "2 years from the date the report was received. Anonymised:",
        "Closed support cases",
        "6 years from the date the case was closed.",
        "section 62",
    )


def test_the_accessibility_statement_has_its_status_issues_and_enforcement(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_ACCESSIBILITY_PREPARED_ON = "2026-12-06"
    settings.FRAUDHUB_ACCESSIBILITY_REVIEWED_ON = "2027-03-01"

    text = page("/accessibility/")

    says(
        text,
        "This website is partially compliant with the",
        'id="known-issues"',
        "Reporting accessibility problems with this service",
        "Equality and Human Rights Commission (EHRC)",
        'href="https://www.equalityadvisoryservice.com/"',
        "prepared on 6 December 2026. It was last reviewed on 1 March 2027.",
    )

    settings.FRAUDHUB_ACCESSIBILITY_STATUS = "full"
    assert "This website is fully compliant with the" in page("/accessibility/")


def test_the_cookies_page_lists_each_cookie_by_the_name_the_settings_give(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"

    text = page("/cookies/")

    says(
        text,
        "<code>__Host-sessionid</code>",
        "<code>__Host-csrftoken</code>",
        "<code>messages</code>",
        "1 day, or when you select &#x27;Delete my answers&#x27;",
        "kept for 1 day so that you can carry on later",
    )


def test_every_cookie_the_journey_sets_is_on_the_cookies_page() -> None:
    client = Client()
    client.post("/report/who/", {"reporting_for": "myself"})
    client.post("/report/delete-answers/")
    client.get("/report/")

    listed = page("/cookies/")

    assert client.cookies
    for name in client.cookies:
        assert f"<code>{name}</code>" in listed


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (86400, "1 day"),
        (31449600, "52 weeks"),
        (43200, "12 hours"),
        (1800, "30 minutes"),
        (365 * 86400, "1 year"),
        (14 * 86400, "2 weeks"),
    ],
)
def test_a_cookies_lifetime_is_said_in_words(seconds: int, words: str) -> None:
    assert lifetime(seconds) == words


def test_the_footer_links_to_privacy_accessibility_and_cookies() -> None:
    text = page("/report/")
    footer = text[text.index('<footer class="govuk-footer"') :]

    for path in ("/privacy/", "/accessibility/", "/cookies/"):
        assert f'href="{path}"' in footer


def test_each_recipient_says_when_its_agreement_is_next_reviewed_or_that_the_review_is_overdue() -> (
    None
):
    today = timezone.localdate()
    bank = OrganisationFactory(slug="bank-a", name="Bank A", kind="bank")
    police = OrganisationFactory(slug="police", name="Exampleshire Police", kind="police")
    agreement(hub(), bank, review_on=today + timedelta(days=30))
    agreement(hub(), police, review_on=today - timedelta(days=3))

    text = page("/privacy/")

    assert "reviewed regularly" not in text
    assert f"Next review due by {date_format(today + timedelta(days=30), 'j F Y')}" in text
    assert (
        f"Its review was due on {date_format(today - timedelta(days=3), 'j F Y')} and has not yet been done"
        in text
    )


def test_without_an_ico_number_the_privacy_notice_says_so_plainly(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_ICO_REGISTRATION = ""
    text = page("/privacy/")
    assert "has not been given the controller's number in the Information Commissioner" in text
    assert "number ." not in text
