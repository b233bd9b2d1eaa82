"""`fraudhub demo-data` makes a realistic county with the messiness the county found."""

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import RequestFactory

from fraudhub import demo
from fraudhub.casework.claim_states import ClaimState
from fraudhub.casework.lifecycle import State
from fraudhub.casework.models import Case, Claim
from fraudhub.governance.models import SharingAgreement
from fraudhub.linking.models import ClusterMember, PersonGroup, PersonPair
from fraudhub.linking.people import MATCH_THRESHOLD
from fraudhub.reports.models import Identifier, Person, Report

AS_OF = date(2026, 11, 20)


def test_same_seed_gives_the_same_data_and_another_seed_does_not() -> None:
    first = list(demo.generate(60, seed=7, as_of=AS_OF))
    assert first == list(demo.generate(60, seed=7, as_of=AS_OF))
    assert first != list(demo.generate(60, seed=8, as_of=AS_OF))


def test_a_victims_title_suits_their_name() -> None:
    from faker.providers.person.en_GB import Provider

    women, men = set(Provider.first_names_female), set(Provider.first_names_male)
    victims = [s.victim for s in demo.generate(300, seed=3, as_of=AS_OF)]
    titles = {(v.title, v.first_name in women, v.first_name in men) for v in victims}
    assert {title for title, woman, _ in titles if woman} <= {"Mrs", "Ms", "Miss", ""}
    assert {title for title, _, man in titles if man} <= {"Mr", ""}
    assert {"Mr", "Mrs", "Ms", "Miss"} <= {title for title, _, _ in titles}


@pytest.mark.django_db
def test_demo_county_has_realistic_shape_and_flaws(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("demo_data", reports=400, seed=3, as_of=AS_OF, force=True)
    assert Report.objects.count() == 400
    victims = Person.objects.filter(role=Person.Role.VICTIM)
    missing_age = victims.filter(age_at_incident__isnull=True).count()
    assert 0.1 < missing_age / 400 < 0.35
    bad_postcodes = Report.objects.filter(quality_issues__icontains="postcode").count()
    assert 0.05 < bad_postcodes / 400 < 0.3
    older = victims.filter(
        report__scam_type__group__in=["mail", "doorstep"], age_at_incident__isnull=False
    )
    younger = victims.filter(report__scam_type__group="electronic", age_at_incident__isnull=False)
    mean = lambda qs: sum(p.age_at_incident for p in qs) / qs.count()  # noqa: E731
    assert mean(older) > mean(younger) + 10, "post and doorstep victims skew older"
    shared = Counter(Identifier.objects.filter(kind="phone").values_list("normalised", flat=True))
    assert shared.most_common(1)[0][1] >= 5, "some scammer numbers are shared by many reports"
    names = Counter(victims.values_list("last_name", "postcode"))
    assert any(count > 1 for (_, postcode), count in names.items() if postcode), (
        "some repeat victims"
    )
    councils = set(victims.exclude(council="").values_list("council", flat=True))
    assert len(councils) == 10
    # A reporter tracking a demo report sees where its case is, as with a real case.
    # Some repeat victims gave only the name they go by and a postcode: possible links
    # for an analyst to check, below the threshold.
    assert PersonPair.objects.filter(probability__gte=0.5, probability__lt=MATCH_THRESHOLD).exists()
    shown = set(Case.objects.values_list("state", "reports__status"))
    for state, status in (
        (State.CLOSED, Report.Status.CLOSED),
        (State.PLAN_ACTIVE, Report.Status.IN_PROGRESS),
        (State.NEW, Report.Status.NEW),
    ):
        assert {s for case_state, s in shown if case_state == state} == {status}
    # Payments, and claims to the victims' banks in every state of their lifecycle.
    assert set(Claim.objects.values_list("state", flat=True)) == {s.value for s in ClaimState}
    sizes = sorted(
        ClusterMember.objects.values("cluster").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert len(sizes) >= 10, "reports linked into campaigns"
    assert sizes[-1] < sum(sizes) / 3, "campaigns, not one web of everything"
    assert PersonGroup.objects.exists(), "repeat victims found by people matching"
    assert "manager" in capsys.readouterr().out


@pytest.mark.django_db
def test_demo_logins_work_and_a_second_run_with_if_empty_adds_nothing() -> None:
    call_command("demo_data", reports=5, seed=1, as_of=AS_OF, force=True)
    call_command("demo_data", reports=5, seed=1, as_of=AS_OF, if_empty=True, force=True)
    assert Report.objects.count() == 5
    sign_in_request = RequestFactory().post("/staff/sign-in/")
    user = authenticate(sign_in_request, username="manager", password="fraudhub-demo")
    assert user is not None and user.groups.filter(name="Case manager").exists()


@pytest.mark.django_db
def test_demo_data_records_two_agreements_once_one_of_them_due_for_review() -> None:
    call_command("demo_data", reports=5, seed=1, as_of=AS_OF, force=True)
    call_command("demo_data", reports=5, seed=1, as_of=AS_OF, if_empty=True, force=True)
    agreements = list(SharingAgreement.objects.order_by("title"))
    assert len(agreements) == 2
    assert {p.slug for p in agreements[1].parties.all()} == {"fraud-hub", "herts-police"}
    assert [a.review_overdue_on(AS_OF) for a in agreements] == [True, False]


@pytest.mark.django_db
def test_demo_data_is_refused_on_a_production_site_unless_forced(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_data", reports=1, seed=1)
    assert Report.objects.count() == 0
