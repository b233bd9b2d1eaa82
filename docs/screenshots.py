"""Take the screenshots used in the user guides in docs/guides/.

The script drives a Fraud Hub server that is already running. It walks the public
reporting journey twice with realistic answers (once for someone else on a desktop
screen, once for yourself on a phone-sized screen), tracks a report, then signs in as the
demo case manager on a 1280 px wide screen to search reports, open one, add an update for
the reporter and take a report by phone, ending with its reference, advice and a letter.
The case manager then works the first report's case from the queue to closure (recording
the victim's own consent, which a referral needs) and opens the team dashboard, and the
reporter opens their tracking page and adds information to the report. The demo analyst
opens the map, trends, emerging scams and data-quality pages. It signs in as the demo
administrator for the admin pages (reference data and the audit log), and as the demo
analyst for the clusters of linked reports, one cluster's network, the identifier search,
a person matched in several reports with one of their proposed links, and the people
links waiting for a decision. The demo case manager reads the demo's batch of
warnings to a campaign's victims and the awareness figures, then a case's payments and
claims, the claims to chase and the money recovered. Last come prevention: the public
alerts (on a phone too), a poster, subscribing, "check before you pay" with a match and
with none (three residents check the same unpublished number), the demo analyst drafting
an alert that the demo administrator is asked to approve, the identifiers published for
checking, the early signs, the reach of the alerts and a partner look-up. Each picture is
written to docs/images/ as a PNG.

It uses Debian's Chromium (/usr/bin/chromium) through Playwright and never downloads a
browser. It adds reports and audit events to the database it runs against, so point it at
a throwaway database loaded with demo data, never a real one. It reads that database
too (through DATABASE_URL, as the server does) to choose the person it pictures: the
victim matched in the most reports. Let the demo data end today (no --as-of), so that the
emerging scams page has reports in the last full week. Start the server with
TRUSTED_PROXIES=1, so that the three residents who check the same number (each with an
address of their own in X-Forwarded-For) count as three people for the early signs:

    # from the project folder:
    export DATABASE_URL=sqlite:////tmp/fh-docs.sqlite3
    export SITE_URL=http://127.0.0.1:8011  # the server's own address, in the links it gives
    .venv/bin/fraudhub migrate -v0
    .venv/bin/fraudhub demo-data --reports 300 --seed 1
    TRUSTED_PROXIES=1 .venv/bin/fraudhub runserver 127.0.0.1:8011 --noreload &
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8011

Options: --base-url (default http://127.0.0.1:8011), --out (default docs/images) and
--only PREFIX, which walks the same journeys but saves only the pictures whose names start
with PREFIX (`--only case-` retakes the case managers' guide and leaves the others alone;
give it more than once for several prefixes).
The demo logins it uses are `manager`, `admin` and `analyst`, with the password `fraudhub-demo`
and the codes of their demo authenticators, read from the database (`fraudhub demo-data`
creates them).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, FloatRect, Locator, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1100, "height": 900}
WIDE = {"width": 1280, "height": 900}  # staff pages: their wider layout has side margins here
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "fraudhub-demo"  # noqa: S105 - the documented password of the demo logins
SIZE_LIMIT = 250 * 1024
TIMEOUT_MS = 15_000


@dataclass
class Sent:
    """What the reporter is given at the end of the journey."""

    reference: str
    tracking_url: str

    @property
    def tracking_path(self) -> str:
        """The private link's path, opened on the server pictured whatever SITE_URL says."""
        return urlsplit(self.tracking_url).path


class Shooter:
    """Saves screenshots into one folder and remembers what it saved."""

    def __init__(self, out: Path, only: list[str] | None = None) -> None:
        self.out = out
        self.only = tuple(only or [""])
        self.saved: list[Path] = []
        out.mkdir(parents=True, exist_ok=True)

    def wanted(self, name: str) -> bool:
        return name.startswith(self.only)

    def page(self, page: Page, name: str, *, full_page: bool = True) -> None:
        """The whole page (or only what fits in the window when full_page is False)."""
        if not self.wanted(name):
            return
        settle(page)
        path = self.out / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
        self._saved(path)

    def part(
        self,
        page: Page,
        name: str,
        top: Locator,
        bottom: Locator | None = None,
        *,
        above: float = 20,
        below: float = 20,
    ) -> None:
        """The full width of the page, from the top of one element to the bottom of another,
        with a margin `above` and `below` (less where the next thing would show cut off)."""
        if not self.wanted(name):
            return
        settle(page)
        first = top.bounding_box()
        last = (bottom or top).bounding_box()
        assert first is not None and last is not None, f"{name}: element not on the page"
        # Boxes are measured from the top of the window; the clip from the top of the page.
        scrolled = float(page.evaluate("window.scrollY"))
        y = max(0.0, first["y"] + scrolled - above)
        end = last["y"] + scrolled + last["height"] + below
        width = float(page.evaluate("document.documentElement.scrollWidth"))
        clip: FloatRect = {"x": 0.0, "y": y, "width": width, "height": end - y}
        path = self.out / f"{name}.png"
        page.screenshot(
            path=str(path), full_page=True, clip=clip, animations="disabled", caret="hide"
        )
        self._saved(path)

    def _saved(self, path: Path) -> None:
        size = path.stat().st_size
        warning = "  (over 250 KB: crop it)" if size > SIZE_LIMIT else ""
        print(f"{path}  {size // 1024} KB{warning}")
        self.saved.append(path)


