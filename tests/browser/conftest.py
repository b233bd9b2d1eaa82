"""Browser tests: headless Debian Chromium driven by Playwright against pytest-django's live
server, with axe-core checking each page against WCAG 2.2 AA.

One browser per test session; a new context (cookies, storage) per test."""

from __future__ import annotations

import json
import os
import re
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    sync_playwright,
)

from fraudhub.casework import library
from fraudhub.casework.models import Intervention, MessageTemplate
from fraudhub.linking import exclusions
from fraudhub.linking.models import ExcludedIdentifier
from fraudhub.reports import taxonomy
from fraudhub.reports.models import ContactMethod, ScamType

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse
# to touch the database from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("FRAUDHUB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def taxonomy_rows(transactional_db: None) -> None:
    """Transactional tests flush every table, including the rows the data migrations made:
    the taxonomy, the intervention library and message templates, the linking exclusions."""
    taxonomy.seed(ScamType, ContactMethod)
    library.seed(Intervention, MessageTemplate)
    exclusions.seed(ExcludedIdentifier)


@pytest.fixture(scope="session")
def site(live_server: Any) -> str:
    """The live server's address, once checked to serve the stylesheet and GOV.UK
    Frontend's script: without them axe and the focus checks would judge an unstyled page."""
    url = str(live_server.url)
    for path in ("/assets/fraudhub/fraudhub.css", "/assets/govuk/govuk-frontend.min.js"):
        with urllib.request.urlopen(url + path) as response:  # noqa: S310 (our own server)
            assert response.status == 200, f"{path} returned {response.status}"
    return url


class Tabs:
    """Browser contexts opened for one test, each like a separate person's browser. Fails
    the test if any page had a JavaScript error (GOV.UK Frontend failing to start, say) or
    broke the Content-Security-Policy."""

    def __init__(self, browser: Browser, site: str) -> None:
        self.browser = browser
        self.site = site
        self.contexts: list[BrowserContext] = []
        self.errors: list[str] = []

    def open(self) -> Page:
        context = self.browser.new_context(
            base_url=self.site, viewport={"width": 1024, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))
        page.on("console", lambda message: self._policy_violation(page, message))
        return page

    def _policy_violation(self, page: Page, message: ConsoleMessage) -> None:
        """Anything the Content-Security-Policy refused (an inline script or style, an
        eval, a file from elsewhere) fails the test too."""
        if "Content Security Policy" in message.text:
            self.errors.append(f"{page.url}: {message.text}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        assert not self.errors, f"JavaScript errors on the page: {self.errors}"


@pytest.fixture
def tabs(browser: Browser, site: str) -> Iterator[Tabs]:
    tabs = Tabs(browser, site)
    yield tabs
    tabs.close()


@pytest.fixture
def page(tabs: Tabs) -> Page:
    """The test's browser tab, in a fresh context (no cookies, nothing stored)."""
    return tabs.open()


@pytest.fixture
def new_page(tabs: Tabs) -> Callable[[], Page]:
    """Open another, separate browser (say, a member of staff beside the resident)."""
    return tabs.open


def format_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per violation: rule id, impact, help text, link, and every element
    (CSS target) with what axe says is wrong with it."""
    lines: list[str] = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"]:
            target = " ".join(
                json.dumps(t) if not isinstance(t, str) else t for t in node["target"]
            )
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node['html'][:200]}")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


# The one waiver, and it is narrow. GOV.UK Frontend's radios script sets aria-expanded on a
# radio that reveals a conditional question. ARIA 1.2 does not list aria-expanded for the
# radio role, so axe reports `aria-allowed-attr`; GOV.UK keep it on purpose, because screen
# readers announce it and user research found it helps (a documented known issue:
# https://github.com/alphagov/govuk-frontend/issues/979). A node is waived only when the rule
# is aria-allowed-attr, every failing check names aria-expanded and nothing else, and the
# element really is a GOV.UK radio controlling a conditional reveal on the page. Any other
# attribute on any other element still fails.
GOVUK_CONDITIONAL_RADIO = (
    "el => el.matches('input.govuk-radios__input[type=radio][aria-controls]')"
    " && !!document.getElementById(el.getAttribute('aria-controls'))"
    " && document.getElementById(el.getAttribute('aria-controls'))"
    ".classList.contains('govuk-radios__conditional')"
)
ARIA_EXPANDED = re.compile(r'^aria-expanded="(true|false)"$')


def _govuk_known_issue(page: Page, rule: str, node: dict[str, Any]) -> bool:
    if rule != "aria-allowed-attr" or len(node["target"]) != 1:
        return False
    checks = node["any"] + node["all"] + node["none"]
    values = [v for check in checks for v in (check.get("data") or {}).get("values", [])]
    if not values or not all(ARIA_EXPANDED.match(v) for v in values):
        return False
    return bool(page.locator(node["target"][0]).evaluate(GOVUK_CONDITIONAL_RADIO))


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now: its WCAG 2.0, 2.1 and 2.2 A and AA
    violations, less the GOV.UK Frontend known issue above."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol: the page's policy (rightly)
        # refuses an inline <script>.
        page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = []
    for violation in result["violations"]:
        nodes = [n for n in violation["nodes"] if not _govuk_known_issue(page, violation["id"], n)]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def check_accessibility(page: Page, name: str = "") -> None:
    """Fail listing every WCAG 2.2 A/AA violation axe-core finds on the page as it is now:
    rule id, help text, and the selector, HTML and fix of each element."""
    violations = axe_violations(page)
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {name or page.url} "
        f"({page.url}):\n" + format_violations(violations)
    )


class Axe:
    """`axe("what this page is")` checks the current page of the test's browser tab."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.checked: list[str] = []

    def __call__(self, name: str = "") -> None:
        check_accessibility(self.page, name)
        self.checked.append(name or self.page.url)


@pytest.fixture
def axe(page: Page) -> Axe:
    return Axe(page)
