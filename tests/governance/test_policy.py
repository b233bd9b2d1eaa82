"""The sharing policy: which reports an organisation may open, and which categories of each
are released, as agreements start and end and as victims answer about sharing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from fraudhub.governance import policy
from fraudhub.governance.categories import Category
from fraudhub.governance.models import Organisation
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Report
from fraudhub.reports.selectors import release_of, reports_for_organisation, visible_reports

from ..factories import OrganisationFactory, agreement, hub, make_report, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def police() -> Organisation:
    return OrganisationFactory(slug="police", name="Hertfordshire Police", kind="police")


@pytest.fixture
def bank() -> Organisation:
    return OrganisationFactory(slug="bank", name="Bank A", kind="bank")


@pytest.fixture
def banker(bank: Organisation) -> User:
    return staff_user("banker", role="Partner user", organisation=bank)


def police_report(police: Organisation, *, share: bool | None = True) -> Report:
    victim = PersonInput(
        first_name="Mary",
        last_name="Smith",
        postcode="AL1 3EJ",
        phone="01727 123456",
        consent_to_share=share,
    )
    return make_report(source=Report.Source.PARTNER_FORM, organisation=police, victim=victim).report


def references(user: User) -> set[str]:
    return set(visible_reports(user).values_list("reference", flat=True))


def test_without_an_agreement_a_partner_sees_only_its_own_reports(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    theirs = police_report(police)
    own = make_report(source=Report.Source.PARTNER_FORM, organisation=bank).report
    assert references(banker) == {own.reference}
    assert theirs.reference not in references(banker)


def test_an_agreement_in_force_releases_the_other_partys_reports_and_not_a_third_partys(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    theirs = police_report(police)
    council = OrganisationFactory(slug="council", name="A council", kind="council")
    elsewhere = make_report(source=Report.Source.PARTNER_FORM, organisation=council).report
    agreement(police, bank)
    assert references(banker) == {theirs.reference}
    assert elsewhere.reference not in set(
        reports_for_organisation(bank).values_list("reference", flat=True)
    )


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(1, None), (-30, -1)],
    ids=["not started yet", "past its end date"],
)
def test_an_agreement_not_in_force_releases_nothing(
    police: Organisation, bank: Organisation, banker: User, starts: int, ends: int | None
) -> None:
    today = timezone.localdate()
    police_report(police)
    agreement(
        police,
        bank,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends) if ends is not None else None,
    )
    assert references(banker) == set()


def test_its_last_day_still_shares_and_ending_it_stops_sharing_at_once(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    report = police_report(police)
    made = agreement(police, bank, ends_on=timezone.localdate())
    assert references(banker) == {report.reference}
    made.ended_at = timezone.now()
    made.save()
    assert references(banker) == set()


def test_categories_not_named_are_withheld_saying_which_agreement_is_missing(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    report = police_report(police)
    agreement(police, bank, categories=(Category.SCAM_DETAILS, Category.MONEY))
    release = release_of(policy.reader_for(banker), report)
    assert release.shows(Category.SCAM_DETAILS)
    assert release.shows(Category.MONEY)
    assert release.shows_report_field("narrative")
    assert not release.shows_person_field("phone")
    assert release.why(Category.VICTIM_CONTACT) == (
        "Withheld: no data-sharing agreement in force between Bank A and Hertfordshire "
        "Police covers victim contact details"
    )
    for category in (Category.HEALTH_VULNERABILITY, Category.CASE_NOTES):
        assert not release.shows(category)
        assert release.why(category).startswith("Withheld: no data-sharing agreement")


@pytest.mark.parametrize(
    ("share", "reason"),
    [
        (False, "Withheld: the victim said no to sharing their details"),
        (None, "Withheld: the victim has not yet agreed to share their details"),
    ],
)
def test_the_victims_consent_applies_on_top_of_the_agreement(
    police: Organisation,
    bank: Organisation,
    banker: User,
    share: bool | None,
    reason: str,
) -> None:
    report = police_report(police, share=share)
    agreement(police, bank)
    release = release_of(policy.reader_for(banker), report)
    assert release.shows(Category.SCAM_DETAILS)
    for category in policy.VICTIM_CATEGORIES:
        assert not release.shows(category)
        assert release.why(category).startswith(reason)


def test_the_holder_and_the_hub_see_every_category_whatever_the_victim_said(
    police: Organisation, manager: User
) -> None:
    report = police_report(police, share=False)
    officer = staff_user("officer", role="Partner user", organisation=police)
    for reader in (policy.reader_for(officer), policy.reader_for(manager)):
        assert release_of(reader, report).released == policy.ALL_CATEGORIES


def test_an_agreement_with_the_hub_releases_the_publics_reports(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    public = make_report().report
    assert public.source_organisation_id is None
    assert references(banker) == set()
    agreement(hub(), bank, categories=(Category.SCAM_DETAILS,))
    police_report(police)
    assert references(banker) == {public.reference}
    release = release_of(policy.reader_for(banker), public)
    assert release.why(Category.VICTIM_CONTACT) == (
        "Withheld: no data-sharing agreement in force between Bank A and Fraud Hub covers "
        "victim contact details"
    )


def test_an_agreement_of_counts_alone_lets_a_party_count_but_not_open(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    report = police_report(police)
    agreement(police, bank, categories=(), shows_counts=True)
    reader = policy.reader_for(banker)
    assert not reader.may_see(police.pk)
    assert reader.may_count(police.pk)
    assert references(banker) == set()
    assert Report.objects.filter(reader.countable_q()).filter(pk=report.pk).exists()


def test_without_counts_nothing_of_a_hidden_report_can_be_counted(
    police: Organisation, bank: Organisation, banker: User
) -> None:
    report = police_report(police)
    reader = policy.reader_for(banker)
    assert not Report.objects.filter(reader.countable_q()).filter(pk=report.pk).exists()


def test_released_by_gives_one_agreements_records_for_one_party(
    police: Organisation, bank: Organisation
) -> None:
    report = police_report(police)
    made = agreement(police, bank)
    released = policy.released_by(made, bank)
    assert released is not None
    assert list(Report.objects.filter(released)) == [report]
    outsider = OrganisationFactory(slug="outsider", name="Outsider")
    assert policy.released_by(made, outsider) is None
    made.ended_at = timezone.now()
    made.save()
    assert policy.released_by(made, bank) is None


def test_recipients_of_a_holder_name_each_party_and_what_it_receives(
    police: Organisation, bank: Organisation
) -> None:
    agreement(police, bank, categories=(Category.SCAM_DETAILS,))
    recipients = policy.recipients_of(police.pk)
    assert set(recipients) == {bank.pk}
    assert recipients[bank.pk].categories == frozenset({Category.SCAM_DETAILS})


def test_a_login_of_no_organisation_and_the_public_see_nothing(police: Organisation) -> None:
    police_report(police)
    from django.contrib.auth.models import AnonymousUser

    assert not visible_reports(AnonymousUser()).exists()
    loner = User.objects.create_user("loner2", password="x")
    assert not visible_reports(loner).exists()