def settle(page: Page) -> None:
    """Wait for the page to finish loading and take focus off any field we typed in."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.activeElement && document.activeElement.blur()")


def choose(page: Page, label: str, *, question: str | None = None) -> None:
    """Select the radio or checkbox with this label, inside one question if given."""
    scope: Page | Locator = page.get_by_role("group", name=question) if question else page
    scope.get_by_label(label, exact=True).check()


def type_date(page: Page, field: str, when: date) -> None:
    page.locator(f"#id_{field}_day").fill(str(when.day))
    page.locator(f"#id_{field}_month").fill(str(when.month))
    page.locator(f"#id_{field}_year").fill(str(when.year))


def carry_on(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()


def expect_heading(page: Page, text: str) -> None:
    expect(page.locator("h1")).to_contain_text(text)


@contextmanager
def browser_page(browser: Browser, base_url: str, size: dict[str, int]) -> Iterator[Page]:
    """A fresh page with its own cookies, at a desktop or phone size."""
    options: dict[str, Any] = {"viewport": size, "base_url": base_url, "device_scale_factor": 1}
    if size["width"] < 600:
        options.update(is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


# --- residents ------------------------------------------------------------------------


def report_for_someone_else(page: Page, shoot: Shooter) -> Sent:
    """A daughter reports a bank impersonation scam on her mother's behalf, on a desktop."""
    page.goto("/report/")
    expect_heading(page, "Report a scam")
    shoot.page(page, "resident-start")
    page.get_by_role("button", name="Start now").click()

    expect_heading(page, "Who are you reporting a scam for?")
    choose(page, "Someone else")
    shoot.page(page, "resident-who")
    carry_on(page)

    expect_heading(page, "How do you know the person")
    choose(page, "Family member")
    carry_on(page)

    expect_heading(page, "What kind of scam was it?")
    choose(page, "Bank or building society impersonation")
    shoot.page(page, "resident-scam-type", full_page=False)
    carry_on(page)

    expect_heading(page, "How did the scammer first get in touch with them?")
    choose(page, "Phone call")
    carry_on(page)

    expect_heading(page, "Tell us what happened")
    page.get_by_label("Tell us what happened").fill(
        "A man rang Mum saying he was from her bank's fraud team. He knew her name and the "
        "last four numbers of her card. He said her account had been hacked and talked her "
        "into moving £2,400 into a 'safe account' while he stayed on the line. He has rung "
        "twice since, asking her to move her savings too."
    )
    carry_on(page)

    expect_heading(page, "When did it happen?")
    type_date(page, "incident_date", date.today() - timedelta(days=9))
    carry_on(page)

    expect_heading(page, "Is the scammer still in touch with them")
    choose(page, "Yes")
    carry_on(page)

    expect_heading(page, "What details did the scammer use?")
    page.get_by_label("Phone numbers").fill("020 7946 0321")
    page.get_by_label("Names they used").fill("James Wilson")
    page.get_by_label("Companies or organisations they said").fill("Her bank's fraud team")
    shoot.page(page, "resident-scammer-details")
    carry_on(page)

    expect_heading(page, "Did they lose any money?")
    choose(page, "Yes")
    page.get_by_label("How much was lost?").fill("2400")
    page.get_by_label("How was the money paid or moved?").select_option(label="Bank transfer")
    page.get_by_label("Sort code they were paid into").fill("30 99 50")
    page.get_by_label("Account number they were paid into").fill("00733445")
    shoot.page(page, "resident-money")
    carry_on(page)

    expect_heading(page, "About the person it happened to")
    page.get_by_label("Their first name").fill("Margaret")
    page.get_by_label("Their last name").fill("Carter")
    page.get_by_label("Their age").fill("84")
    page.get_by_label("Their postcode").fill("sg1 1hn")
    page.get_by_label("Town or city (optional)").fill("Stevenage")
    shoot.page(page, "resident-about-them")
    carry_on(page)

    expect_heading(page, "Does any of this apply to them?")
    choose(page, "Lives alone")
    carry_on(page)

    expect_heading(page, "How can we safely contact them?")
    choose(page, "Do not phone: the scammer may still be in touch")
    shoot.page(page, "resident-safe-contact")
    carry_on(page)

    expect_heading(page, "How can we contact you?")
    page.get_by_label("Your first name").fill("Helen")
    page.get_by_label("Your last name").fill("Carter")
    page.get_by_label("Phone number").fill("020 7946 0018")
    page.get_by_label("Email address").fill("helen.carter@example.com")
    shoot.page(page, "resident-contact-details")
    carry_on(page)

    expect_heading(page, "Contact and sharing")
    choose(page, "Yes", question="Can we contact you about this report?")
    choose(page, "Yes", question="Can we share this report with partner organisations")
    carry_on(page)

    expect_heading(page, "Check your answers")
    shoot.page(page, "resident-check-answers")
    page.get_by_role("button", name="Send report").click()

    expect_heading(page, "Report sent")
    shoot.page(page, "resident-sent")
    return Sent(
        reference=page.locator("#reference").inner_text().strip(),
        tracking_url=page.locator("#tracking-link").inner_text().strip(),
    )


