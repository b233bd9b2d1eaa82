"""The facts the law asks the public pages to give, filled from settings and records: the
privacy notice (the controller, recipients under the agreements in force, how long
records are kept), the accessibility statement (status, known issues, enforcement) and
the cookies page (every cookie the service sets, from the settings that name them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fraudhub.rights.privacy import notice_facts

# --- privacy notice ----------------------------------------------------------------------


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html", notice_facts())


# --- accessibility statement -------------------------------------------------------------

COMPLIANCE = {
    "full": "fully compliant with",
    "partial": "partially compliant with",
    "none": "not compliant with",
}

# What the service's own checks have not shown to meet WCAG 2.2 AA, and content the
# regulations exempt. Kept with the code that causes it, so a fix updates the statement.
KNOWN_ISSUES = (
    "Staff pages draw maps, charts and a network of linked reports with scripts. A screen "
    "reader cannot read the pictures themselves; each page gives the same figures in a "
    "table beneath, and that table is the way to read them.",
    "Signed data-sharing agreements and files that residents and partners send in (photos, "
    "letters, spreadsheets) are shown as they were sent. We do not make them accessible: "
    "they are not produced by this service.",
    "The service has been checked by automated tests and by keyboard on every change, but "
    "not yet by an accessibility specialist or by disabled people using assistive "
    "technology. Until it is, we cannot say it is fully compliant.",
)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {
            "compliance": COMPLIANCE.get(
                settings.FRAUDHUB_ACCESSIBILITY_STATUS, COMPLIANCE["partial"]
            ),
            "fully_compliant": settings.FRAUDHUB_ACCESSIBILITY_STATUS == "full",
            "known_issues": KNOWN_ISSUES,
            "prepared_on": date.fromisoformat(settings.FRAUDHUB_ACCESSIBILITY_PREPARED_ON),
            "reviewed_on": date.fromisoformat(settings.FRAUDHUB_ACCESSIBILITY_REVIEWED_ON),
        },
    )


# --- cookies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def lifetime(seconds: int) -> str:
    """A cookie's lifetime in words: "1 day", "12 hours", "1 year"."""
    span = timedelta(seconds=seconds)
    for unit, size in (("year", 365), ("week", 7), ("day", 1)):
        if span.days >= size and span.days % size == 0 and not span.seconds:
            count = span.days // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'' if hours == 1 else 's'}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


def cookies_used() -> list[Cookie]:
    """Every cookie the service sets, each strictly necessary, named as the settings name
    them. Nothing measures or tracks visitors, so no consent is asked for."""
    idle = lifetime(settings.FRAUDHUB_SESSION_IDLE_SECONDS)
    whole = lifetime(settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS)
    return [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            "Remembers your answers while you report a scam, so you can carry on if you "
            "close the page, and proves a report you are tracking is yours. For staff, "
            "keeps them signed in.",
            f"{lifetime(settings.SESSION_COOKIE_AGE)}, or when you select 'Delete my "
            f"answers'. Staff are signed out after {idle} without using the service, and "
            f"after {whole} in any case.",
        ),
        Cookie(
            settings.CSRF_COOKIE_NAME,
            "Stops other websites sending forms to this service in your name.",
            lifetime(settings.CSRF_COOKIE_AGE),
        ),
        Cookie(
            CookieStorage.cookie_name,
            "Shows you a message after you do something, such as 'Your answers have been "
            "deleted from this device'.",
            "When the message has been shown, or when you close your browser",
        ),
    ]


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/cookies.html",
        {"cookies": cookies_used(), "answers_kept": lifetime(settings.SESSION_COOKIE_AGE)},
    )
