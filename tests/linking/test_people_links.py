"""People links kept in the database: each run regroups victims and suspects, and every
run respects the decisions analysts made on proposed links."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from fraudhub.governance.models import AuditEvent
from fraudhub.linking.models import PersonDecision, PersonGroup, PersonGroupMember, PersonPair
from fraudhub.linking.people import ScoredPair
from fraudhub.linking.persons import services
from fraudhub.linking.persons.services import DecisionRefused, decide_people, link_people
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person
from tests.factories import make_report

pytestmark = pytest.mark.django_db


def victim_record(first: str, last: str = "Hughes", **values: str) -> Person:
    """A victim's record on a new report; by default at Margaret Hughes's address."""
    values.setdefault("postcode", "AL1 3EJ")
    values.setdefault("address_line1", "12 Abbey Mill Lane")
    person = PersonInput(first_name=first, last_name=last, **values)
    victim = make_report(victim=person, identifiers=[]).report.victim
    assert victim is not None
    return victim


def _group(person: Person) -> int | None:
    member = PersonGroupMember.objects.filter(person=person).first()
    return member.group_id if member else None


def _together(a: Person, b: Person) -> bool:
    return _group(a) is not None and _group(a) == _group(b)


def test_a_repeat_victim_is_grouped_and_the_pair_kept_with_why(manager: User) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", "Hughes", date_of_birth="07/03/1948", phone="01727123456")
    other = victim_record("Arthur", "Penn", date_of_birth="02/11/1939", postcode="SG1 1AA")
    run = link_people()
    assert run.records["victim"] == 3
    assert _together(first, second)
    assert _group(other) is None
    pair = PersonPair.objects.get(left=first, right=second)
    assert pair.probability >= 0.9
    assert pair.agreement["given_name"] == "nickname or formal name"
    assert pair.agreement["date_of_birth"] == "same"


def test_a_split_survives_a_rerun(manager: User) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", "Hughes", date_of_birth="07/03/1948", phone="01727123456")
    link_people()
    decide_people(
        actor=manager, person=first, other=second, same=False, reason="Twin sisters, checked"
    )
    assert not _together(first, second)  # regrouped at once
    link_people()
    assert not _together(first, second)
    decision = PersonDecision.objects.get()
    assert (decision.left_id, decision.right_id, decision.same) == (first.pk, second.pk, False)
    assert decision.decided_by_label == "manager"


def test_a_split_pair_stays_apart_even_when_a_third_record_bridges_them(manager: User) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    bridge = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    link_people()
    assert _together(first, second)
    decide_people(actor=manager, person=second, other=first, same=False, reason="Two people")
    link_people()
    assert not _together(first, second)
    assert _together(first, bridge) or _together(second, bridge)


def test_a_confirmed_pair_stays_together_when_the_model_scores_it_low(manager: User) -> None:
    before = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948")
    married = victim_record("Margaret", "Okafor", postcode="LU1 2AB", address_line1="3 High Street")
    link_people()
    assert not _together(before, married)
    decide_people(
        actor=manager, person=married, other=before, same=True, reason="Married since; told us"
    )
    assert _together(before, married)
    link_people()
    assert _together(before, married)
    actions = AuditEvent.objects.filter(
        action=AuditEvent.Action.CHANGE, object_type="reports.person"
    )
    assert {e.object_id for e in actions} == {str(before.pk), str(married.pk)}


def test_the_newest_decision_on_a_pair_counts(manager: User) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", "Hughes", date_of_birth="07/03/1948", phone="01727123456")
    decide_people(actor=manager, person=first, other=second, same=False, reason="Looked wrong")
    decide_people(actor=manager, person=first, other=second, same=True, reason="Rang her: same")
    link_people()
    assert _together(first, second)
    assert PersonDecision.objects.count() == 2  # both kept


def test_victims_and_suspects_are_never_grouped_together(manager: User) -> None:
    victim = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    found = Person.objects.create(
        report=victim.report,
        role=Person.Role.SUSPECT,
        first_name="Margaret",
        last_name="Hughes",
        date_of_birth_raw="07/03/1948",
        phone="+441727123456",
        postcode="AL1 3EJ",
    )
    link_people()
    assert not _together(victim, found)
    with pytest.raises(DecisionRefused, match="same role"):
        decide_people(actor=manager, person=victim, other=found, same=True, reason="x")


def test_a_decision_needs_a_reason(manager: User) -> None:
    first = victim_record("Margaret", "Hughes")
    second = victim_record("Peggy", "Hughes")
    with pytest.raises(DecisionRefused, match="why"):
        decide_people(actor=manager, person=first, other=second, same=True, reason="  ")
    assert not PersonDecision.objects.exists()


def test_a_rerun_keeps_unchanged_groups_and_replaces_only_what_changed(manager: User) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", "Hughes", date_of_birth="07/03/1948", phone="01727123456")
    arthur = victim_record("Arthur", "Penn", date_of_birth="02/11/1939", postcode="SG1 1AA")
    art = victim_record("Art", "Penn", date_of_birth="02/11/1939", postcode="SG1 1AA")
    link_people()
    hughes, penn = _group(first), _group(arthur)
    assert hughes is not None and penn is not None and hughes != penn
    link_people()
    assert (_group(first), _group(second), _group(arthur), _group(art)) == (
        hughes,
        hughes,
        penn,
        penn,
    )
    decide_people(actor=manager, person=arthur, other=art, same=False, reason="Father and son")
    assert _group(arthur) is None and _group(art) is None
    assert _group(first) == _group(second) == hughes  # the other group is left alone
    assert not PersonGroup.objects.filter(pk=penn).exists()
    assert PersonGroup.objects.count() == 1


def test_a_decision_made_while_the_model_scores_counts_in_that_run(
    manager: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = victim_record("Margaret", "Hughes", date_of_birth="07/03/1948", phone="01727 123456")
    second = victim_record("Peggy", "Hughes", date_of_birth="07/03/1948", phone="01727123456")
    score = services.score_people

    def score_while_an_analyst_decides(*args: Any, **kwargs: Any) -> list[ScoredPair]:
        pairs = score(*args, **kwargs)
        if not PersonDecision.objects.exists():
            decide_people(actor=manager, person=first, other=second, same=False, reason="Twins")
        return pairs

    monkeypatch.setattr(services, "score_people", score_while_an_analyst_decides)
    link_people()
    assert not _together(first, second)