def report_for_myself(page: Page, shoot: Shooter) -> Sent:
    """A man reports a parcel delivery text for himself, on a phone."""
    page.goto("/report/")
    shoot.page(page, "phone-start")
    page.get_by_role("button", name="Start now").click()

    choose(page, "Myself")
    shoot.page(page, "phone-who")
    carry_on(page)

    choose(page, "Parcel delivery scam")
    carry_on(page)

    expect_heading(page, "How did the scammer first get in touch with you?")
    choose(page, "Text message")
    carry_on(page)

    page.get_by_label("Tell us what happened").fill(
        "I got a text saying a parcel could not be delivered and I had to pay a £1.45 "
        "redelivery fee. I pressed the link and typed in my card details. Then I realised "
        "it was a scam and rang my bank, who stopped the card."
    )
    carry_on(page)

    type_date(page, "incident_date", date.today() - timedelta(days=2))
    carry_on(page)

    choose(page, "No")
    carry_on(page)

    page.get_by_label("Phone numbers").fill("07700 900456")
    page.get_by_label("Websites").fill("parcel-redelivery-fee.com")
    carry_on(page)

    choose(page, "No")
    carry_on(page)

    expect_heading(page, "About you")
    page.get_by_label("First name").fill("John")
    page.get_by_label("Last name").fill("Barker")
    page.get_by_label("Age", exact=True).fill("71")
    page.get_by_label("Postcode").fill("AL1")
    carry_on(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the full postcode")
    shoot.page(page, "phone-about-you-error")
    page.get_by_label("Postcode").fill("AL1 3EJ")
    carry_on(page)

    choose(page, "None of these")
    carry_on(page)

    expect_heading(page, "How can we contact you?")
    page.get_by_label("Email address").fill("john.barker@example.com")
    carry_on(page)

    choose(page, "Yes", question="Can we contact you about this report?")
    choose(page, "Yes", question="Can we share this report with partner organisations")
    shoot.page(page, "phone-consent")
    carry_on(page)

    page.get_by_role("button", name="Send report").click()
    expect_heading(page, "Report sent")
    shoot.page(page, "phone-sent")
    return Sent(
        reference=page.locator("#reference").inner_text().strip(),
        tracking_url=page.locator("#tracking-link").inner_text().strip(),
    )


def track_with_reference(page: Page, shoot: Shooter, sent: Sent, postcode: str) -> None:
    """Find a report again with its reference and postcode, on a phone."""
    page.goto("/track/")
    expect_heading(page, "Track a report")
    page.get_by_label("Report reference").fill(sent.reference)
    page.get_by_label("Email address, postcode, date of birth or phone number you gave us").fill(
        postcode
    )
    shoot.page(page, "phone-track")
    page.get_by_role("button", name="Find report").click()
    expect_heading(page, sent.reference)


def open_private_link(page: Page, shoot: Shooter, sent: Sent) -> None:
    """The reporter follows the private link after staff have added an update."""
    page.goto(sent.tracking_path)
    expect_heading(page, sent.reference)
    expect(page.locator(".fh-timeline")).to_contain_text("Update")
    shoot.page(page, "resident-timeline")
    page.get_by_role("link", name="Add information to this report").click()
    expect_heading(page, "Add information to your report")
    page.get_by_label("What else should we know?").fill(
        "He rang again this morning from 020 7946 0999 and asked for the code on my card."
    )
    shoot.page(page, "resident-add-information")
    page.get_by_role("button", name="Send").click()
    expect_heading(page, sent.reference)
    shoot.page(page, "resident-information-added")


# --- staff ----------------------------------------------------------------------------


# Where each demo login lands once signed in: its role's own start page.
LANDS_ON = {"manager": "Cases", "admin": "Cases", "analyst": "Clusters of linked reports"}


def sign_in(page: Page, shoot: Shooter | None, username: str) -> None:
    page.goto("/staff/")
    expect_heading(page, "Sign in to Fraud Hub")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    if shoot is not None:
        shoot.page(page, "staff-sign-in", full_page=False)
    page.get_by_role("button", name="Sign in").click()
    expect_heading(page, "Enter the code from your authenticator app")
    page.get_by_label("Code from your authenticator app").fill(demo_code(username))
    page.get_by_role("button", name="Continue").click()
    expect_heading(page, LANDS_ON[username])


def demo_code(username: str) -> str:
    """The code the demo login's authenticator shows (as `fraudhub demo-code` prints it), or
    the next one if this one was used: the same login signs in twice within 30 seconds.

    Read in a thread of its own: Playwright's sync API runs an event loop in this thread,
    and Django refuses database queries from a thread with a running event loop."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_demo_code, username).result()


def _demo_code(username: str) -> str:
    import os
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
    django.setup()
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fraudhub.accounts.demo import current_code

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    step = max(int(time.time() - device.t0) // device.step, device.last_t + 1)
    code = current_code(device, device.t0 + step * device.step)[0]
    connection.close()  # this thread's own connection, which ends with it
    return code


def open_menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


def search_reports(page: Page, shoot: Shooter) -> None:
    open_menu(page, "Reports")
    shoot.page(page, "staff-report-list", full_page=False)
    page.get_by_label("Postcode or postcode district").fill("WD17")
    page.get_by_label("Data-quality issue").select_option(label="No age")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    expect(page.locator("#result-count")).not_to_have_text("0 reports")
    shoot.page(page, "staff-report-list-filtered")


def open_report_and_update(page: Page, shoot: Shooter, sent: Sent) -> None:
    page.get_by_role("link", name="Clear filters").click()
    page.get_by_label("Reference or name").fill(sent.reference)
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("link", name=sent.reference).click()
    expect_heading(page, f"Report {sent.reference}")
    shoot.part(
        page,
        "staff-report",
        page.locator("header"),
        page.get_by_role("heading", name="What the scammer used").locator(
            "xpath=following-sibling::*[1]"
        ),
    )
    page.get_by_label("Add an update for the person who reported this").fill(
        "Thank you for telling us, Helen. We have passed the details to your mother's bank "
        "and to the police. As you asked, we will not phone your mother: a caseworker will "
        "ring you this week to arrange a visit and a call blocker."
    )
    page.get_by_role("button", name="Add update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("emailed")
    shoot.part(page, "staff-update-added", page.locator("header"), page.locator("h1"))
    shoot.part(
        page,
        "staff-timeline",
        page.locator("#timeline"),
        page.get_by_role("button", name="Add update"),
    )


def take_phone_report(page: Page, shoot: Shooter) -> None:
    """A call handler types what an older caller says, gaps and odd values included."""
    page.get_by_role("link", name="Take a report by phone").click()
    expect_heading(page, "Take a report by phone")
    choose(page, "The person the scam happened to")
    page.get_by_label("First name", exact=True).fill("Dennis")
    page.get_by_label("Last name", exact=True).fill("Hughes")
    page.get_by_label("Age", exact=True).fill("80s")
    page.get_by_label("Town or city", exact=True).fill("Stevenage")
    page.get_by_label("Postcode", exact=True).fill("SG1")
    page.get_by_label("Phone number", exact=True).fill("01438 12345")
    choose(page, "Only through their carer or attorney")
    page.get_by_label("Notes on contacting them (optional)").fill(
        "His son Paul Hughes has lasting power of attorney: 020 7946 0555"
    )
    choose(page, "Cognitive impairment or dementia")
    page.get_by_label("Kind of scam", exact=True).select_option(label="Courier fraud")
    page.get_by_label("How the scammer first got in touch").select_option(label="Phone call")
    page.get_by_label("What happened", exact=True).fill(
        "Caller said he was a police officer and that staff at Mr Hughes's bank were stealing "
        "from customers. He asked Mr Hughes to withdraw £3,000 in cash to help the "
        "investigation. A courier came to the house to collect it. Mr Hughes is not sure "
        "of the date."
    )
    page.get_by_label("Is the scammer still in touch or asking for money?").select_option(
        label="No"
    )
    page.get_by_label("Money lost", exact=True).fill("3000")
    page.get_by_label("How the money was paid or moved", exact=True).select_option(
        label="Handed to a courier who came to collect it"
    )
    page.get_by_label("Scammer's phone numbers").fill("020 7946 0999\n09098 790123")
    page.get_by_label("Names or companies they used").fill("DC Roberts")
    choose(page, "Yes", question="Can we contact them about this report?")
    choose(page, "Yes", question="Can we share the report with partner organisations?")
    shoot.part(
        page,
        "staff-phone-entry",
        page.locator("header"),
        page.get_by_label("Notes on contacting them (optional)").locator("xpath=.."),
    )
    page.get_by_role("button", name="Save report").click()
    expect_heading(page, "Report saved")
    shoot.page(page, "staff-phone-ending")
    page.get_by_role("button", name="Print a letter").click()
    expect_heading(page, "Letter to post to the caller")
    shoot.page(page, "staff-phone-letter")
    page.get_by_role("link", name="Back to the report's ending").click()
    expect_heading(page, "Report saved")
    page.get_by_role("link", name=re.compile(r"^Open report FH-")).click()
    expect(page.locator("#contact-rule")).to_be_visible()
    shoot.part(
        page,
        "staff-phone-report",
        page.locator("header"),
        page.get_by_role("heading", name="What the scammer used").locator(
            "xpath=following-sibling::*[1]"
        ),
    )


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()


def work_a_case(page: Page, shoot: Shooter, sent: Sent) -> None:
    """The case manager works the case of the report made for someone else, on a wide
    screen: the queue, the case, a contact (first sent empty), the plan, a referral, the
    outcome, and the team dashboard."""
    expect_heading(page, "Cases")
    shoot.page(page, "case-queue", full_page=False)
    page.goto(f"/staff/reports/{sent.reference}/")
    page.locator("#report-cases a").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Change who the case is assigned to").click()
    page.get_by_label("Assign to").select_option(label="manager")
    save(page)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assigned to")
    page.reload()  # without the success banner
    shoot.part(
        page, "case-page", page.locator("header"), page.get_by_role("link", name="Record a contact")
    )
    page.get_by_role("link", name="Record a contact").click()
    save(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    shoot.page(page, "case-contact-error", full_page=False)
    choose(page, "Phone", question="How")
    choose(page, "The person who reported it", question="With whom")
    choose(page, "Spoke to them", question="What happened")
    page.get_by_label("Notes").fill("Spoke to her daughter, who will sit with her for the call.")
    save(page)
    # Her daughter answered for herself only: the victim's own consent is asked at the
    # first call with her, and a referral needs her agreement to sharing.
    page.get_by_role("link", name="Record the victim's answers on contact and sharing").click()
    choose(page, "The victim", question="Who answered?")
    type_date(page, "answered_on", date.today())
    choose(page, "Yes", question="Have they agreed that the fraud hub may contact them?")
    choose(
        page,
        "Yes",
        question="Have they agreed that the fraud hub may share their report with partner "
        "organisations that fight scams?",
    )
    save(page)
    expect(page.locator("#victim-consent-share")).to_have_text("Yes")
    page.get_by_role("link", name="Assess needs").click()
    for need, level in (
        ("Practical", "Some need"),
        ("Emotional", "High need"),
        ("Financial", "High need"),
        ("Safeguarding", "Some need"),
        ("Digital", "Some need"),
    ):
        choose(page, level, question=need)
    save(page)
    page.get_by_role("link", name="Add an action to the plan").click()
    page.get_by_label("Action").select_option(label="Call blocker")
    type_date(page, "due_date", date.today() + timedelta(days=14))
    save(page)
    page.get_by_role("link", name="Add an action to the plan").click()
    page.get_by_label("Action").select_option(label="Friends Against Scams session")
    type_date(page, "due_date", date.today() + timedelta(days=30))
    save(page)
    page.get_by_role("link", name="Change the status of Call blocker").click()
    page.get_by_label("Status").select_option(label="Done")
    save(page)
    page.get_by_role("link", name="Refer to a partner").click()
    page.get_by_label("Refer to").select_option(label="Citizens Advice Hertfordshire")
    page.get_by_label("Why").fill("Help to ask her bank to refund the £2,400.")
    save(page)
    shoot.part(
        page, "case-plan", page.locator("h2", has_text="Support plan"), page.locator("#referrals")
    )
    page.get_by_role("link", name="Change the status of Friends Against Scams session").click()
    page.get_by_label("Status").select_option(label="Done")
    save(page)
    page.get_by_role("link", name="Move the case").click()
    choose(page, "Closing")
    save(page)
    page.get_by_role("link", name="Record the outcome and close").click()
    choose(page, "Support complete")
    page.get_by_label("How much does this affect them now").select_option("3")
    choose(page, "Yes", question="Do they feel able to spot and avoid scams now?")
    choose(page, "No", question="Was money recovered?")
    page.get_by_label("How satisfied were they with the support?").select_option(
        label="Very satisfied"
    )
    shoot.part(page, "case-close", page.locator("header"), page.locator("main form .govuk-button"))
    save(page)
    expect_heading(page, "Closed")
    open_menu(page, "Team dashboard")
    shoot.page(page, "case-dashboard", full_page=False)


def track_after_the_case(page: Page, shoot: Shooter, sent: Sent) -> None:
    """The reporter's tracking page once the case has closed, on a wide screen."""
    page.goto(sent.tracking_path)
    expect_heading(page, sent.reference)
    expect(page.locator(".fh-timeline")).to_contain_text("support has finished")
    shoot.page(page, "case-tracking")


def admin_pages(page: Page, shoot: Shooter, sent: Sent) -> None:
    """Reference data and the audit log, as the demo administrator sees them."""
    page.goto("/admin/")
    expect(page.locator("#site-name")).to_contain_text("Fraud Hub reference data")
    shoot.part(page, "admin-home", page.locator("#header"), page.locator("#content-main"))
    page.goto("/admin/reports/scamtype/")
    # Fold the admin's side menu away so the tables have room (the admin remembers this).
    page.locator("#toggle-nav-sidebar").click()
    shoot.page(page, "admin-scam-types", full_page=False)
    page.goto(f"/admin/governance/auditevent/?q={sent.reference}")
    expect(page.locator("#result_list")).to_contain_text(sent.reference)
    shoot.part(page, "admin-audit-events", page.locator("#header"), page.locator("#changelist"))
    page.goto(f"/admin/governance/auditevent/?q={sent.reference}&action__exact=change")
    page.locator("#result_list tbody tr th a").first.click()
    expect(page.locator("h1")).to_contain_text("View audit event")
    shoot.part(page, "admin-audit-event", page.locator("#header"), page.locator(".submit-row"))


# --- analysts -------------------------------------------------------------------------

NETWORK_MOST = 30  # reports in the cluster pictured: enough to show links, few to read


def analyst_pages(page: Page, shoot: Shooter) -> None:
    """The analyst finds clusters, reads one cluster's network and searches an identifier."""
    open_menu(page, "Intelligence")
    expect_heading(page, "Clusters of linked reports")
    shoot.page(page, "analyst-clusters", full_page=False)
    rows = page.locator("table tbody tr")
    counts = [int(rows.nth(i).locator("td").nth(1).inner_text()) for i in range(rows.count())]
    pick = next((i for i, n in enumerate(counts) if n <= NETWORK_MOST), 0)
    rows.nth(pick).get_by_role("link").click()
    page.wait_for_load_state()
    expect(page.locator("#network-canvas")).to_have_attribute("data-nodes", re.compile(r"^\d+$"))
    shoot.part(
        page,
        "analyst-cluster",
        page.locator("main .govuk-caption-l"),
        page.locator("#cluster-summary"),
        above=8,  # not the back link above it
    )
    shoot.part(page, "analyst-network", page.locator("#network-heading"), page.locator("#network"))
    shoot.part(page, "analyst-network-tables", page.locator("#identifier-table"))
    shoot.part(page, "analyst-timeline", page.locator("figure.fh-chart"))
    # The identifier's first line: a publishable one has "Publish for checking" under it.
    first = page.locator("#identifier-table tbody th").first.inner_text().splitlines()[0]

    page.locator("main").get_by_role("link", name="All clusters").click()
    page.get_by_role("link", name="search for an identifier").click()
    expect_heading(page, "Search for an identifier")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    shoot.page(page, "analyst-search-error", full_page=False)
    page.get_by_label("Phone number, email, website").fill(first)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    expect(page.locator("#result-count")).not_to_have_text("0 reports found")
    shoot.page(page, "analyst-search")
    page.get_by_label("Phone number, email, website").fill("159")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    shoot.part(
        page,
        "analyst-search-excluded",
        page.locator("#results-heading"),
        page.locator("#result-count"),
    )


def most_matched_victim() -> str:
    """The reference of a report whose victim people matching put in the largest group of
    records (the first such record), read from the database the server uses."""
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
    django.setup()
    from django.db.models import Count

    from fraudhub.linking.models import PersonGroup

    group = (
        PersonGroup.objects.filter(role="victim")
        .annotate(size=Count("members"))
        .filter(size__gt=1)
        .order_by("-size", "pk")
        .first()
    )
    assert group is not None, "No victim is matched in two reports: run `fraudhub link` first"
    member = group.members.select_related("person__report").order_by("person_id").first()
    assert member is not None
    reference = member.person.report.reference
    assert reference, "The matched victim's report has no reference"
    return reference


def analyst_person(page: Page, shoot: Shooter, reference: str) -> None:
    """From a report, the victim's other reports, and one proposed link to decide on (the
    page is pictured, the decision is not saved)."""
    page.goto(f"/staff/reports/{reference}/")
    page.get_by_role("link", name="Other reports of this person").first.click()
    page.wait_for_load_state()
    expect(page.locator("#records tbody tr").nth(1)).to_be_visible()
    links = page.locator("#links tbody tr")
    expect(links.first).to_be_visible()
    two = links.nth(min(links.count(), 2) - 1)  # two links are enough to show how to read them
    shoot.part(page, "analyst-person", page.locator("main .govuk-caption-l"), two, below=2)
    page.locator("#links").get_by_role("link", name="Decide").first.click()
    page.wait_for_load_state()
    expect_heading(page, " and ")
    choose(page, "Yes, the same person")
    page.get_by_label("Why did you decide this?").fill(
        "Rang the victim to check: both scams happened to them."
    )
    shoot.part(
        page,
        "analyst-person-link",
        page.locator("main .govuk-caption-l"),
        page.get_by_role("button", name="Save decision"),
    )


def analyst_links_to_check(page: Page, shoot: Shooter) -> None:
    """From the list of clusters, the people links waiting for an analyst's decision."""
    open_menu(page, "Intelligence")
    page.get_by_role("link", name="check links between people").click()
    expect_heading(page, "People links to check")
    # The demo may have no link in the "possible" band: an empty list is pictured as it is.
    expect(page.locator("#result-count")).to_be_visible()
    shoot.page(page, "analyst-links-to-check", full_page=False)


def analyst_map_and_trends(browser: Browser, base_url: str, shoot: Shooter) -> None:
    """The demo analyst's map (by district, then by council and money lost), trends,
    emerging scams and data quality, on a wide screen with no base map tiles."""
    with browser_page(browser, base_url, WIDE) as page:
        sign_in(page, None, "analyst")
        open_menu(page, "Map and trends")
        expect_heading(page, "Map of reports")
        expect(page.locator("#map path.fh-map__circle").first).to_be_visible()
        shoot.part(page, "analyst-map", page.locator(".govuk-caption-l"), page.locator("#map"))
        shoot.part(
            page,
            "analyst-map-table",
            page.locator("#area-table caption"),
            page.locator("#area-table tbody tr").nth(7),
        )
        page.get_by_label("Council area").check()
        page.get_by_label("Money lost").check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page.get_by_role("table", name="By council area")).to_be_visible()
        shoot.part(
            page, "analyst-map-council", page.locator(".govuk-caption-l"), page.locator("#map")
        )
        page.get_by_role("navigation", name="Figures").get_by_role("link", name="Trends").click()
        page.wait_for_load_state()
        expect_heading(page, "Trends")
        expect(page.locator("#age-bands-chart")).to_have_attribute("data-drawn", "true")
        shoot.part(
            page,
            "analyst-trends",
            page.locator(".govuk-caption-l"),
            page.locator("#scam-types-chart"),
        )
        page.get_by_text("Victims by age as a table").click()
        shoot.part(
            page,
            "analyst-trends-age",
            page.locator("#age-bands-title"),
            page.locator("#age-bands-title ~ details table"),
        )
        page.get_by_label("Received from").fill("1/1/2O26")
        page.get_by_role("button", name="Apply filters").click()
        shoot.part(
            page,
            "analyst-trends-error",
            page.locator(".govuk-error-summary"),
            page.get_by_role("form", name="Filter figures"),
        )
        page.get_by_role("navigation", name="Figures").get_by_role(
            "link", name="Emerging scams"
        ).click()
        expect_heading(page, "Emerging scams")
        shoot.part(
            page, "analyst-emerging", page.locator(".govuk-caption-l"), page.locator("#identifiers")
        )
        page.get_by_role("navigation", name="Figures").get_by_role(
            "link", name="Data quality"
        ).click()
        expect_heading(page, "Data quality")
        shoot.part(
            page,
            "analyst-data-quality",
            page.locator(".govuk-caption-l"),
            page.locator("#quality-table"),
        )


