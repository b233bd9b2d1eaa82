"""The order of the public reporting journey, which pages apply to whom, and how the
answers become a report submission. Pure: no database, no request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import Identifier, Person, Report

from . import forms, person_forms

Answers = dict[str, dict[str, Any]]


def someone_else(answers: Answers) -> bool:
    return answers.get("who", {}).get("reporting_for") == "someone_else"


@dataclass(frozen=True)
class Step:
    slug: str
    form: type[forms.StepForm]
    title: str
    applies: Callable[[Answers], bool] = lambda answers: True


STEPS: tuple[Step, ...] = (
    Step("who", forms.WhoForm, "Who you are reporting for"),
    Step("relationship", forms.RelationshipForm, "How you know them", someone_else),
    Step("scam-type", forms.ScamTypeForm, "Kind of scam"),
    Step("contact-method", forms.ContactMethodForm, "How the scammer got in touch"),
    Step("what-happened", forms.WhatHappenedForm, "What happened"),
    Step("when", forms.WhenForm, "When it happened"),
    Step("still-in-contact", forms.StillInContactForm, "Whether the scammer is still in touch"),
    Step("scammer-details", forms.ScammerDetailsForm, "Details the scammer used"),
    Step("money", forms.MoneyForm, "Money lost"),
    Step("about", person_forms.VictimForm, "About the person it happened to"),
    Step("support-needs", person_forms.VulnerabilityForm, "Anything that affects support"),
    Step("safe-contact", person_forms.ContactRuleForm, "How to contact them safely", someone_else),
    Step("contact-details", person_forms.ContactDetailsForm, "Contact details"),
    Step("consent", person_forms.ConsentForm, "Contact and sharing"),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def applicable(answers: Answers) -> list[Step]:
    return [step for step in STEPS if step.applies(answers)]


def first_unanswered(answers: Answers) -> Step | None:
    """The first page still to answer, or None when the journey is ready to check."""
    return next((s for s in applicable(answers) if s.slug not in answers), None)


def previous(answers: Answers, slug: str) -> Step | None:
    steps = applicable(answers)
    slugs = [s.slug for s in steps]
    if slug not in slugs:
        return None
    index = slugs.index(slug)
    return steps[index - 1] if index > 0 else None


def prune(answers: Answers) -> Answers:
    """Drop answers to pages that no longer apply (say, after switching to 'myself')."""
    keep = {s.slug for s in applicable(answers)}
    return {slug: value for slug, value in answers.items() if slug in keep}


def _identifiers(details: dict[str, Any], money: dict[str, Any]) -> list[IdentifierInput]:
    kinds = {
        "phones": Identifier.Kind.PHONE,
        "emails": Identifier.Kind.EMAIL,
        "websites": Identifier.Kind.WEBSITE,
        "social_media": Identifier.Kind.SOCIAL_MEDIA,
        "names": Identifier.Kind.PERSON_NAME,
        "companies": Identifier.Kind.COMPANY,
        "vehicles": Identifier.Kind.VEHICLE,
    }
    found: list[IdentifierInput] = []
    for field_name, kind in kinds.items():
        for line in forms._lines(details.get(field_name, "")):
            found.append(IdentifierInput(kind=kind, value=line))
    if money.get("account_number") or money.get("sort_code"):
        found.append(
            IdentifierInput(
                kind=Identifier.Kind.BANK_ACCOUNT,
                value=money.get("account_number", ""),
                sort_code=money.get("sort_code", ""),
            )
        )
    return found


def to_submission(answers: Answers) -> ReportSubmission:
    """Turn a finished journey's answers into a submission for the reports service."""
    other = someone_else(answers)
    about = answers.get("about", {})
    contact = answers.get("contact-details", {})
    consent = answers.get("consent", {})
    rule = answers.get("safe-contact", {})
    money = answers.get("money", {})
    indicators = [i for i in answers.get("support-needs", {}).get("indicators", []) if i != "none"]
    victim = PersonInput(
        role=Person.Role.VICTIM,
        first_name=about.get("first_name", ""),
        last_name=about.get("last_name", ""),
        age=about.get("age", ""),
        date_of_birth=about.get("date_of_birth", ""),
        postcode=about.get("postcode", ""),
        address_line1=about.get("address_line1", ""),
        town=about.get("town", ""),
        vulnerability_indicators=indicators,
    )
    reporter = None
    if other:
        victim.contact_rule = rule.get("contact_rule", Person.ContactRule.DIRECT)
        victim.contact_rule_notes = rule.get("carer_details", "")
        victim.phone = rule.get("victim_phone", "")
        victim.email = rule.get("victim_email", "")
        reporter = PersonInput(
            role=Person.Role.REPORTER,
            relationship=answers.get("relationship", {}).get("relationship", ""),
            first_name=contact.get("reporter_first_name", ""),
            last_name=contact.get("reporter_last_name", ""),
            phone=contact.get("phone", ""),
            email=contact.get("email", ""),
            consent_to_contact=consent.get("consent_to_contact"),
            consent_to_share=consent.get("consent_to_share"),
        )
    else:
        victim.phone = contact.get("phone", "")
        victim.email = contact.get("email", "")
        victim.consent_to_contact = consent.get("consent_to_contact")
        victim.consent_to_share = consent.get("consent_to_share")
    still = answers.get("still-in-contact", {}).get("still_in_contact")
    lost = money.get("lost_money")
    return ReportSubmission(
        source=Report.Source.PUBLIC_WEB,
        victim=victim,
        reporter=reporter,
        incident_date=answers.get("when", {}).get("incident_date", ""),
        scam_type=answers.get("scam-type", {}).get("scam_type", ""),
        contact_method=answers.get("contact-method", {}).get("contact_method", ""),
        narrative=answers.get("what-happened", {}).get("narrative", ""),
        still_in_contact={"yes": True, "no": False}.get(still) if still else None,
        still_in_contact_not_sure=still == "not_sure",
        lost_money=lost,
        amount_lost=money.get("amount_lost", "") if lost else "",
        payment_method=money.get("payment_method", "") if lost else "",
        identifiers=_identifiers(answers.get("scammer-details", {}), money if lost else {}),
    )
