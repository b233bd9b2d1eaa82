"""The question asked before a person page showing another organisation's records, and a
case page whose processing is restricted: axe-core checks each page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.casework.services import triage_reports
from fraudhub.governance import rights
from fraudhub.governance.categories import Category
from fraudhub.governance.models import Restriction
from fraudhub.linking.persons.services import link_people
from fraudhub.reports.models import Person, Report
from tests.factories import OrganisationFactory, agreement, hub, make_report, staff_user
from tests.linking.test_people_links import victim_record

from .actions import press_and_wait, sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser


def test_a_partner_analyst_says_why_before_a_person_page(page: Page, axe: Axe) -> None:
    partner = OrganisationFactory(slug="age-uk", name="Age UK", kind="charity")
    theirs = victim_record("Margaret", date_of_birth="07/03/1948", phone="01727 123456")
    hubs = victim_record("Peggy", date_of_birth="07/03/1948", phone="01727 123456")
    Report.objects.filter(pk=theirs.report_id).update(source_organisation=partner)
    Person.objects.filter(pk=hubs.pk).update(consent_to_share=True)
    link_people()
    agreement(hub(), partner, categories=(Category.VICTIM_CONTACT,))
    sign_in(page, staff_user("partneranalyst", role="Analyst", organisation=partner))
    page.goto(f"/staff/links/people/{theirs.pk}/")
    expect(page).to_have_url(re.compile(f"/staff/links/people/{theirs.pk}/reason/"))
    expect(page.locator("h1")).to_have_text("Why are you opening this person's records?")
    axe("person reason prompt")
    page.get_by_label("Safeguarding").check()
    tab_to(page, "button.govuk-button")
    press_and_wait(page, "Enter")
    expect(page).to_have_url(re.compile(f"/staff/links/people/{theirs.pk}/$"))
    expect(page.locator("#records")).to_contain_text(hubs.report.reference)


def test_a_restricted_case_page_says_so(page: Page, axe: Axe) -> None:
    hub()
    manager = staff_user("manager", role="Case manager")
    case = triage_reports(report_ids=[make_report().report.pk])[0]
    rights.place(Restriction, actor=manager, obj=case.victim, reason="Asked to restrict")
    sign_in(page, manager)
    page.goto("/staff/cases/")
    expect(page.get_by_text("Processing restricted")).to_be_visible()
    axe("case queue with a restricted case")
    page.goto(f"/staff/cases/{case.pk}/")
    expect(page.locator("h1")).to_have_text("Processing of this case is restricted")
    axe("restricted case page")
