"""Reports that may still be live: a scammer who may be in touch, money moved to a "safe
account" or handed to a courier make the case level 1, and a victim the scammer may still
be in touch with is not phoned."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from fraudhub.casework.models import Case
from fraudhub.casework.services import (
    CaseRuleBroken,
    Edit,
    contact_rules,
    record_contact,
    triage_reports,
)
from fraudhub.reports.inputs import PersonInput
from fraudhub.reports.models import Person, Report

from ..factories import make_report

pytestmark = pytest.mark.django_db

NOT_SURE = "Not sure whether the scammer is still in contact: treated as possibly in contact"


def open_case(**overrides: object) -> Case:
    created = make_report(**overrides)
    return triage_reports(report_ids=[created.report.pk])[0]


def edit(case: Case, actor: User) -> Edit:
    case.refresh_from_db()
    return Edit(case=case, version=case.version, actor=actor)


def test_the_issues_79_year_old_is_level_1_with_both_reasons(hub_org: object) -> None:
    case = open_case(
        victim=PersonInput(first_name="Rita", last_name="Jones", age="79", postcode="AL10 9AB"),
        amount_lost="£4,000",
        payment_method=Report.PaymentMethod.SAFE_ACCOUNT,
        still_in_contact_not_sure=True,
        narrative="The bank rang and I moved my savings where they said.",
    )
    assert case.level == 1
    assert case.triage_reasons == [
        NOT_SURE,
        "Money moved to a 'safe account' the scammer gave",
        "Aged 79, 70 or older",
        "Lost money (£4,000.00)",
    ]


def test_a_report_not_sure_is_stored_as_such_and_a_known_answer_wins(hub_org: object) -> None:
    unsure = make_report(still_in_contact_not_sure=True).report
    assert (unsure.still_in_contact, unsure.still_in_contact_not_sure) == (None, True)
    contradicting = make_report(still_in_contact=False, still_in_contact_not_sure=True).report
    assert (contradicting.still_in_contact, contradicting.still_in_contact_not_sure) == (
        False,
        False,
    )


def test_money_handed_to_a_courier_is_level_1(hub_org: object) -> None:
    case = open_case(payment_method=Report.PaymentMethod.COURIER)
    assert case.level == 1
    assert "Money or cards handed to a courier" in case.triage_reasons


def test_a_courier_scam_with_money_lost_is_level_1_whatever_the_payment(hub_org: object) -> None:
    case = open_case(scam_type="courier", payment_method=Report.PaymentMethod.CASH)
    assert case.level == 1
    assert "Money or cards handed to a courier" in case.triage_reasons


def test_a_safe_account_in_the_description_of_a_loss_is_level_1(hub_org: object) -> None:
    case = open_case(narrative="The caller said my money had to go to a safe account.")
    assert case.level == 1
    assert "Money moved to a 'safe account' the scammer gave" in case.triage_reasons


def test_an_ordinary_bank_transfer_stays_level_2(hub_org: object) -> None:
    assert open_case().level == 2


@pytest.mark.parametrize(
    "answer", [{"still_in_contact": True}, {"still_in_contact_not_sure": True}]
)
def test_a_victim_the_scammer_may_be_in_touch_with_is_written_to_not_phoned(
    hub_org: object, manager: User, answer: dict[str, bool]
) -> None:
    case = open_case(**answer)
    assert Person.ContactRule.NO_PHONE in contact_rules(case)
    with pytest.raises(CaseRuleBroken, match="Do not phone this victim"):
        record_contact(
            edit=edit(case, manager), method="phone", with_whom="victim", outcome="no_answer"
        )
    record_contact(edit=edit(case, manager), method="visit", with_whom="victim", outcome="spoke")
    assert case.contacts.get().method == "visit"


def test_a_victim_known_not_to_be_in_touch_may_be_phoned(hub_org: object, manager: User) -> None:
    case = open_case(still_in_contact=False)
    assert contact_rules(case) == {Person.ContactRule.DIRECT}
    record_contact(edit=edit(case, manager), method="phone", with_whom="victim", outcome="spoke")
