"""A partner's file with rows that do not fit: the import says how it was read, and each
quarantined row's page marks what to correct in plain words, in the error summary and
beside each box. axe-core checks the pages; a keyboard user corrects a row and accepts it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.factories import OrganisationFactory, staff_user

from .actions import assert_focus_visible, press_and_wait, sign_in, tab_to
from .conftest import Axe

pytestmark = pytest.mark.browser

HEADER = b"partner_reference,received_date,description,victim_first_name,victim_last_name\n"
ROWS = [
    b"TS-1,05/11/2026,Roofers charged for work not done,Edna,Smith\n",
    b"TS-2,05/11/2026,Courier took her cards,Ms Rita,70, Lane\n",  # one value too many
    b",05/01/2099,,Ann,Bell\n",  # no reference, a date in the future, nothing happened
    b"TS-4,05/11/2026,Caller said he was from the bank,Zo\xeb,Jones\n",  # not UTF-8
    "TS-5,05/11/2026,Caller,Zoë,Brown\n".encode(),
]


def open_row(page: Page, number: int) -> None:
    page.goto("/staff/quarantine/")
    page.get_by_role("link", name=f"referrals.csv, row {number}").click()


def test_a_partner_corrects_quarantined_rows_marked_field_by_field(
    page: Page, axe: Axe, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    organisation = OrganisationFactory(slug="trading-standards", name="Trading Standards")
    sign_in(page, staff_user("ts", role="Partner user", organisation=organisation))
    (tmp_path / "referrals.csv").write_bytes(HEADER + b"".join(ROWS))
    page.goto("/staff/imports/")
    page.get_by_label("Referral file").set_input_files(tmp_path / "referrals.csv")
    page.get_by_role("button", name="Upload and import").click()
    expect(page.get_by_role("heading", name="Import finished")).to_be_visible()
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("UTF-8, with some bytes that are not UTF-8")
    expect(summary).to_contain_text(re.compile(r"Quarantined\s*3"))
    axe("import summary, rows quarantined")

    # The row with no reference and a date in the future
    open_row(page, 4)
    expect(page).to_have_title(re.compile(r"^Error: referrals.csv, row 4"))
    error_summary = page.locator(".govuk-error-summary")
    expect(error_summary).to_be_focused()
    expect(error_summary.get_by_role("link")).to_have_text(
        [
            "Enter the partner's own reference for this referral",
            "The date received must be today or in the past: check the year",
            "Enter what happened or the type of scam",
            "Enter what happened or the type of scam",
        ]
    )
    reference_group = page.locator(".govuk-form-group", has=page.locator("#id_partner_reference"))
    expect(reference_group).to_have_class(re.compile("govuk-form-group--error"))
    expect(reference_group.locator(".govuk-error-message")).to_have_text(
        "Error: Enter the partner's own reference for this referral"
    )
    expect(page.locator("#id_received_date-error")).to_contain_text("must be today or in the past")
    axe("quarantined row, boxes at fault")

    # By keyboard: from the error summary to each box, then accept
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_partner_reference")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type("TS-3")
    page.keyboard.press("Tab")
    expect(page.locator("#id_received_date")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("05/11/2026")
    tab_to(page, "#id_description")
    page.keyboard.type("A caller asked for her bank details")
    tab_to(page, "button.govuk-button:not(.govuk-button--warning)", most=120)
    expect(page.locator(":focus")).to_have_text("Accept as a report")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Row accepted as report FH-")

    # The shifted row: a problem with the whole row, not guessed into columns
    open_row(page, 3)
    expect(page.locator("#row-problems")).to_contain_text(
        "This row has 6 values but the header has 5 columns"
    )
    expect(page.locator("#id_victim_first_name")).to_have_value("Ms Rita")
    axe("quarantined row, values in the wrong columns")

    # The row with a byte that is not UTF-8
    open_row(page, 5)
    expect(page.locator("#id_victim_first_name-error")).to_contain_text(
        "has a character that could not be read, shown as �"
    )
    expect(page.locator("#id_victim_first_name")).to_have_value("Zo\ufffd")
    axe("quarantined row, a character that could not be read")
