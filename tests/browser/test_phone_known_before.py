"""A call handler who uses only a keyboard checks, before saving, what the hub already
knows: the scammer's number is in 14 reports of one campaign, and the caller may have
reported before. Then they save the report with everything typed still there. axe-core
finds nothing on the page with what is known shown."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from fraudhub.linking.services import link_reports
from fraudhub.reports.inputs import IdentifierInput
from fraudhub.reports.models import Report
from tests.factories import make_report, staff_user
from tests.intake.test_phone_known_before import SCAMMER, stored_with_scammer
from tests.linking.test_link_on_arrival import KNOWN

from .actions import press_and_wait, question, sign_in, skip_link_is_first_tab_stop, tab_to
from .conftest import Axe
from .test_phone_ending import type_into

pytestmark = pytest.mark.browser


def test_a_keyboard_user_sees_a_known_number_and_an_earlier_report_before_saving(
    page: Page, axe: Axe
) -> None:
    earlier = make_report(
        victim=KNOWN, identifiers=[IdentifierInput(kind="phone", value=SCAMMER)]
    ).report
    others = stored_with_scammer(13)
    link_reports(report_ids=[earlier.pk, *(r.pk for r in others)])
    cluster = earlier.cluster_member.cluster_id

    sign_in(page, staff_user("handler", role="Case manager"))
    page.goto("/staff/reports/new/")
    question(page, "Take a report by phone")
    tab_to(page, "#id_caller")
    page.keyboard.press("Space")
    type_into(page, "#id_first_name", "Peggy")
    type_into(page, "#id_last_name", "Hughes")
    type_into(page, "#id_postcode", "AL1 3EJ")
    type_into(page, "#id_phone", "01727 123456")
    type_into(page, "#id_scammer_phones", SCAMMER)
    tab_to(page, "#check-known")
    press_and_wait(page, "Enter")

    banner = page.locator("#known-before")
    expect(banner).to_contain_text(
        f"This number (020 7946 0123) is in 14 reports (cluster {cluster}, "
        "bank or building society impersonation)"
    )
    expect(banner).to_contain_text("This caller may have reported before")
    expect(banner.get_by_role("link", name=str(earlier.reference))).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)  # a check refuses nothing
    expect(page.locator("#id_first_name")).to_have_value("Peggy")
    expect(page.locator("#id_scammer_phones")).to_have_value(SCAMMER)
    assert Report.objects.count() == 14
    skip_link_is_first_tab_stop(page)
    axe("phone entry with what is already known")

    # The earlier report's link is reachable by keyboard; then the report is saved.
    tab_to(page, f"#known-before a[href$='/{earlier.reference}/']")
    type_into(page, "#id_narrative", "A man said he was from her bank, again.")
    tab_to(page, "#save-report")
    press_and_wait(page, "Enter")
    question(page, "Report saved")
    expect(page).to_have_url(re.compile(r"/after-the-call/$"))
    assert Report.objects.count() == 15
