"""Every intake route stores a report through one service: normalised, scored, audited."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from fraudhub.governance.models import AuditEvent
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Identifier, Person, Report, ReportUpdate
from fraudhub.reports.services import secret_matches
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def test_reference_is_human_friendly_and_counts_up_within_the_year() -> None:
    first = make_report(received_date=date(2026, 3, 1)).report
    second = make_report(received_date=date(2026, 3, 2)).report
    next_year = make_report(received_date=date(2027, 1, 2)).report
    assert first.reference == "FH-2026-000001"
    assert second.reference == "FH-2026-000002"
    assert next_year.reference == "FH-2027-000001"


def test_every_typed_value_is_kept_beside_its_normalised_form() -> None:
    report = make_report(
        victim=PersonInput(
            first_name="Jean",
            last_name="Smith",
            postcode="al1 3ej",
            phone="(01727) 123 456",
            date_of_birth="05/03/1950",
        ),
        amount_lost="£1,250.00",
        incident_date="10/02/2026",
        identifiers=[
            IdentifierInput(kind="website", value="https://Secure.Bank-Verify.co.uk/login")
        ],
    ).report
    victim = report.persons.get(role=Person.Role.VICTIM)
    assert (victim.postcode_raw, victim.postcode, victim.postcode_district) == (
        "al1 3ej",
        "AL1 3EJ",
        "AL1",
    )
    assert victim.council == "St Albans"
    assert (victim.phone_raw, victim.phone) == ("(01727) 123 456", "+441727123456")
    assert (victim.date_of_birth_raw, victim.date_of_birth) == ("05/03/1950", date(1950, 3, 5))
    assert victim.age_at_incident == 75
    assert (report.amount_lost_raw, report.amount_lost) == ("£1,250.00", Decimal("1250.00"))
    assert (report.incident_date_raw, report.incident_date) == ("10/02/2026", date(2026, 2, 10))
    website = report.identifiers.get()
    assert website.raw == "https://Secure.Bank-Verify.co.uk/login"
    assert website.normalised == "bank-verify.co.uk"
    assert website.display == "secure.bank-verify.co.uk"


def test_invalid_values_are_kept_and_flagged_never_dropped() -> None:
    report = make_report(
        victim=PersonInput(first_name="Ann", postcode="AL1", phone="not known", age="eighty"),
        amount_lost="about 500",
        identifiers=[
            IdentifierInput(kind="phone", value="0906 123 4567"),
            IdentifierInput(kind="email", value="scammer@"),
        ],
    ).report
    victim = report.persons.get(role=Person.Role.VICTIM)
    assert (
        victim.postcode_raw == "AL1" and victim.postcode == "" and victim.postcode_district == "AL1"
    )
    assert victim.phone_raw == "not known" and victim.phone == ""
    assert victim.age_raw == "eighty" and victim.age_at_incident is None
    assert "phone" in victim.field_flags and "age" in victim.field_flags
    assert report.amount_lost is None and report.amount_lost_raw == "about 500"
    assert {i.raw for i in report.identifiers.all()} == {"0906 123 4567", "scammer@"}
    assert "postcode AL1 is incomplete" in report.quality_issues
    assert "no age" in report.quality_issues
    assert "phone number: premium-rate number" in report.quality_issues
    assert "about 500 is not an amount of money" in report.quality_issues
    assert report.quality_score < 60


def test_age_comes_from_date_of_birth_at_the_incident_date_not_today() -> None:
    report = make_report(
        victim=PersonInput(first_name="Bob", date_of_birth="01/06/1956"),
        incident_date="31/05/2026",
        received_date=date(2026, 11, 1),
    ).report
    assert report.victim is not None
    assert report.victim.age_at_incident == 69


def test_unknown_age_stays_unknown() -> None:
    report = make_report(victim=PersonInput(first_name="Cath", postcode="SG1 2AB")).report
    assert report.victim is not None
    assert report.victim.age_at_incident is None
    assert "no age" in report.quality_issues


def test_age_and_date_of_birth_that_disagree_are_flagged() -> None:
    report = make_report(
        victim=PersonInput(first_name="Di", age="60", date_of_birth="01/01/1940"),
        incident_date="01/03/2026",
    ).report
    assert report.victim is not None
    assert report.victim.age_at_incident == 86
    assert any("age given as 60" in issue for issue in report.quality_issues)


def test_creating_a_report_is_audited_and_starts_the_timeline(manager) -> None:  # type: ignore[no-untyped-def]
    report = make_report(actor=manager, source=Report.Source.PHONE).report
    event = AuditEvent.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert (event.action, event.actor, event.actor_label) == ("create", manager, "manager")
    assert event.organisation is not None and event.organisation.slug == "fraud-hub"
    assert list(report.updates.values_list("kind", flat=True)) == [ReportUpdate.Kind.RECEIVED]


def test_tracking_secret_is_stored_only_as_a_hash() -> None:
    created = make_report()
    assert created.tracking_secret not in created.report.tracking_secret_hash
    assert secret_matches(created.report, created.tracking_secret)
    assert not secret_matches(created.report, created.tracking_secret + "x")
    assert created.tracking_path.startswith(f"/track/{created.report.reference}/")


def test_reporter_gets_their_link_by_email_only_if_they_agreed(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        created = make_report(notify=True)
    assert len(mail.outbox) == 1
    assert created.report.reference in mail.outbox[0].body
    assert created.tracking_path in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_report(
            notify=True,
            victim=PersonInput(first_name="No", email="no@example.com", consent_to_contact=False),
        )
    assert mail.outbox == []


def test_third_party_report_keeps_victim_contact_rule_and_reporter() -> None:
    report = make_report(
        victim=PersonInput(
            first_name="Mum",
            contact_rule=Person.ContactRule.NO_PHONE,
            contact_rule_notes="Scammer still rings her",
        ),
        reporter=PersonInput(
            role=Person.Role.REPORTER,
            relationship="family",
            first_name="Sam",
            email="sam@example.com",
            consent_to_contact=True,
        ),
    ).report
    assert report.victim is not None and report.reporter is not None
    assert report.victim.contact_rule == Person.ContactRule.NO_PHONE
    assert report.reporter.relationship == "family"
    assert "no way to contact the victim" not in report.quality_issues


def test_bank_account_identifier_joins_sort_code_and_account() -> None:
    report = make_report(
        identifiers=[IdentifierInput(kind="bank_account", value="0073 3445", sort_code="30 99 50")]
    ).report
    identifier = report.identifiers.get()
    assert identifier.kind == Identifier.Kind.BANK_ACCOUNT
    assert identifier.normalised == "30-99-50 00733445"
    assert identifier.raw == "30 99 50 0073 3445"


def test_unknown_scam_type_is_flagged_not_lost() -> None:
    report = make_report(scam_type="wire_wizardry").report
    assert report.scam_type is None
    assert "scam type wire_wizardry is not known" in report.quality_issues


def test_a_residents_report_is_created_by_the_public_in_the_log() -> None:
    report = make_report(source=Report.Source.PUBLIC_WEB).report
    event = AuditEvent.objects.get(object_type="reports.report", object_id=str(report.pk))
    assert (event.action, event.actor, event.actor_label) == ("create", None, "public")
