"""A confirmed campaign of three victims on the hub's cases, each with different contact
rules, for the warnings' tests (unit and browser)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from fraudhub.governance.models import Organisation
from fraudhub.linking.models import ClusterMember, ConfirmedCampaign
from fraudhub.linking.services import confirm_campaign, link_reports
from fraudhub.reports.inputs import IdentifierInput, PersonInput
from fraudhub.reports.models import Person

from ..factories import make_report, staff_user


@dataclass
class Campaign:
    confirmed: ConfirmedCampaign
    by_email: Case  # no rule, an email address
    through_carer: Case  # contact only through their carer
    by_letter: Case  # no email address, a postal address


def victim_case(first: str, organisation: Organisation | None = None, **overrides: str) -> Case:
    """A victim's case on a report holding the campaign's phone number, linked."""
    person = PersonInput(
        title="Mrs",
        first_name=first,
        last_name="Okafor" if first == "Ada" else f"{first}son",
        age="81",
        address_line1="1 High Street",
        town="St Albans",
        postcode="AL1 3EJ",
        consent_to_contact=True,
        consent_to_share=True,
        **overrides,  # type: ignore[arg-type]
    )
    report = make_report(
        victim=person,
        identifiers=[IdentifierInput(kind="phone", value="0161 496 0000")],
        organisation=organisation,
        source="partner_form" if organisation else "public_web",
    ).report
    link_reports(report_ids=[report.pk])
    return triage_reports(report_ids=[report.pk])[0]


def confirmed_campaign() -> Campaign:
    """Three victims of one campaign, confirmed by an analyst."""
    by_email = victim_case("Ada", email="ada@example.com")
    through_carer = victim_case(
        "Bea", email="bea@example.com", contact_rule=Person.ContactRule.VIA_CARER
    )
    by_letter = victim_case("Cy")
    cluster = ClusterMember.objects.get(report=by_email.reports.get()).cluster_id
    analyst = User.objects.filter(username="analyst").first() or staff_user(
        "analyst", role="Analyst"
    )
    confirmed = confirm_campaign(
        actor=analyst, cluster_id=cluster, name="0161 refund calls", reason="Same script"
    )
    return Campaign(confirmed, by_email, through_carer, by_letter)