def prevention_outreach_pages(page: Page, shoot: Shooter) -> None:
    """The case manager reads the demo's sent batch of warnings and the awareness figures,
    and records a session (first with nothing filled in, to show the errors)."""
    open_menu(page, "Warnings")
    expect_heading(page, "Warnings to people at risk")
    shoot.page(page, "prevention-warnings", full_page=False)
    page.locator("#batches").get_by_role("link").first.click()
    page.wait_for_load_state()
    rows = page.locator("#recipients tbody tr")
    shoot.part(
        page,
        "prevention-warning-batch",
        page.locator("main .govuk-caption-l"),
        rows.nth(min(9, rows.count() - 1)),
        below=1,  # not the top of the next row
    )
    shoot.part(page, "prevention-warning-text", page.locator("#preview"))
    open_menu(page, "Awareness")
    expect_heading(page, "Awareness activity")
    shoot.part(
        page,
        "prevention-awareness",
        page.locator("main .govuk-caption-l"),
        page.locator("#by-audience"),
    )
    page.get_by_role("link", name="Record a session").click()
    page.get_by_role("button", name="Record the session").click()
    page.wait_for_load_state()
    shoot.page(page, "prevention-awareness-errors", full_page=False)


# --- prevention -----------------------------------------------------------------------

# Three residents (their addresses as a proxy in front of the server passes them on) check
# the same number nobody has published, so the analysts' early signs have one to show.
CHECKERS = ["203.0.113.21", "203.0.113.22", "203.0.113.23"]
UNPUBLISHED_NUMBER = "07700 900982"


