"""Steps the browser tests share: signing staff in, moving through the journey, and
checking what a keyboard user sees."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect

from tests.factories import PASSWORD, code_for

REFERENCE = re.compile(r"^FH-\d{4}-\d{6}$")


def sign_in(page: Page, user: User) -> None:
    """Sign a member of staff in through the real sign-in pages: their password, then the
    code their authenticator app shows now (from their device's key)."""
    page.goto("/staff/sign-in/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    page.get_by_label("Code from your authenticator app").fill(code_for(user))
    page.get_by_role("button", name="Continue").click()
    # each role starts where its work is: cases, clusters, a partner's reports, the audit log
    # (a partner whose list shows other organisations' reports is first asked why)
    expect(page).to_have_url(
        re.compile(r"/staff/((reports|cases|links/clusters|audit)/|reports-reason/\?next=.*)$")
    )


def continue_(page: Page) -> None:
    """Press the page's Continue button and wait for the next page to load."""
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def question(page: Page, text: str) -> None:
    """The page's h1 is this question (its label or legend, or its heading)."""
    expect(page.locator("h1")).to_have_text(text)


def group(page: Page, legend: str) -> Locator:
    """A fieldset (radios, checkboxes, date) by its legend."""
    return page.get_by_role("group", name=legend)


# GOV.UK Frontend's focus colour, $govuk-focus-colour (#ffdd00).
FOCUS_COLOUR = "rgb(255, 221, 0)"

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing (the page body)';
  const text = (el.innerText || el.value || '').trim().slice(0, 40);
  return `<${el.tagName.toLowerCase()}${el.id ? ' id="' + el.id + '"' : ''}`
    + `${el.className ? ' class="' + el.className + '"' : ''}> ${text}`;
}"""

# How the focused element looks: its own outline, box-shadow and background, and for a
# GOV.UK radio or checkbox (whose input is invisible) those of the circle or box drawn by
# its label's ::before.
FOCUS_STYLES = """() => {
  const el = document.activeElement;
  const pick = s => ({outlineStyle: s.outlineStyle, outlineWidth: s.outlineWidth,
                      outlineColor: s.outlineColor, boxShadow: s.boxShadow,
                      backgroundColor: s.backgroundColor});
  const styles = [pick(getComputedStyle(el))];
  if (el.matches('.govuk-radios__input, .govuk-checkboxes__input')) {
    const label = document.querySelector(`label[for="${el.id}"]`);
    styles.push(pick(getComputedStyle(label, '::before')));
  }
  return styles;
}"""


def focused(page: Page) -> str:
    """What has focus, for messages."""
    return str(page.evaluate(DESCRIBE_FOCUS))


def assert_focus_visible(page: Page) -> None:
    """The focused element shows a focus indicator: a visible outline or a box-shadow, in
    GOV.UK's yellow focus colour (on the element, or on a radio's or checkbox's circle)."""
    styles: list[dict[str, str]] = page.evaluate(FOCUS_STYLES)

    def indicated(s: dict[str, str]) -> bool:
        outline = (
            s["outlineStyle"] != "none"
            and s["outlineWidth"] not in ("0px", "")
            and s["outlineColor"] not in ("transparent", "rgba(0, 0, 0, 0)")
        )
        shadow = s["boxShadow"] != "none"
        yellow = FOCUS_COLOUR in " ".join((s["outlineColor"], s["boxShadow"], s["backgroundColor"]))
        return (outline or shadow) and yellow

    assert any(indicated(s) for s in styles), (
        f"No visible focus indicator on {focused(page)}: {styles}"
    )


def is_focused(page: Page, selector: str) -> bool:
    return bool(
        page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        )
    )


