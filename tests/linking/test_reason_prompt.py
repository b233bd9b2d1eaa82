"""A person page or cluster page showing what other organisations' reports hold asks a
partner analyst why first, as a report page does; the reason goes into the audit entry of
the look. The hub's staff, sent every report, are not asked."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Person
from tests.factories import agreement, hub, sign_in
from tests.linking.test_cluster_pages import _cluster_id, _report
from tests.linking.test_people_pages import _victim

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(partner_org: Organisation) -> tuple[Person, Person]:
    """The partner's record of Margaret, linked to the hub's record of her (Peggy), whose
    contact details an agreement releases to the partner with her consent."""
    theirs, hubs = _victim("Margaret", partner_org), _victim("Peggy")
    Person.objects.filter(pk=hubs.pk).update(consent_to_share=True)
    link_people()
    agreement(hub(), partner_org, categories=(Category.VICTIM_CONTACT,))
    return theirs, hubs


def person_views(person: Person) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="reports.person", object_id=str(person.pk), action="view"
        ).order_by("id")
    )


def test_a_partner_analyst_is_asked_why_and_the_reason_is_in_the_audit_entry(
    client: Client, partner_analyst: User, shared: tuple[Person, Person]
) -> None:
    theirs, hubs = shared
    sign_in(client, partner_analyst)
    url = reverse("linking:person", args=[theirs.pk])
    response = client.get(url)
    assert response.status_code == 302
    asked = response["Location"]
    assert asked.startswith(reverse("linking:person_reason", args=[theirs.pk]))
    page = client.get(asked).content.decode()
    assert "Why are you opening this person&#x27;s records?" in page
    assert hubs.report.reference not in page and "Peggy" not in page
    assert person_views(theirs) == []

    refused = client.post(asked, {"reason": "other", "other": ""})
    assert "Enter why you are opening this person" in refused.content.decode()
    answered = client.post(asked, {"reason": "other", "other": "Request 4411"})
    assert answered.status_code == 302 and answered["Location"] == url
    shown = client.get(url)
    assert shown.status_code == 200 and hubs.report.reference in shown.content.decode()
    (entry,) = person_views(theirs)
    assert entry.detail["reason"] == "Other"
    assert entry.detail["reason_given"] == "Request 4411"
    assert client.get(url).status_code == 200  # not asked again in this sign-in


def test_the_reason_given_goes_into_the_proposed_link_look(
    client: Client, partner_analyst: User, shared: tuple[Person, Person]
) -> None:
    theirs, hubs = shared
    sign_in(client, partner_analyst)
    url = reverse("linking:person_link", args=[theirs.pk, hubs.pk])
    asked = client.get(url)
    assert asked.status_code == 302
    assert client.post(asked["Location"], {"reason": "safeguarding"})["Location"] == url
    assert client.get(url).status_code == 200
    for record in (theirs, hubs):
        assert person_views(record)[-1].detail["reason"] == "Safeguarding"


def test_a_partner_analyst_reading_only_their_own_records_is_not_asked(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _victim("Margaret", partner_org)
    link_people()
    sign_in(client, partner_analyst)
    assert client.get(reverse("linking:person", args=[theirs.pk])).status_code == 200


def test_hub_staff_are_not_asked(manager_client: Client, shared: tuple[Person, Person]) -> None:
    theirs, _ = shared
    url = reverse("linking:person", args=[theirs.pk])
    assert manager_client.get(url).status_code == 200
    reason_page = manager_client.get(reverse("linking:person_reason", args=[theirs.pk]))
    assert reason_page.status_code == 302 and reason_page["Location"] == url
    assert "reason" not in person_views(theirs)[-1].detail


def test_a_guessed_person_the_reader_may_not_see_is_not_found_with_no_hint(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    _victim("Margaret", partner_org)
    hidden = _victim("Peggy")  # the hub's, no agreement
    link_people()
    sign_in(client, partner_analyst)
    for url in (
        reverse("linking:person", args=[hidden.pk]),
        reverse("linking:person_reason", args=[hidden.pk]),
        reverse("linking:person", args=[hidden.pk + 1000]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Peggy" not in response.content.decode()


def test_a_return_address_elsewhere_is_ignored(
    client: Client, partner_analyst: User, shared: tuple[Person, Person]
) -> None:
    theirs, _ = shared
    sign_in(client, partner_analyst)
    url = reverse("linking:person_reason", args=[theirs.pk])
    for away in ("https://example.com/", "/staff/reports/", "//example.com/"):
        response = client.post(url, {"reason": "casework", "next": away})
        assert response["Location"] == reverse("linking:person", args=[theirs.pk])


def test_a_cluster_showing_other_organisations_victims_asks_why(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _report(("phone", "020 7946 0111"), organisation=partner_org, first_name="Ours")
    hubs = _report(("phone", "02079460111"), first_name="Shared")
    agreement(hub(), partner_org, categories=tuple(Category))
    Person.objects.filter(report=hubs).update(consent_to_share=True)
    sign_in(client, partner_analyst)
    url = reverse("linking:cluster_detail", args=[_cluster_id(theirs)])
    asked = client.get(url)
    assert asked.status_code == 302
    assert "Shared" not in client.get(asked["Location"]).content.decode()
    assert client.post(asked["Location"], {"reason": "investigation"})["Location"] == url
    assert "Shared Hughes" in client.get(url).content.decode()
    looks = AuditEvent.objects.filter(action="view", detail__via="cluster page")
    assert {e.object_id for e in looks} == {str(theirs.pk), str(hubs.pk)}
    assert all(e.detail["reason"] == "Investigation" for e in looks)


def test_a_cluster_of_the_readers_own_reports_or_read_by_the_hub_asks_nothing(
    client: Client, partner_analyst: User, partner_org: Organisation, manager_client: Client
) -> None:
    theirs = _report(("phone", "020 7946 0111"), organisation=partner_org)
    _report(("phone", "02079460111"))
    url = reverse("linking:cluster_detail", args=[_cluster_id(theirs)])
    assert manager_client.get(url).status_code == 200
    sign_in(client, partner_analyst)  # no agreement: only their own report is shown
    assert client.get(url).status_code == 200
    hidden, _ = (_report(("website", "fake-parcels.co.uk")) for _ in range(2))
    reason = reverse("linking:cluster_reason", args=[_cluster_id(hidden)])
    assert client.get(reason).status_code == 404