@dataclass
class Demo:
    """What the pictures need from the demo database, read before the browser starts."""

    matched_victim: str  # a report whose victim is matched in the most reports
    published_phone: str  # a phone number published for checking, as the public see it
    money_case: int  # a case with a claim reimbursed in part
    money_claim: int


def read_demo() -> Demo:
    """Read the database the server uses (in a thread: see demo_code)."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_read_demo).result()


def _read_demo() -> Demo:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fraudhub.settings")
    django.setup()
    from django.db import connection

    from fraudhub.casework.claim_states import ClaimState
    from fraudhub.casework.models import Claim
    from fraudhub.prevention.models import PublishedIdentifier

    phone = PublishedIdentifier.objects.filter(kind="phone", withdrawn_at=None).order_by("pk")
    published = phone.first()
    assert published is not None, "No phone number is published: run `fraudhub demo-data`"
    claim = (
        Claim.objects.filter(state=ClaimState.REIMBURSED_IN_PART)
        .order_by("-amount_claimed")
        .first()
    )
    assert claim is not None, "No claim is reimbursed in part: run `fraudhub demo-data`"
    demo = Demo(
        matched_victim=most_matched_victim(),
        published_phone=published.display,
        money_case=claim.case_id,
        money_claim=claim.pk,
    )
    connection.close()
    return demo


def public_alerts(browser: Browser, base_url: str, shoot: Shooter) -> None:
    """The public alerts list, one alert on a desktop and on a phone, and its poster."""
    with browser_page(browser, base_url, DESKTOP) as page:
        page.goto("/alerts/")
        expect_heading(page, "Scam alerts")
        expect(page.locator("#alerts li").first).to_be_visible()
        shoot.page(page, "prevention-alerts", full_page=False)
        page.locator("#alerts").get_by_role("link").first.click()
        page.wait_for_load_state()
        address = urlsplit(page.url).path
        shoot.page(page, "prevention-alert")
        page.goto(address + "poster/")
        shoot.page(page, "prevention-poster")
    with browser_page(browser, base_url, PHONE) as phone:
        phone.goto(address)
        shoot.page(phone, "prevention-alert-phone", full_page=False)


def subscribe(page: Page, shoot: Shooter) -> None:
    """A carer asks for alerts about two councils, which she passes on to a group."""
    page.goto("/alerts/subscribe/")
    expect_heading(page, "Get scam alerts by email")
    page.get_by_label("Email address").fill("sue.okafor@example.com")
    choose(page, "Only some council areas")
    page.get_by_label("Stevenage", exact=True).check()
    page.get_by_label("North Hertfordshire", exact=True).check()
    page.get_by_label("Carers and families", exact=True).check()
    choose(page, "English")
    choose(page, "Yes", question="Do you pass alerts on to other people?")
    choose(page, "A community group")
    shoot.page(page, "prevention-subscribe")


def check_before_paying(browser: Browser, base_url: str, shoot: Shooter, demo: Demo) -> None:
    """A resident checks a published number (a match) and one nobody published (no
    match); two more residents check the same unpublished number."""
    for n, address in enumerate(CHECKERS):
        with browser_page(browser, base_url, DESKTOP) as page:
            page.set_extra_http_headers({"X-Forwarded-For": address})
            if n == 0:
                check_number(page, demo.published_phone)
                expect_heading(page, "Do not pay")
                shoot.page(page, "prevention-check-match")
            check_number(page, UNPUBLISHED_NUMBER)
            expect(page.locator("#check-result")).to_contain_text("no published warning")
            if n == 0:
                shoot.page(page, "prevention-check-no-match")


def check_number(page: Page, number: str) -> None:
    page.goto("/check/")
    expect_heading(page, "Check before you pay")
    choose(page, "A phone number")
    page.get_by_label("Phone number", exact=True).fill(number)
    page.get_by_role("button", name="Check").click()
    page.wait_for_load_state()


def draft_an_alert(page: Page, shoot: Shooter) -> str:
    """The analyst drafts an alert naming a published number and sends it for approval;
    returns the alert's staff address."""
    open_menu(page, "Scam alerts")
    expect_heading(page, "Scam alerts")
    page.get_by_role("button", name="Draft an alert").click()
    expect_heading(page, "Draft a scam alert")
    page.get_by_label("Title", exact=True).fill("Fake bank calls asking you to move your money")
    page.get_by_label("What it looks like", exact=True).fill(
        "Someone rings saying they are from your bank's fraud team. They know your name and "
        "some of your card number. They say your account has been hacked and ask you to move "
        "your money to a 'safe account'."
    )
    page.get_by_label("How to spot it", exact=True).fill(
        "Your bank will never ask you to move money to keep it safe. The caller wants you to "
        "act now and to stay on the line."
    )
    page.get_by_label("What to do", exact=True).fill(
        "Hang up. Call your bank on the number on the back of your card, or call 159. If you "
        "have already moved money, call your bank straight away and then report it to us."
    )
    page.get_by_label("Type of scam (optional)").select_option(
        label="Bank or building society impersonation"
    )
    choose(page, "The whole county")
    page.get_by_label("Older residents", exact=True).check()
    page.get_by_label("Carers and families", exact=True).check()
    page.locator("input[name=identifiers]").first.check()
    shoot.part(
        page,
        "prevention-alert-draft",
        page.locator("h1"),
        page.get_by_role("button", name="Save the draft"),
    )
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Send for approval").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_contain_text("Waiting for approval")
    return urlsplit(page.url).path