def tab_to(page: Page, selector: str, *, backwards: bool = False, most: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus, then check
    its focus is visible. Fails if it is never reached."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(most):
        page.keyboard.press(key)
        if is_focused(page, selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{most} presses of {key} never reached {selector}; at {focused(page)}")


def press_tab(page: Page, expected: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) once: focus must land on `expected`, visibly."""
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    assert is_focused(page, expected), f"expected focus on {expected}, found {focused(page)}"
    assert_focus_visible(page)


def skip_link_is_first_tab_stop(page: Page, *, stay: bool = False) -> None:
    """From a freshly loaded page, the first Tab lands on the skip link, which shows.
    Then Shift+Tab leaves it (unless `stay`), as the shown skip link pushes the page down
    until it loses focus."""
    press_tab(page, "a.govuk-skip-link")
    skip = page.locator("a.govuk-skip-link")
    expect(skip).to_be_visible()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_text("Skip to main content")
    expect(skip).to_have_attribute("href", "#main-content")
    if not stay:
        page.keyboard.press("Shift+Tab")
        expect(skip).not_to_be_focused()


def press_and_wait(page: Page, key: str) -> None:
    """Press a key that should load a new page (Enter on a button or link)."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _who(page: Page, someone_else: bool) -> None:
    page.get_by_label("Someone else" if someone_else else "Myself").check()


def _date(page: Page, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)


def _about(page: Page, someone_else: bool) -> None:
    page.locator("#id_first_name").fill("Margaret")
    page.locator("#id_last_name").fill("Hughes")
    page.locator("#id_age").fill("78")
    page.locator("#id_postcode").fill("AL1 3EJ")


def _consent(page: Page, someone_else: bool) -> None:
    page.locator("#id_consent_to_contact").check()
    page.locator("#id_consent_to_share").check()


def _contact_details(page: Page, someone_else: bool) -> None:
    if someone_else:
        page.locator("#id_reporter_first_name").fill("Sarah")
        page.locator("#id_reporter_last_name").fill("Hughes")
    page.locator("#id_email").fill("reporter@example.com")


# A plain answer to each page, for tests that need to get past pages they are not about.
ANSWERS = {
    "who": _who,
    "relationship": lambda page, _: page.get_by_label("Family member").check(),
    "scam-type": lambda page, _: page.get_by_label("Parcel delivery scam").check(),
    "contact-method": lambda page, _: page.get_by_label("Text message").check(),
    "what-happened": lambda page, _: page.get_by_label("Tell us what happened").fill(
        "A text said a parcel was waiting and asked for a £1.99 fee on a website."
    ),
    "when": lambda page, _: _date(page, "2", "11", "2026"),
    "still-in-contact": lambda page, _: page.get_by_label("No", exact=True).check(),
    "scammer-details": lambda page, _: None,
    "money": lambda page, _: page.get_by_label("No", exact=True).check(),
    "about": _about,
    "support-needs": lambda page, _: page.get_by_label("None of these").check(),
    "safe-contact": lambda page, _: page.get_by_label("Contact them directly").check(),
    "contact-details": _contact_details,
    "consent": _consent,
}


def walk_to(page: Page, slug: str, *, someone_else: bool = False) -> None:
    """Ask for the page `slug`; while the journey sends us to an earlier page still to be
    answered, answer it plainly. Pages already answered in this browser are not repeated."""
    page.goto(f"/report/{slug}/")
    while not page.url.endswith(f"/report/{slug}/"):
        current = page.url.rstrip("/").rsplit("/", 1)[-1]
        assert current in ANSWERS, f"walking to {slug}, reached {page.url}"
        ANSWERS[current](page, someone_else)
        continue_(page)


def error_summary_links(page: Page) -> Locator:
    return page.locator(".govuk-error-summary__list a")


def assert_error_page(page: Page, messages: list[str]) -> None:
    """The page is in its error state the GOV.UK way: the title starts with "Error: ", the
    summary "There is a problem" has focus and lists each message as a link, and each
    field it links to shows the same message beside it, in a group marked as in error and
    announced by aria-describedby."""
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("h2")).to_have_text("There is a problem")
    expect(summary).to_be_focused()
    links = error_summary_links(page)
    expect(links).to_have_text(messages)
    for index, message in enumerate(messages):
        href = links.nth(index).get_attribute("href") or ""
        assert href.startswith("#id_"), href
        field_id = href[1:]
        group = page.locator(f".govuk-form-group--error:has(#{field_id})").last
        expect(group).to_be_visible()
        error = group.locator(".govuk-error-message").first
        expect(error).to_have_text(f"Error: {message}")
        described = page.locator(f"[aria-describedby~='{error.get_attribute('id')}']")
        expect(described).to_have_count(1)


def follow_error_link(page: Page, message: str, field: str) -> None:
    """Click an error summary link: focus moves to the field (GOV.UK's script also scrolls
    its label or legend into view)."""
    error_summary_links(page).filter(has_text=message).click()
    expect(page.locator(field)).to_be_focused()
    expect(page.locator(field)).to_be_in_viewport()


def open_menu(page: Page, name: str) -> None:
    """Follow a link in the staff menu."""
    with page.expect_navigation():
        page.get_by_role("navigation", name="Menu").get_by_role(
            "link", name=name, exact=True
        ).click()


def tab_through_to(page: Page, selector: str, *, backwards: bool = False, most: int = 80) -> int:
    """Like `tab_to`, but every element Tab (or Shift+Tab) passes on the way must show its
    focus too, not only the one it stops on. Returns the number of presses."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(1, most + 1):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if is_focused(page, selector):
            return presses
    raise AssertionError(f"{most} presses of {key} never reached {selector}; at {focused(page)}")
