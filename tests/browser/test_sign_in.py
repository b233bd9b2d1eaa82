"""Signing in with the second factor, by keyboard alone, and the timeout warning: each page
passes axe-core (WCAG 2.2 A and AA), shows where focus is, and needs no mouse."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from fraudhub.accounts.demo import current_code
from tests.factories import PASSWORD, code_for, staff_user

from .actions import (
    is_focused,
    press_and_wait,
    press_tab,
    question,
    skip_link_is_first_tab_stop,
    tab_to,
)
from .conftest import Axe

pytestmark = pytest.mark.browser


def password_by_keyboard(page: Page, username: str) -> None:
    page.goto("/staff/")
    question(page, "Sign in to Fraud Hub")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    press_tab(page, "#id_password")
    page.keyboard.type(PASSWORD)
    press_and_wait(page, "Enter")


def test_a_keyboard_user_signs_in_with_a_code_from_their_app(page: Page, axe: Axe) -> None:
    user = staff_user("manager", role="Case manager")
    page.goto("/staff/sign-in/")
    axe("sign-in")
    password_by_keyboard(page, "manager")

    question(page, "Enter the code from your authenticator app")
    axe("second factor: enter the code")
    skip_link_is_first_tab_stop(page)
    tab_to(page, "#id_code")
    press_and_wait(page, "Enter")  # nothing typed
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    axe("second factor: enter the code, with an error")
    tab_to(page, ".govuk-error-summary__list a")
    page.keyboard.press("Enter")
    expect(page.locator("#id_code")).to_be_focused()
    page.keyboard.type(code_for(user))
    press_and_wait(page, "Enter")
    question(page, "Cases")


def test_a_keyboard_user_can_use_a_recovery_code_page(page: Page, axe: Axe) -> None:
    staff_user("manager", role="Case manager")
    password_by_keyboard(page, "manager")
    tab_to(page, "a[href='/staff/sign-in/recovery-code/']")
    press_and_wait(page, "Enter")
    question(page, "Enter a recovery code")
    axe("second factor: enter a recovery code")
    tab_to(page, "#id_code")
    page.keyboard.type("not-a-code")
    press_and_wait(page, "Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "A recovery code is 10 letters and numbers"
    )
    expect(page.locator("#id_code")).to_have_value("not-a-code")
    axe("second factor: recovery code, with an error")


def test_first_sign_in_sets_up_the_app_by_keyboard(page: Page, axe: Axe) -> None:
    User.objects.create_user("newcomer", password=PASSWORD)
    password_by_keyboard(page, "newcomer")

    question(page, "Set up an authenticator app")
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    axe("second factor: set up")
    tab_to(page, ".govuk-details__summary")
    page.keyboard.press("Enter")
    key = page.locator("#setup-key")
    expect(key).to_be_visible()
    device = TOTPDevice.objects.get(user__username="newcomer")
    assert key.inner_text().replace(" ", "") == device.config_url.split("secret=")[1].split("&")[0]
    tab_to(page, "#id_code")
    page.keyboard.type(current_code(device)[0])
    press_and_wait(page, "Enter")

    question(page, "Your recovery codes")
    expect(page.locator(".fh-recovery-codes li")).to_have_count(10)
    axe("second factor: recovery codes")
    tab_to(page, "a.govuk-button")
    press_and_wait(page, "Enter")
    expect(page).to_have_url(re.compile(r"/staff/reports/$"))


def test_the_timeout_warning_by_keyboard_and_the_signed_out_page(
    page: Page, axe: Axe, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.FRAUDHUB_SESSION_IDLE_SECONDS = 9
    settings.FRAUDHUB_SESSION_WARNING_SECONDS = 5
    user = staff_user("manager", role="Case manager")
    from .actions import sign_in

    sign_in(page, user)
    question(page, "Cases")
    tab_to(page, "a.govuk-skip-link")
    dialog = page.locator("#timeout-warning")

    # The warning opens, takes focus, and is read as a dialog with its heading and message.
    expect(dialog).to_be_visible(timeout=12_000)
    expect(dialog).to_be_focused()
    expect(page.get_by_role("dialog", name="You’re about to be signed out")).to_be_visible()
    expect(dialog).to_contain_text("For your security, we will sign you out in")
    axe("timeout warning")
    press_tab(page, "#timeout-warning .fh-timeout-stay button")
    press_tab(page, "#timeout-warning .fh-timeout-sign-out button")
    press_tab(page, "#timeout-warning .fh-timeout-stay button", backwards=True)
    page.keyboard.press("Enter")  # Stay signed in
    expect(dialog).to_be_hidden()
    assert is_focused(page, "a.govuk-skip-link")  # focus goes back where it was

    # Again; Escape also means "stay signed in".
    expect(dialog).to_be_visible(timeout=12_000)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()

    # Doing nothing: the page signs out and says why.
    expect(dialog).to_be_visible(timeout=12_000)
    expect(page).to_have_url(re.compile(r"/staff/signed-out/\?after=idle"), timeout=12_000)
    question(page, "You have been signed out")
    expect(page.locator("main")).to_contain_text("you had not used Fraud Hub for 0 minutes")
    axe("signed out")
    page.goto("/staff/cases/")
    expect(page).to_have_url(re.compile(r"/staff/sign-in/"))
