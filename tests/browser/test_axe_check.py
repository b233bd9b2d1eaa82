"""The accessibility check itself: it must fail, and say where, when a page has a problem,
and its one GOV.UK waiver must not hide anything else."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import check_accessibility

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Test page</title></head><body>
<main><h1>Test page</h1>
<div class="govuk-radios">
  <div class="govuk-radios__item">
    <input class="govuk-radios__input" id="reveal" name="r" type="radio" value="a"
      aria-controls="conditional-reveal" aria-expanded="false" {extra}>
    <label class="govuk-label govuk-radios__label" for="reveal">Reveals</label>
  </div>
  <div class="govuk-radios__conditional" id="conditional-reveal"></div>
  <div class="govuk-radios__item">
    <input class="govuk-radios__input" id="plain" name="r" type="radio" value="b" {plain}>
    <label class="govuk-label govuk-radios__label" for="plain">Plain</label>
  </div>
</div>
{body}
</main></body></html>"""


def failure(page: Page, html: str) -> str:
    page.set_content(html)
    with pytest.raises(AssertionError) as raised:
        check_accessibility(page, "test page")
    return str(raised.value)


def test_a_violation_fails_with_its_rule_help_and_element(page: Page) -> None:
    message = failure(
        page, PAGE.format(extra="", plain="", body='<input type="text" id="nameless">')
    )
    assert "axe found 1 accessibility violation(s) on test page" in message
    assert "- label (critical): Form elements must have labels" in message
    assert "target: #nameless" in message
    assert "dequeuniversity.com/rules/axe/" in message


def test_the_govuk_conditional_radio_is_the_only_aria_expanded_allowed(page: Page) -> None:
    page.set_content(PAGE.format(extra="", plain="", body=""))
    check_accessibility(page, "GOV.UK radio revealing a question")

    not_revealing = failure(page, PAGE.format(extra="", plain='aria-expanded="true"', body=""))
    assert "aria-allowed-attr" in not_revealing and "target: #plain" in not_revealing

    another_attribute = failure(page, PAGE.format(extra='aria-selected="true"', plain="", body=""))
    assert "aria-allowed-attr" in another_attribute and "target: #reveal" in another_attribute
