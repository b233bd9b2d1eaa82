"""Opening a report that the reader's own organisation neither collected nor was sent asks
why first; the reason goes into the audit entry of the look, and is not asked again for
that report until the reader signs in again."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.reports.models import Report
from tests.factories import OrganisationFactory, agreement, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(hub_org: Organisation) -> User:
    """A police officer whose force was given every report: their access to the hub's
    reports does not come from collecting or being sent them."""
    force = OrganisationFactory(
        slug="police", name="Police", kind=Organisation.Kind.POLICE, sees_all_reports=True
    )
    return staff_user("officer", role="Partner user", organisation=force)


@pytest.fixture
def report(hub_org: Organisation) -> Report:
    return make_report().report


def views_of(report: Report) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="reports.report", object_id=str(report.pk), action="view"
        ).order_by("id")
    )


def test_a_reader_from_outside_is_asked_why_before_seeing_the_report(
    client: Client, police: User, report: Report
) -> None:
    sign_in(client, police)
    response = client.get(reverse("staff:report_detail", args=[report.reference]))
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:report_reason", args=[report.reference])
    page = client.get(response["Location"]).content.decode()
    assert "Why are you opening this report?" in page
    assert "Margaret" not in page
    assert views_of(report) == []


def test_the_reason_is_logged_and_not_asked_again(
    client: Client, police: User, report: Report
) -> None:
    sign_in(client, police)
    url = reverse("staff:report_reason", args=[report.reference])
    response = client.post(url, {"reason": "safeguarding"})
    assert response["Location"] == reverse("staff:report_detail", args=[report.reference])
    assert "Margaret" in client.get(response["Location"]).content.decode()
    again = client.get(reverse("staff:report_detail", args=[report.reference]))
    assert again.status_code == 200
    assert [v.detail for v in views_of(report)] == [{"reason": "Safeguarding"}] * 2
    assert views_of(report)[0].actor == police


def test_other_needs_the_reason_written_and_keeps_the_choice(
    client: Client, police: User, report: Report
) -> None:
    sign_in(client, police)
    url = reverse("staff:report_reason", args=[report.reference])
    page = client.post(url, {"reason": "other", "other": " "})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Enter why you are opening this report" in html
    assert 'value="other" checked' in html
    client.post(url, {"reason": "other", "other": "Request 2026/41 from the force"})
    client.get(reverse("staff:report_detail", args=[report.reference]))
    assert views_of(report)[-1].detail == {
        "reason": "Other",
        "reason_given": "Request 2026/41 from the force",
    }


def test_no_choice_says_what_to_do(client: Client, police: User, report: Report) -> None:
    sign_in(client, police)
    page = client.post(reverse("staff:report_reason", args=[report.reference]), {})
    assert "Select why you are opening this report" in page.content.decode()


def test_signing_in_again_asks_again(client: Client, police: User, report: Report) -> None:
    sign_in(client, police)
    client.post(
        reverse("staff:report_reason", args=[report.reference]), {"reason": "investigation"}
    )
    client.post(reverse("logout"))
    sign_in(client, police)
    response = client.get(reverse("staff:report_detail", args=[report.reference]))
    assert response["Location"] == reverse("staff:report_reason", args=[report.reference])


def test_a_reason_for_one_report_does_not_open_another(
    client: Client, police: User, report: Report
) -> None:
    other = make_report().report
    sign_in(client, police)
    client.post(reverse("staff:report_reason", args=[report.reference]), {"reason": "casework"})
    response = client.get(reverse("staff:report_detail", args=[other.reference]))
    assert response["Location"] == reverse("staff:report_reason", args=[other.reference])


def test_evidence_of_an_outside_report_needs_the_reason_too(
    client: Client, police: User, report: Report
) -> None:
    sign_in(client, police)
    response = client.get(reverse("staff:evidence_file", args=[report.reference, 1]))
    assert response["Location"] == reverse("staff:report_reason", args=[report.reference])


def test_the_hub_and_a_partner_reading_its_own_report_are_not_asked(
    client: Client, manager: User, partner: User, partner_org: Organisation, report: Report
) -> None:
    sign_in(client, manager)
    assert client.get(reverse("staff:report_detail", args=[report.reference])).status_code == 200
    own = make_report(organisation=partner_org, source=Report.Source.PARTNER_FORM).report
    sign_in(client, partner)
    assert client.get(reverse("staff:report_detail", args=[own.reference])).status_code == 200
    asked = client.get(reverse("staff:report_reason", args=[own.reference]))
    assert asked["Location"] == reverse("staff:report_detail", args=[own.reference])
    assert all(v.detail == {} for v in views_of(report) + views_of(own))


def test_a_report_the_reader_cannot_see_is_not_found_not_asked_about(
    client: Client, partner: User, report: Report
) -> None:
    sign_in(client, partner)
    assert client.get(reverse("staff:report_reason", args=[report.reference])).status_code == 404


def test_a_partner_reading_through_an_agreement_is_asked_and_its_own_reports_are_not(
    client: Client, partner: User, partner_org: Organisation, hub_org: Organisation
) -> None:
    agreement(hub_org, partner_org)
    hubs = make_report().report
    own = make_report(organisation=partner_org, source=Report.Source.PARTNER_FORM).report
    sign_in(client, partner)
    asked = client.get(reverse("staff:report_detail", args=[hubs.reference]))
    assert asked["Location"] == reverse("staff:report_reason", args=[hubs.reference])
    client.post(asked["Location"], {"reason": "data_protection"})
    assert client.get(reverse("staff:report_detail", args=[hubs.reference])).status_code == 200
    assert views_of(hubs)[-1].detail == {"reason": "Data protection request"}
    assert client.get(reverse("staff:report_detail", args=[own.reference])).status_code == 200


def list_entries() -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(object_type="reports.report", object_id="").order_by("id")
    )


@pytest.mark.parametrize(
    ("page", "query"), [("staff:report_list", ""), ("staff_search", "?q=Hughes")]
)
def test_lists_and_searches_showing_other_organisations_reports_ask_why_once(
    client: Client, police: User, report: Report, page: str, query: str
) -> None:
    sign_in(client, police)
    url = reverse(page) + query
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:lists_reason"))
    assert list_entries() == [], "nothing is shown or logged before the reason"
    asked = client.get(response["Location"]).content.decode()
    assert "Why are you opening reports of other organisations?" in asked
    assert report.reference not in asked and "Margaret" not in asked
    back = client.post(response["Location"], {"reason": "investigation", "next": url})
    assert back["Location"] == url
    shown = client.get(url)
    assert shown.status_code == 200 and "Hughes" in shown.content.decode()
    (entry,) = list_entries()
    assert entry.detail["reason"] == "Investigation"
    assert client.get(url).status_code == 200, "not asked again in this sign-in"


def test_a_reason_page_for_lists_leads_back_only_to_a_list(
    client: Client, police: User, report: Report
) -> None:
    sign_in(client, police)
    response = client.post(
        reverse("staff:lists_reason"), {"reason": "safeguarding", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("staff:report_list")


def test_a_list_of_ones_own_reports_asks_nothing(client: Client, hub_org: Organisation) -> None:
    partner = OrganisationFactory(slug="age-uk", name="Age UK")
    Report.objects.filter(pk=make_report().report.pk).update(source_organisation=partner)
    sign_in(client, staff_user("adviser", role="Partner user", organisation=partner))
    assert client.get(reverse("staff:report_list")).status_code == 200
    hub_staff = sign_in(Client(), staff_user("hubber"))
    assert hub_staff.get(reverse("staff:report_list")).status_code == 200
