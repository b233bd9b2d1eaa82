"""The report page shows staff what was typed, what it means, what is wrong, how to
contact the victim safely, and lets them send the reporter an update."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from fraudhub.governance.models import AuditEvent
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report
from tests.factories import OrganisationFactory, make_report, sign_in, staff_user

pytestmark = pytest.mark.django_db


def test_page_shows_raw_and_normalised_values_and_quality(manager_client: Client) -> None:
    report = make_report(
        victim=PersonInput(first_name="Jo", postcode="AL1", phone="(01727) 123 456")
    ).report
    page = manager_client.get(
        reverse("staff:report_detail", args=[report.reference])
    ).content.decode()
    assert "01727 123456" in page
    assert "(typed “(01727) 123 456”)" in page
    assert "postcode AL1 is incomplete" in page
    assert f"{report.quality_score}</span> out of 100" in page
    assert "Unknown" in page  # age


def test_viewing_a_report_is_audited(manager_client: Client, manager) -> None:  # type: ignore[no-untyped-def]
    report = make_report().report
    manager_client.get(reverse("staff:report_detail", args=[report.reference]))
    assert (
        AuditEvent.objects.filter(action="view", actor=manager, object_id=str(report.pk)).count()
        == 1
    )


def test_contact_rule_is_shown_where_staff_might_contact_the_victim(manager_client: Client) -> None:
    report = make_report(
        victim=PersonInput(first_name="Mum", contact_rule=Person.ContactRule.NO_PHONE),
        reporter=PersonInput(role=Person.Role.REPORTER, first_name="Sam", relationship="family"),
    ).report
    page = manager_client.get(
        reverse("staff:report_detail", args=[report.reference])
    ).content.decode()
    assert 'id="contact-rule"' in page
    assert "Do not phone: the scammer may still be in touch" in page


def test_no_warning_when_the_victim_can_be_contacted_directly(manager_client: Client) -> None:
    report = make_report().report
    page = manager_client.get(
        reverse("staff:report_detail", args=[report.reference])
    ).content.decode()
    assert 'id="contact-rule"' not in page


def test_update_reaches_the_timeline_and_emails_a_consenting_reporter(
    manager_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    report = make_report().report
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("staff:add_update", args=[report.reference]),
            {"text": "A case manager will call you tomorrow morning."},
            follow=True,
        )
    assert "Update added and emailed" in response.content.decode()
    assert report.updates.filter(text="A case manager will call you tomorrow morning.").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["margaret@example.com"]
    assert "call you tomorrow" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="change", object_id=str(report.pk)).exists()


def test_update_is_not_emailed_without_consent(
    manager_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    report = make_report(
        victim=PersonInput(first_name="Al", email="al@example.com", consent_to_contact=False)
    ).report
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("staff:add_update", args=[report.reference]),
            {"text": "We have passed this to the police."},
        )
    assert mail.outbox == []
    assert report.updates.filter(text="We have passed this to the police.", emailed_to="").exists()


def test_update_goes_to_the_person_who_reported_for_someone_else(
    manager_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    report = make_report(
        victim=PersonInput(
            first_name="Mum", email="mum@example.com", contact_rule=Person.ContactRule.VIA_REPORTER
        ),
        reporter=PersonInput(
            role=Person.Role.REPORTER,
            first_name="Sam",
            email="sam@example.com",
            consent_to_contact=True,
        ),
    ).report
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("staff:add_update", args=[report.reference]),
            {"text": "We have spoken to the bank."},
        )
    assert [m.to for m in mail.outbox] == [["sam@example.com"]]


def test_empty_update_says_what_to_fix(manager_client: Client) -> None:
    report = make_report().report
    response = manager_client.post(
        reverse("staff:add_update", args=[report.reference]), {"text": "  "}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the update for the person who reported this" in page


def test_looking_at_or_changing_a_report_in_the_admin_is_audited(client: Client) -> None:
    from django.contrib.auth.models import User

    admin_user = User.objects.create_superuser("boss", password="x-long-password-1")
    sign_in(client, admin_user)
    report = make_report().report
    url = reverse("admin:reports_report_change", args=[report.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action="view", actor=admin_user, object_id=str(report.pk)
    ).exists()
    client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert AuditEvent.objects.filter(
        action="delete", actor=admin_user, object_id=str(report.pk)
    ).exists()


def test_international_numbers_show_in_international_form(manager_client: Client) -> None:
    report = make_report(victim=PersonInput(first_name="Jo", phone="+33 1 42 68 53 00")).report
    page = manager_client.get(
        reverse("staff:report_detail", args=[report.reference])
    ).content.decode()
    assert "+33 1 42 68 53 00" in page


def test_the_victim_card_leads_to_every_record_and_report_of_that_person(
    manager_client: Client,
) -> None:
    report = make_report(victim=PersonInput(first_name="Jo", last_name="Bloggs")).report
    victim = report.persons.get(role=Person.Role.VICTIM)
    page = manager_client.get(reverse("staff:report_detail", args=[report.reference]))
    person_url = reverse("linking:person", args=[victim.pk])
    assert f'href="{person_url}"' in page.content.decode()
    assert manager_client.get(person_url).status_code == 200


def test_other_reports_of_the_person_are_offered_only_to_those_who_may_open_them(
    manager_client: Client,
) -> None:
    partner = OrganisationFactory(slug="age-uk", name="Age UK")
    report = make_report().report
    url = reverse("staff:report_detail", args=[report.reference])
    assert "Other reports of this person" in manager_client.get(url).content.decode()
    Report.objects.filter(pk=report.pk).update(source_organisation=partner)
    adviser = sign_in(Client(), staff_user("adviser", role="Partner user", organisation=partner))
    page = adviser.get(url).content.decode()
    assert "Victim" in page and "Other reports of this person" not in page
