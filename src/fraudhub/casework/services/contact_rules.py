"""The victim's contact rules from intake, which every contact and message checks."""

from __future__ import annotations

from fraudhub.reports.models import Person

from ..models import Case, Contact
from ..selectors import contact_rules_by_case


def contact_rules(case: Case) -> set[str]:
    """Every contact rule intake recorded for this victim, in any of the case's reports,
    and "do not phone" when any report says the scammer is or may be still in touch."""
    return contact_rules_by_case([case.pk]).get(case.pk, set()) | {case.victim.contact_rule}


def contact_rule_problem(case: Case, method: str, with_whom: str) -> str:
    """Why a contact would break one of the victim's contact rules from intake, or ""."""
    rules = contact_rules(case)
    if Person.ContactRule.VIA_REPORTER in rules and with_whom == Contact.With.VICTIM:
        return "Contact this victim only through the person who reported it"
    if Person.ContactRule.VIA_CARER in rules and with_whom == Contact.With.VICTIM:
        return "Contact this victim only through their carer or attorney"
    if (
        Person.ContactRule.NO_PHONE in rules
        and method == Contact.Method.PHONE
        and with_whom == Contact.With.VICTIM
    ):
        return "Do not phone this victim: the scammer may still be in touch with them"
    return ""
