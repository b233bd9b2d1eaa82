"""Factories for tests: staff, organisations and reports made through the real service."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group, User

from fraudhub.governance.models import Organisation, StaffProfile
from fraudhub.reports.models import Report
from fraudhub.reports.services import (
    CreatedReport,
    IdentifierInput,
    PersonInput,
    ReportSubmission,
    create_report,
)

PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Organisation.Kind.TRADING_STANDARDS


def hub() -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        slug="fraud-hub",
        defaults={
            "name": "Fraud Hub",
            "kind": Organisation.Kind.FRAUD_HUB,
            "sees_all_reports": True,
        },
    )
    return organisation


def staff_user(
    username: str = "manager",
    *,
    role: str = "Case manager",
    organisation: Organisation | None = None,
) -> User:
    """A staff login with a role (as a group) and an organisation (the hub by default)."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    StaffProfile.objects.create(user=user, organisation=organisation or hub())
    return user


def submission(**overrides: Any) -> ReportSubmission:
    """A plausible report as typed; override any field, or `victim`/`reporter` wholesale."""
    victim = overrides.pop("victim", None) or PersonInput(
        first_name="Margaret",
        last_name="Hughes",
        age="78",
        postcode="al1 3ej",
        phone="01727 123456",
        email="margaret@example.com",
        consent_to_contact=True,
        consent_to_share=True,
    )
    values: dict[str, Any] = {
        "source": Report.Source.PUBLIC_WEB,
        "victim": victim,
        "incident_date": "05/03/2026",
        "scam_type": "bank_impersonation",
        "contact_method": "phone_call",
        "narrative": "A caller said he was from my bank and asked me to move my savings.",
        "amount_lost": "£1,250.00",
        "payment_method": Report.PaymentMethod.BANK_TRANSFER,
        "identifiers": [IdentifierInput(kind="phone", value="020 7946 0123")],
    }
    values.update(overrides)
    return ReportSubmission(**values)


def make_report(actor: User | None = None, notify: bool = False, **overrides: Any) -> CreatedReport:
    return create_report(submission=submission(**overrides), actor=actor, notify=notify)
