"""Partner pages: uploading a referral file, its import summary, the quarantine and the
referral form. axe-core checks each page, in its error states too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganisationFactory, staff_user

from .actions import assert_error_page, sign_in
from .conftest import Axe

pytestmark = pytest.mark.browser

FILE = (
    "partner_reference,received_date,scam_type,description,victim_first_name,victim_postcode\n"
    "TS-1,05/11/2026,Doorstep crime,Roofers charged for work not done,Edna,SG1 2AB\n"
    ",06/11/2026,Courier fraud,Courier took cards,Bob,AL1 3EJ\n"
)


def test_a_partner_uploads_a_file_and_corrects_a_quarantined_row(
    page: Page, axe: Axe, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory(slug="trading-standards", name="Trading Standards")
    sign_in(page, staff_user("ts", role="Partner user", organisation=organisation))

    page.goto("/staff/imports/")
    axe("referral files")
    page.get_by_role("button", name="Upload and import").click()
    assert_error_page(page, ["Select a referral file to upload"])
    axe("referral files, nothing chosen")

    (tmp_path / "referrals.csv").write_text(FILE)
    page.get_by_label("Referral file").set_input_files(tmp_path / "referrals.csv")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    axe("import summary")

    page.get_by_role("link", name="1 waiting for a decision").click()
    axe("quarantine list")
    page.get_by_role("link", name="referrals.csv, row 3").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the partner's own reference for this referral"
    )
    axe("quarantined row")
    page.get_by_label("Partner's reference").fill("TS-2")
    page.get_by_role("button", name="Accept as a report").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Row accepted as report")


def test_a_partner_refers_one_victim(page: Page, axe: Axe) -> None:
    organisation = OrganisationFactory(slug="age-uk", name="Age UK")
    sign_in(page, staff_user("ageuk", role="Partner user", organisation=organisation))
    page.goto("/staff/referrals/new/")
    axe("referral form")
    page.get_by_role("button", name="Send referral").click()
    assert_error_page(
        page,
        [
            "Enter your reference for this referral, so that sending it again updates it",
            "Enter the date you received the referral",
            "Enter what happened, or choose the kind of scam",
        ],
    )
    axe("referral form, sent empty")
    page.get_by_label("Your reference for this referral").fill("AGE-1")
    page.get_by_label("Day").first.fill("5")
    page.get_by_label("Month").first.fill("11")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_label("What happened").fill("A caller said her grandson was in trouble")
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Referral sent: FH-")
