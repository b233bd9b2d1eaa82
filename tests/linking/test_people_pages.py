"""The person page and the page where an analyst confirms or splits a proposed link:
who may see and decide, what they see, and that nothing typed is lost on an error."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from fraudhub.governance.categories import Category
from fraudhub.governance.models import AuditEvent, Organisation
from fraudhub.linking.models import PersonDecision, PersonGroupMember
from fraudhub.linking.people import MATCH_THRESHOLD
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Person, Report
from tests.factories import agreement, hub, sign_in
from tests.linking.test_people_links import _together, victim_record

pytestmark = pytest.mark.django_db


def _victim(first: str, organisation: Organisation | None = None) -> Person:
    victim = victim_record(first, date_of_birth="07/03/1948", phone="01727 123456")
    if organisation is not None:
        Report.objects.filter(pk=victim.report_id).update(source_organisation=organisation)
    return victim


@pytest.fixture
def pair() -> tuple[Person, Person]:
    first, second = _victim("Margaret"), _victim("Peggy")
    link_people()
    return first, second


def test_the_person_page_shows_every_record_report_and_why_they_link(
    manager_client: Client, pair: tuple[Person, Person]
) -> None:
    first, second = pair
    response = manager_client.get(reverse("linking:person", args=[first.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for record in pair:
        assert reverse("staff:report_detail", args=[record.report.reference]) in page
    assert "Peggy Hughes" in page and "07/03/1948" in page
    assert "First name: nickname or formal name" in page
    assert "Date of birth: same" in page
    assert "Linked" in page
    assert reverse("linking:person_link", args=[first.pk, second.pk]) in page
    viewed = AuditEvent.objects.filter(action="view", object_type="reports.person")
    assert viewed.filter(object_id=str(first.pk), detail__via="person page").exists()


def test_an_analyst_splits_a_link_with_a_reason(
    manager_client: Client, pair: tuple[Person, Person]
) -> None:
    first, second = pair
    url = reverse("linking:person_link", args=[first.pk, second.pk])
    response = manager_client.post(url, {"same": "no", "reason": "Sisters, checked by phone"})
    assert response.status_code == 302
    assert response.url == reverse("linking:person", args=[first.pk])
    assert not PersonGroupMember.objects.filter(person__in=pair).exists()
    decision = PersonDecision.objects.get()
    assert (decision.same, decision.reason) == (False, "Sisters, checked by phone")
    page = manager_client.get(response.url).content.decode()
    assert "Saved: not the same person" in page and "Split" in page
    assert "Sisters, checked by phone" in page


def test_a_decision_without_a_reason_is_refused_and_keeps_the_choice(
    manager_client: Client, pair: tuple[Person, Person]
) -> None:
    first, second = pair
    url = reverse("linking:person_link", args=[first.pk, second.pk])
    response = manager_client.post(url, {"same": "yes", "reason": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Enter why you decided this" in page
    assert 'value="yes" checked' in page
    assert page.count("<title>Error:") == 1
    assert not PersonDecision.objects.exists()
    response = manager_client.post(url, {"reason": "Looked at both"})
    assert "Select whether these are the same person" in response.content.decode()
    assert "Looked at both" in response.content.decode()


def test_partner_users_see_no_person_pages(
    client: Client, partner: User, partner_org: Organisation
) -> None:
    theirs = _victim("Margaret", partner_org)
    link_people()
    sign_in(client, partner)
    assert client.get(reverse("linking:person", args=[theirs.pk])).status_code == 403


def test_a_partner_analyst_sees_only_their_own_records_and_cannot_decide(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _victim("Margaret", partner_org)
    hubs = _victim("Peggy")
    link_people()
    sign_in(client, partner_analyst)
    page = client.get(reverse("linking:person", args=[theirs.pk])).content.decode()
    assert hubs.report.reference not in page
    assert "more record" not in page  # no hint of records the partner may not see
    assert client.get(reverse("linking:person", args=[hubs.pk])).status_code == 404
    url = reverse("linking:person_link", args=[theirs.pk, hubs.pk])
    assert client.post(url, {"same": "no", "reason": "x"}).status_code == 404
    assert not PersonDecision.objects.exists()


def test_an_agreement_allowing_counts_tells_a_partner_how_many_records_it_cannot_see(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _victim("Margaret", partner_org)
    hubs = _victim("Peggy")
    link_people()
    agreement(hub(), partner_org, categories=(), shows_counts=True)
    sign_in(client, partner_analyst)
    page = client.get(reverse("linking:person", args=[theirs.pk])).content.decode()
    assert hubs.report.reference not in page
    assert "1 more record in this group is on reports you cannot see" in page


def test_an_agreement_releasing_contact_details_shows_the_other_partys_record(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    theirs = _victim("Margaret", partner_org)
    hubs = _victim("Peggy")
    link_people()
    agreement(hub(), partner_org, categories=(Category.VICTIM_CONTACT,))
    sign_in(client, partner_analyst)
    url = reverse("linking:person", args=[theirs.pk])
    Person.objects.filter(pk=hubs.pk).update(consent_to_share=None)
    assert hubs.report.reference not in client.get(url).content.decode()
    Person.objects.filter(pk=hubs.pk).update(consent_to_share=True)
    client.post(reverse("linking:person_reason", args=[theirs.pk]), {"reason": "casework"})
    assert hubs.report.reference in client.get(url).content.decode()


def test_a_partner_analyst_cannot_decide_even_on_two_of_their_own_records(
    client: Client, partner_analyst: User, partner_org: Organisation
) -> None:
    first, second = _victim("Margaret", partner_org), _victim("Peggy", partner_org)
    link_people()
    sign_in(client, partner_analyst)
    url = reverse("linking:person_link", args=[first.pk, second.pk])
    assert "Save decision" not in client.get(url).content.decode()
    assert client.post(url, {"same": "no", "reason": "x"}).status_code == 403
    assert not PersonDecision.objects.exists()


def test_an_unknown_person_is_not_found(manager_client: Client) -> None:
    assert manager_client.get(reverse("linking:person", args=[999])).status_code == 404


@pytest.fixture
def possible() -> tuple[Person, Person]:
    """Margaret Hughes with her address, postcode, date of birth and phone, and a Maggie
    Hughes at the same street address with none of the others: possibly one person, too
    little to link without an analyst."""
    full = _victim("Margaret")
    name_only = victim_record("Maggie", postcode="")
    link_people()
    return full, name_only


def test_an_analyst_finds_a_possible_person_and_decides_it_from_the_list(
    manager_client: Client, possible: tuple[Person, Person]
) -> None:
    full, name_only = possible
    check = reverse("linking:links_to_check")
    page = manager_client.get(check).content.decode()
    assert "1 possible person to check" in page
    assert f"(likelihood under {MATCH_THRESHOLD:.0%})" in page
    assert full.report.reference in page and name_only.report.reference in page
    decide = reverse("linking:possible_person", args=[full.pk])
    assert f'href="{decide}"' in page
    form = manager_client.get(decide).content.decode()
    assert f'href="{check}" class="govuk-back-link"' in form
    response = manager_client.post(
        decide, {"all_same": "yes", "reason": "Rang her: the same Mrs Hughes"}
    )
    assert response.status_code == 302 and response.url == check
    assert "0 possible people to check" in manager_client.get(check).content.decode()
    assert _together(full, name_only)
    viewed = AuditEvent.objects.filter(action="view", detail__via="people links to check")
    assert set(viewed.values_list("object_id", flat=True)) == {str(full.pk), str(name_only.pk)}


def test_links_the_model_made_are_listed_apart(
    manager_client: Client, pair: tuple[Person, Person]
) -> None:
    first, second = pair
    check = reverse("linking:links_to_check")
    assert "0 possible people to check" in manager_client.get(check).content.decode()
    page = manager_client.get(check, {"show": "linked"}).content.decode()
    assert "1 possible person to check" in page
    assert reverse("linking:possible_person", args=[first.pk]) + "?show=linked" in page
    assert "First name, Last name" not in page  # a nickname is not the same name
    assert "Last name, Date of birth" in page


def test_only_the_hub_checks_links(client: Client, partner: User) -> None:
    sign_in(client, partner)
    assert client.get(reverse("linking:links_to_check")).status_code == 403
