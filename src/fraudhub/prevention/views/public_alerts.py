"""The public's scam alert pages: the list of published alerts (filtered by district
council and audience), each alert's page in English or Welsh, and its printable poster.
Nothing unpublished is reachable: a draft or an alert waiting for approval is not found,
and a withdrawn one says only that it was withdrawn (a resident may follow an old link to
it), never what it said."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from fraudhub.paging import paged
from fraudhub.prevention.models import Alert, Audience, Language
from fraudhub.prevention.selectors.alerts import public_alert, published_alerts
from fraudhub.reports.geography import COUNCILS

PER_PAGE = 20
LINE = 60  # what a line break costs on a poster, in characters


def poster_size(characters: int) -> str:
    """The poster's print size for an alert of this many characters, so that the longest
    alert the form takes still fits one A4 sheet."""
    if characters <= 900:
        return ""
    return "fh-poster--medium" if characters <= 1800 else "fh-poster--small"


@require_safe
def alert_list(request: HttpRequest) -> HttpResponse:
    council = request.GET.get("council", "")
    audience = request.GET.get("audience", "")
    council = council if council in COUNCILS else ""
    audience = audience if audience in Audience.values else ""
    alerts = published_alerts(council=council, audience=audience)
    return render(
        request,
        "prevention/public_alert_list.html",
        {
            **paged(request, alerts, per_page=PER_PAGE),
            "councils": COUNCILS,
            "audiences": Audience.choices,
            "council": council,
            "audience": audience,
            "filtered": bool(council or audience),
        },
    )


def _shown(request: HttpRequest, public_id: str, template: str) -> HttpResponse:
    alert = public_alert(public_id)
    if alert is None:
        raise Http404("No published alert has that address")
    if alert.status == Alert.Status.WITHDRAWN:
        return render(
            request, "prevention/public_alert_withdrawn.html", {"alert": alert}, status=410
        )
    welsh = request.GET.get("lang") == Language.WELSH and alert.has_welsh
    text = {
        name: getattr(alert, f"{name}_cy" if welsh else name)
        for name in ("title", "looks_like", "how_to_spot", "what_to_do")
    }
    return render(
        request,
        template,
        {
            "alert": alert,
            "text": text,
            "lang": Language.WELSH.value if welsh else Language.ENGLISH.value,
            "welsh": welsh,
            "poster_size": poster_size(sum(len(t) + LINE * t.count("\n") for t in text.values())),
            "audience_labels": [Audience(a).label for a in alert.audiences],
            "site_url": settings.SITE_URL,
        },
    )


@require_safe
def alert_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _shown(request, public_id, "prevention/public_alert.html")


@require_safe
def alert_poster(request: HttpRequest, public_id: str) -> HttpResponse:
    return _shown(request, public_id, "prevention/alert_poster.html")