def approve_the_alert(page: Page, shoot: Shooter, address: str) -> None:
    """The administrator reads the alert someone else drafted, at the approval step."""
    page.goto(address)
    expect(page.get_by_role("button", name="Approve and publish")).to_be_visible()
    shoot.part(
        page,
        "prevention-alert-approve",
        page.locator("main .govuk-caption-l"),
        page.locator("#history"),
        above=8,
    )


def prevention_analyst_pages(page: Page, shoot: Shooter, demo: Demo) -> None:
    """Published identifiers, early signs, the reach of alerts and a partner look-up."""
    open_menu(page, "Intelligence")
    page.get_by_role("link", name="identifiers published for checking").click()
    expect_heading(page, "Published for checking")
    shoot.page(page, "prevention-published", full_page=False)
    page.get_by_role("navigation", name="Check before you pay").get_by_role(
        "link", name="Early signs"
    ).click()
    expect_heading(page, "Early signs")
    expect(page.locator("#early-signs")).to_contain_text("7700")
    shoot.page(page, "prevention-early-signs")
    page.goto("/staff/prevention/subscribers/")
    shoot.part(
        page,
        "prevention-subscribers",
        page.locator("main h1"),
        page.locator("main h2", has_text="Alerts sent to subscribers").locator(
            "xpath=following-sibling::*[1]"
        ),
    )
    open_menu(page, "Look up")
    expect_heading(page, "Look up an identifier")
    page.get_by_label("Phone number, email, website").fill(demo.published_phone)
    page.get_by_role("button", name="Look up").click()
    page.wait_for_load_state()
    found = page.locator("main .govuk-summary-card")
    expect(found.first).to_be_visible()
    shoot.part(page, "prevention-look-up", page.locator("main .govuk-caption-l"), found.first)


