"""Which pages a resident sees, and how their answers become a report submission."""

from fraudhub.intake import journey
from fraudhub.reports.models import Person

MYSELF = {
    "who": {"reporting_for": "myself"},
    "scam-type": {"scam_type": "bank_impersonation"},
    "contact-method": {"contact_method": "phone_call"},
    "what-happened": {"narrative": "They said they were my bank."},
    "when": {"incident_date": "5/3/2026"},
    "still-in-contact": {"still_in_contact": "no"},
    "scammer-details": {
        "phones": "020 7946 0123\n0906 123 4567",
        "emails": "",
        "websites": "bank-help.com",
        "social_media": "",
        "names": "Dave",
        "companies": "",
        "vehicles": "",
    },
    "money": {
        "lost_money": True,
        "amount_lost": "£2,000",
        "payment_method": "bank_transfer",
        "sort_code": "30-99-50",
        "account_number": "00733445",
    },
    "about": {
        "first_name": "Jean",
        "last_name": "Smith",
        "age": "81",
        "date_of_birth": "",
        "postcode": "AL1 3EJ",
        "address_line1": "",
        "town": "",
    },
    "support-needs": {"indicators": ["lives_alone"]},
    "contact-details": {"phone": "01727 123456", "email": "jean@example.com"},
    "consent": {"consent_to_contact": True, "consent_to_share": False},
}


def test_reporting_for_yourself_skips_the_third_party_pages() -> None:
    slugs = [s.slug for s in journey.applicable(MYSELF)]
    assert "relationship" not in slugs and "safe-contact" not in slugs
    assert journey.first_unanswered(MYSELF) is None


def test_reporting_for_someone_else_adds_relationship_and_safe_contact() -> None:
    answers = {**MYSELF, "who": {"reporting_for": "someone_else"}}
    assert [s.slug for s in journey.applicable(answers)][:2] == ["who", "relationship"]
    assert journey.first_unanswered(answers).slug == "relationship"  # type: ignore[union-attr]


def test_switching_back_to_myself_drops_third_party_answers() -> None:
    answers = {
        **MYSELF,
        "relationship": {"relationship": "family"},
        "safe-contact": {"contact_rule": "no_phone"},
    }
    assert "relationship" not in journey.prune(answers)
    assert "safe-contact" not in journey.prune(answers)


def test_back_goes_to_the_previous_page_that_applies() -> None:
    assert journey.previous(MYSELF, "scam-type").slug == "who"  # type: ignore[union-attr]
    assert journey.previous(MYSELF, "who") is None


def test_victim_answers_become_a_submission() -> None:
    submission = journey.to_submission(MYSELF)
    assert submission.reporter is None
    assert submission.victim.first_name == "Jean"
    assert submission.victim.phone == "01727 123456"
    assert submission.victim.consent_to_contact is True
    assert submission.victim.consent_to_share is False
    assert submission.victim.vulnerability_indicators == ["lives_alone"]
    assert submission.still_in_contact is False
    assert submission.amount_lost == "£2,000"
    kinds = [(i.kind, i.value, i.sort_code) for i in submission.identifiers]
    assert ("phone", "020 7946 0123", "") in kinds
    assert ("phone", "0906 123 4567", "") in kinds
    assert ("website", "bank-help.com", "") in kinds
    assert ("person_name", "Dave", "") in kinds
    assert ("bank_account", "00733445", "30-99-50") in kinds


def test_third_party_answers_keep_the_victims_contact_rule_and_the_reporter() -> None:
    answers = {
        **MYSELF,
        "who": {"reporting_for": "someone_else"},
        "relationship": {"relationship": "carer"},
        "safe-contact": {"contact_rule": "via_carer", "carer_details": "Pat Jones, 07400 123456"},
        "contact-details": {
            "reporter_first_name": "Pat",
            "reporter_last_name": "Jones",
            "phone": "07400 123456",
            "email": "",
        },
    }
    submission = journey.to_submission(answers)
    assert submission.victim.contact_rule == Person.ContactRule.VIA_CARER
    assert submission.victim.contact_rule_notes == "Pat Jones, 07400 123456"
    assert submission.victim.phone == ""
    assert submission.reporter is not None
    assert (submission.reporter.first_name, submission.reporter.relationship) == ("Pat", "carer")
    assert submission.reporter.consent_to_contact is True


def test_money_details_are_ignored_when_no_money_was_lost() -> None:
    answers = {**MYSELF, "money": {"lost_money": False}}
    submission = journey.to_submission(answers)
    assert submission.amount_lost == ""
    assert all(i.kind != "bank_account" for i in submission.identifiers)
