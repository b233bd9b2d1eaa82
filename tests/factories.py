"""Factories for tests: staff (with their second factor), organisations and reports made
through the real service, and signing staff in."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import Any

import django_otp
import factory
from django.contrib.auth.models import Group, User
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from fraudhub.accounts import services as accounts_services
from fraudhub.accounts.demo import current_code
from fraudhub.casework.models import Case
from fraudhub.governance.categories import Category
from fraudhub.governance.models import Organisation, SharingAgreement, StaffProfile
from fraudhub.reports.inputs import IdentifierInput, PersonInput, ReportSubmission
from fraudhub.reports.models import Report
from fraudhub.reports.services import CreatedReport, create_report

PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Organisation.Kind.TRADING_STANDARDS


def agreement(
    *parties: Organisation,
    categories: tuple[Category, ...] | frozenset[Category] = tuple(Category),
    starts_on: date | None = None,
    ends_on: date | None = None,
    review_on: date | None = None,
    shows_counts: bool = False,
    title: str = "",
) -> SharingAgreement:
    """An agreement between `parties` (the first owns it), in force from a year ago
    unless dates are given."""
    today = timezone.localdate()
    made = SharingAgreement.objects.create(
        title=title or " and ".join(p.name for p in parties),
        owner=parties[0],
        purpose="To support victims of fraud and disrupt scammers.",
        lawful_basis="Law enforcement purposes (Data Protection Act 2018, Part 3).",
        categories=[c.value for c in categories],
        starts_on=starts_on or today - timedelta(days=365),
        review_on=review_on or today + timedelta(days=180),
        ends_on=ends_on,
        shows_counts=shows_counts,
    )
    made.parties.set(parties)
    return made


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
    """A staff login with a role (as a group), an organisation (the hub by default) and an
    authenticator app set up, like every real staff account."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    StaffProfile.objects.create(user=user, organisation=organisation or hub())
    authenticator(user)
    return user


def unattached_user(username: str = "loner", *, role: str = "Case manager") -> User:
    """A login with a role and an authenticator but no organisation (no staff profile): it
    may neither see records nor act for the hub, whatever its role."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    authenticator(user)
    return user


def authenticator(user: User) -> TOTPDevice:
    """The user's authenticator app (a real django-otp TOTP device), set up once."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def sign_in(client: Client, user: User) -> Client:
    """Sign `user` in on a test client as if they had given their password and a code from
    their authenticator: a signed-in session marked with their real device, which is what
    the second sign-in step stores. `client.force_login` alone is refused by staff pages."""
    client.force_login(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
    session.save()
    return client


def code_for(user: User) -> str:
    """A code the user's authenticator app shows now, for signing in through the pages.
    Each code is accepted once, so after one was used the app's next one is given (the
    server allows for an app a step ahead), waiting for the clock if need be."""
    device = authenticator(user)
    device.refresh_from_db()
    while True:
        now = int((time.time() - device.t0) // device.step) + device.drift
        step = max(now, device.last_t + 1)
        if step <= now + device.tolerance:
            return current_code(device, device.t0 + step * device.step)[0]
        time.sleep(1)


def api_token(user: User, *, name: str = "Case system", days: int = 180) -> str:
    """A working partner API token for `user` (issued as `fraudhub api-token` does)."""
    return accounts_services.issue_api_token(user=user, name=name, days=days).value


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


def make_case(**overrides: Any) -> Case:
    """The case triage opens for a new report (`overrides` as for make_report)."""
    from fraudhub.casework.services import triage_reports

    return triage_reports(report_ids=[make_report(**overrides).report.pk])[0]


def linked_report(*identifiers: tuple[str, str]) -> Report:
    """A report holding these identifiers ((kind, value) pairs), joined to its identifier
    clusters as the linking run joins a new report."""
    from fraudhub.linking.services import link_reports

    created = make_report(identifiers=[IdentifierInput(kind=k, value=v) for k, v in identifiers])
    link_reports(report_ids=[created.report.pk])
    return created.report


def gave_a_reason_for_lists(client: Client) -> None:
    """Staff whose lists and searches show other organisations' reports say why once per
    sign-in, as the site asks before the first such list."""
    client.post(reverse("staff:lists_reason"), {"reason": "investigation"})


def opened_with_a_reason(client: Client, reference: str) -> HttpResponse:
    """Staff open a report outside their own organisation's as the site asks: saying why
    first (the reason prompt), then the report page."""
    client.post(reverse("staff:report_reason", args=[reference]), {"reason": "investigation"})
    response: HttpResponse = client.get(f"/staff/reports/{reference}/")
    return response


def published(kind: str, value: str, *, by: User | None = None, reason: str = "") -> Any:
    """An identifier published for "check before you pay" through the real service, by an
    analyst of the hub unless `by` is given."""
    from fraudhub.prevention.services.checks import publish_identifier

    analyst = by or User.objects.filter(username="publisher").first()
    if analyst is None:
        analyst = staff_user("publisher", role="Analyst")
    return publish_identifier(
        actor=analyst, kind=kind, typed=value, reason=reason or "Named in many reports"
    )


# Getting money back: payments and claims recorded through the real services.


def record_payment(case: Case, actor: User | None = None, **overrides: Any) -> Any:
    """A payment on the case, as staff record it: by default £4,000.00 by Faster Payment
    three days ago from Barclays to account 12-34-56 12345678."""
    from decimal import Decimal

    from fraudhub.casework.models import Bank
    from fraudhub.casework.services.edits import Edit
    from fraudhub.casework.services.payments import record_payment as record

    values: dict[str, Any] = {
        "paid_on": timezone.localdate() - timedelta(days=3),
        "amount": Decimal("4000.00"),
        "method": "faster_payment",
        "authorised": True,
        "bank": Bank.objects.get(name="Barclays"),
        "payee_sort_code": "12-34-56",
        "payee_account": "12345678",
    }
    values.update(overrides)
    case.refresh_from_db()
    return record(edit=Edit(case=case, version=case.version, actor=actor), **values)


def open_claim(case: Case, payments: list[Any], actor: User | None = None, **overrides: Any) -> Any:
    """A claim in drafting for these payments: APP reimbursement with the first payment's
    bank, for the payments' total unless told otherwise."""
    from fraudhub.casework.services.edits import Edit
    from fraudhub.casework.services.payments import open_claim as start

    values: dict[str, Any] = {
        "route": "app_reimbursement",
        "bank": payments[0].bank,
        "amount_claimed": sum(p.amount for p in payments),
    }
    values.update(overrides)
    case.refresh_from_db()
    return start(
        edit=Edit(case=case, version=case.version, actor=actor), payments=payments, **values
    )


def move_claim(claim: Any, target: str, actor: User | None = None, **overrides: Any) -> Any:
    """Move a claim on its lifecycle as a case manager would, at the case's version now."""
    from fraudhub.casework.services.edits import Edit
    from fraudhub.casework.services.payments import move_claim as move

    case = Case.objects.get(pk=claim.case_id)
    return move(
        edit=Edit(case=case, version=case.version, actor=actor),
        claim=claim,
        target=target,
        **overrides,
    )


def victim_named(first_name: str, last_name: str = "Jones", **more: Any) -> PersonInput:
    """A victim who agreed to contact and sharing, distinct from the default one (so triage
    opens their own case)."""
    values: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "postcode": "SG1 1AA",
        "consent_to_contact": True,
        "consent_to_share": True,
    }
    values.update(more)
    return PersonInput(**values)
