"""Analysts publish identifiers for the public to check, normalised as reports are, with a
reason; withdraw them with a reason; and see who did each, when and why. Each is audited;
only the hub's staff may do it; only phone numbers, websites, emails and bank accounts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from fraudhub.governance.models import AuditEvent
from fraudhub.linking.services import link_reports
from fraudhub.prevention.models import PublishedIdentifier
from fraudhub.prevention.services.checks import PublishingError, publish_identifier
from fraudhub.reports.inputs import IdentifierInput

from ..factories import make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(db: None) -> User:
    user = staff_user("analyst", role="Analyst")
    user.first_name, user.last_name = "Asha", "Patel"
    user.save()
    return user


@pytest.fixture
def analyst_client(client: Client, analyst: User) -> Client:
    return sign_in(client, analyst)


def test_an_analyst_publishes_a_number_typed_any_way_and_it_is_audited(
    analyst_client: Client, analyst: User
) -> None:
    response = analyst_client.post(
        "/staff/prevention/published/new/",
        {"kind": "phone", "value": "+44 (0)1632 960-001", "reason": "Courier fraud, 12 reports"},
    )

    assert response.status_code == 302
    item = PublishedIdentifier.objects.get()
    assert (item.kind, item.value, item.display) == ("phone", "+441632960001", "01632 960001")
    assert (item.approved_by, item.approved_by_label) == (analyst, "Asha Patel")
    entry = AuditEvent.objects.get(object_type="prevention.publishedidentifier")
    assert entry.action == "create" and entry.actor == analyst
    assert entry.detail["reason"] == "Courier fraud, 12 reports"
    page = analyst_client.get("/staff/prevention/published/").content.decode()
    assert "01632 960001" in page and "Courier fraud, 12 reports" in page and "Asha Patel" in page


def test_a_value_that_cannot_be_read_or_is_published_already_says_so(
    analyst_client: Client,
) -> None:
    page = analyst_client.post(
        "/staff/prevention/published/new/",
        {"kind": "website", "value": "not a site", "reason": "x"},
    ).content.decode()
    assert "Enter a website address in the right format" in page
    assert 'value="not a site"' in page

    analyst_client.post(
        "/staff/prevention/published/new/",
        {"kind": "website", "value": "www.refund-hmrc-online.co.uk", "reason": "Phishing"},
    )
    page = analyst_client.post(
        "/staff/prevention/published/new/",
        {"kind": "website", "value": "https://refund-hmrc-online.co.uk/login", "reason": "Again"},
    ).content.decode()
    assert "refund-hmrc-online.co.uk is already published" in page
    assert PublishedIdentifier.objects.count() == 1


def test_only_phone_website_email_and_bank_account_can_be_published(analyst: User) -> None:
    with pytest.raises(PublishingError):
        publish_identifier(actor=analyst, kind="company", typed="Acme Ltd", reason="x")
    with pytest.raises(PublishingError):
        publish_identifier(actor=analyst, kind="person_name", typed="John Smith", reason="x")
    item = publish_identifier(
        actor=analyst, kind="bank_account", typed="30 94 30 00733445", reason="Mule account"
    )
    assert item.value == "30-94-30 00733445"


def test_withdrawing_keeps_who_when_and_why_and_allows_publishing_again(
    analyst_client: Client, analyst: User
) -> None:
    item = publish_identifier(actor=analyst, kind="email", typed="Help@Bank.example", reason="x")

    analyst_client.post(
        f"/staff/prevention/published/{item.pk}/withdraw/", {"reason": "The owner proved it"}
    )

    item.refresh_from_db()
    assert not item.is_published
    assert (item.withdrawn_by, item.withdrawal_reason) == (analyst, "The owner proved it")
    assert AuditEvent.objects.filter(
        object_id=str(item.pk), action="change", detail__reason="The owner proved it"
    ).exists()
    page = analyst_client.get("/staff/prevention/published/").content.decode()
    assert "Withdrawn (1)" in page and "The owner proved it" in page
    again = publish_identifier(actor=analyst, kind="email", typed="help@bank.example", reason="y")
    assert again.pk != item.pk


def test_withdrawing_needs_a_reason(analyst_client: Client, analyst: User) -> None:
    item = publish_identifier(actor=analyst, kind="phone", typed="01632 960001", reason="x")
    page = analyst_client.post(
        f"/staff/prevention/published/{item.pk}/withdraw/", {"reason": ""}
    ).content.decode()
    assert "Enter why it is withdrawn" in page
    item.refresh_from_db()
    assert item.is_published


def test_a_partners_analyst_may_not_publish(client: Client, partner_analyst: User) -> None:
    sign_in(client, partner_analyst)
    response = client.post(
        "/staff/prevention/published/new/",
        {"kind": "phone", "value": "01632 960001", "reason": "x"},
    )
    assert response.status_code == 403
    assert "only the fraud hub&#x27;s staff can" in response.content.decode()
    assert not PublishedIdentifier.objects.exists()


def test_search_results_and_clusters_offer_publishing_filled_in(analyst_client: Client) -> None:
    reports = [
        make_report(identifiers=[IdentifierInput(kind="phone", value="01632 960001")]).report
        for _ in range(2)
    ]
    link_reports(report_ids=[r.pk for r in reports])
    cluster = reports[0].cluster_member.cluster_id  # type: ignore[attr-defined]

    search = analyst_client.get("/staff/links/search/?value=01632960001").content.decode()
    assert "/staff/prevention/published/new/?kind=phone&amp;value=" in search
    page = analyst_client.get(f"/staff/links/clusters/{cluster}/").content.decode()
    assert f"&amp;cluster={cluster}" in page

    form = analyst_client.get(
        f"/staff/prevention/published/new/?kind=phone&value=01632+960001&cluster={cluster}"
    ).content.decode()
    assert 'value="01632 960001"' in form and f'value="{cluster}"' in form


def test_the_pages_are_reached_from_the_menu_and_the_cluster_list(
    analyst_client: Client, partner: User
) -> None:
    clusters = analyst_client.get("/staff/links/clusters/").content.decode()
    assert 'href="/staff/prevention/published/"' in clusters
    assert 'href="/staff/prevention/early-signs/"' in clusters
    page = analyst_client.get("/staff/prevention/published/").content.decode()
    assert 'aria-current="true">Intelligence</a>' in page
    partner_page = sign_in(Client(), partner).get("/staff/reports/").content.decode()
    assert 'href="/staff/prevention/look-up/"' in partner_page