def money_pages(page: Page, shoot: Shooter, demo: Demo) -> None:
    """A case's first payment with its routes and deadlines, its claims, one claim's next
    step, the claims to chase and the dashboard's money recovered."""
    page.goto(f"/staff/cases/{demo.money_case}/money/")
    expect_heading(page, "Payments and claims")
    shoot.part(
        page,
        "case-money",
        page.locator("main .govuk-caption-l"),
        page.locator("#payments ~ .govuk-summary-card").first,
    )
    shoot.part(page, "case-money-claims", page.locator("#claims"), page.locator("#claims + table"))
    page.locator(f"#claim-{demo.money_claim} + tr").get_by_role(
        "link", name="Update the claim"
    ).click()
    expect(page.locator("h1")).to_contain_text("Update the claim")
    shoot.part(
        page,
        "case-money-claim",
        page.locator("main .govuk-caption-l"),
        page.get_by_role("button", name="Save"),
    )
    page.goto("/staff/cases/claims-to-chase/")
    expect_heading(page, "Claims to chase")
    shoot.page(page, "case-money-chase", full_page=False)
    open_menu(page, "Team dashboard")
    shoot.part(
        page,
        "case-money-recovered",
        page.locator("#money-recovered"),
        page.locator("#money-per-route"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--base-url", default="http://127.0.0.1:8011")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent / "images", help="Folder"
    )
    parser.add_argument(
        "--only", action="append", help="Save only pictures named PREFIX... (may be repeated)"
    )
    args = parser.parse_args()
    shoot = Shooter(args.out, args.only)
    base_url = args.base_url.rstrip("/")
    demo = read_demo()  # before Playwright's event loop starts
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with browser_page(browser, base_url, DESKTOP) as resident:
                for_mum = report_for_someone_else(resident, shoot)
                with browser_page(browser, base_url, PHONE) as phone:
                    for_me = report_for_myself(phone, shoot)
                    track_with_reference(phone, shoot, for_me, "AL1 3EJ")
                with browser_page(browser, base_url, WIDE) as staff:
                    sign_in(staff, shoot, "manager")
                    search_reports(staff, shoot)
                    open_report_and_update(staff, shoot, for_mum)
                    take_phone_report(staff, shoot)
                with browser_page(browser, base_url, WIDE) as cases:
                    sign_in(cases, None, "manager")
                    work_a_case(cases, shoot, for_mum)
                with browser_page(browser, base_url, WIDE) as reporter:
                    track_after_the_case(reporter, shoot, for_mum)
                with browser_page(browser, base_url, PHONE) as phone:
                    open_private_link(phone, shoot, for_mum)
                analyst_map_and_trends(browser, base_url, shoot)
                with browser_page(browser, base_url, DESKTOP) as admin:
                    sign_in(admin, None, "admin")
                    admin_pages(admin, shoot, for_mum)
                with browser_page(browser, base_url, WIDE) as analyst:
                    sign_in(analyst, None, "analyst")
                    analyst_pages(analyst, shoot)
                    analyst_person(analyst, shoot, demo.matched_victim)
                    analyst_links_to_check(analyst, shoot)
                with browser_page(browser, base_url, WIDE) as prevention:
                    sign_in(prevention, None, "manager")
                    prevention_outreach_pages(prevention, shoot)
                    money_pages(prevention, shoot, demo)
                public_alerts(browser, base_url, shoot)
                with browser_page(browser, base_url, DESKTOP) as resident:
                    subscribe(resident, shoot)
                check_before_paying(browser, base_url, shoot, demo)
                with browser_page(browser, base_url, WIDE) as analyst:
                    sign_in(analyst, None, "analyst")
                    drafted = draft_an_alert(analyst, shoot)
                    prevention_analyst_pages(analyst, shoot, demo)
                with browser_page(browser, base_url, WIDE) as admin:
                    sign_in(admin, None, "admin")
                    approve_the_alert(admin, shoot, drafted)
        finally:
            browser.close()
    too_big = [p.name for p in shoot.saved if p.stat().st_size > SIZE_LIMIT]
    print(f"{len(shoot.saved)} screenshots in {args.out}")
    if too_big:
        print("Over 250 KB: " + ", ".join(too_big), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
