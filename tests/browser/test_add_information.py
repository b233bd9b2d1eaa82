"""A reporter adds information and evidence to their report from the tracking page using
only the keyboard (Tab, Enter, Space; files are chosen with setInputFiles, as a file
chooser is the operating system's own). A file that is not a picture or PDF is refused
with the GOV.UK error summary, keeping what was typed; the case manager then sees the
addition. axe-core checks each page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from fraudhub.casework.models import Case
from fraudhub.casework.services import triage_reports
from tests.factories import make_report, staff_user
from tests.reports.test_evidence_files import jpeg_with_gps

from .actions import (
    assert_error_page,
    assert_focus_visible,
    press_and_wait,
    sign_in,
    skip_link_is_first_tab_stop,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser

SEND = "form button.govuk-button"


def test_a_keyboard_user_adds_information_and_a_photo_to_their_report(
    page: Page, axe: Axe, new_page: Callable[[], Page], settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    created = make_report()
    triage_reports(report_ids=[created.report.pk])
    reference = created.report.reference
    fake = tmp_path / "holiday.jpg"
    fake.write_bytes(b"<html><body>not a photo</body></html>")
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(jpeg_with_gps())

    page.goto(created.tracking_path)
    expect(page.locator("h1")).to_have_text(reference or "")
    expect(page.locator("main")).not_to_contain_text("make another report")
    axe("tracking page with the add-information link")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "a[href$='/add-information/']")
    press_and_wait(page, "Enter")

    expect(page.locator("h1")).to_have_text("Add information to your report")
    expect(page).to_have_title(re.compile(r"^Add information to your report – "))
    axe("add information")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_text")
    page.keyboard.type("He rang again this morning from a new number.")
    tab_to(page, "#id_evidence")
    page.locator("#id_evidence").set_input_files(str(fake))
    tab_to(page, SEND)
    press_and_wait(page, "Enter")

    assert_error_page(page, ["The selected file must be a JPG, PNG or PDF"])
    expect(page.locator("#id_text")).to_have_value("He rang again this morning from a new number.")
    axe("add information, a file that is not a photo")
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_evidence")).to_be_focused()
    assert_focus_visible(page)
    page.locator("#id_evidence").set_input_files(str(photo))
    tab_to(page, SEND)
    press_and_wait(page, "Space")

    expect(page).to_have_url(re.compile(rf"/track/{reference}/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "We have added this to your report"
    )
    today = timezone.localdate()
    newest = page.locator("ol.fh-timeline .fh-timeline__item").first
    expect(newest.locator(".fh-timeline__title")).to_have_text(
        f"You added information on {today.day} {today:%B %Y}"
    )
    expect(newest).to_contain_text("IMG_0001.jpg")
    axe("tracking page after adding information")

    manager = staff_user("manager", role="Case manager")
    staff = new_page()
    sign_in(staff, manager)
    staff.goto("/staff/cases/")
    expect(staff.locator("tbody")).to_contain_text("New information")
    case = Case.objects.get()
    staff.goto(f"/staff/cases/{case.pk}/")
    additions = staff.locator("#additions + ol")
    expect(additions).to_contain_text("He rang again this morning from a new number.")
    expect(additions.get_by_role("link", name="IMG_0001.jpg")).to_be_visible()
    Axe(staff)("case page with information added")


def test_staff_merge_a_likely_duplicate_from_its_report_page(page: Page, axe: Axe) -> None:
    first = make_report().report
    triage_reports(report_ids=[first.pk])
    second = make_report(narrative="I forgot to say he also asked for my PIN.").report
    triage_reports(report_ids=[second.pk])
    sign_in(page, staff_user("manager", role="Case manager"))

    page.goto(f"/staff/reports/{second.reference}/")
    expect(page.locator("#duplicate")).to_contain_text(f"Possible duplicate of {first.reference}")
    axe("report page of a likely duplicate")
    tab_to(page, "form[action$='/merge/'] button")
    press_and_wait(page, "Enter")

    expect(page.locator("h1")).to_contain_text(f"Report {first.reference}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{second.reference} merged into {first.reference} and closed"
    )
    expect(page.locator("#additions + ol")).to_contain_text("he also asked for my PIN")
    axe("report page with a merged report's information")
