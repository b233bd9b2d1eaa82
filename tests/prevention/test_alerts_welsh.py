"""Welsh: an alert with a Welsh version offers "Cymraeg" and shows it marked lang="cy";
one without offers no link and shows English whatever is asked for."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from .conftest import ENGLISH, WELSH, published_alert

pytestmark = pytest.mark.django_db


def test_the_welsh_version_is_offered_and_shown_marked_as_welsh(
    client: Client, drafter: User, approver: User
) -> None:
    alert = published_alert(drafter, approver, welsh=WELSH)
    english = client.get(f"/alerts/{alert.public_id}/").content.decode()
    assert 'href="?lang=cy" hreflang="cy" lang="cy">Cymraeg</a>' in english
    assert WELSH.title not in english
    assert '<div lang="en" id="alert-content">' in english

    welsh = client.get(f"/alerts/{alert.public_id}/", {"lang": "cy"}).content.decode()
    assert f'<h1 class="govuk-heading-l" lang="cy">{WELSH.title}</h1>' in welsh
    assert '<div lang="cy" id="alert-content">' in welsh
    for part in WELSH.parts[1:]:
        assert part.replace("'", "&#x27;") in welsh
    assert ENGLISH.looks_like not in welsh
    assert 'href="?lang=en" hreflang="en" lang="en">English</a>' in welsh

    poster = client.get(f"/alerts/{alert.public_id}/poster/", {"lang": "cy"}).content.decode()
    assert 'lang="cy" aria-labelledby="poster-title"' in poster
    assert WELSH.what_to_do.replace("'", "&#x27;") in poster


def test_an_english_only_alert_offers_no_welsh_and_shows_english_when_welsh_is_asked(
    client: Client, published: object
) -> None:
    page = client.get(f"/alerts/{published.public_id}/", {"lang": "cy"}).content.decode()  # type: ignore[attr-defined]
    assert "Cymraeg" not in page
    assert ENGLISH.looks_like in page
    assert '<div lang="en" id="alert-content">' in page
