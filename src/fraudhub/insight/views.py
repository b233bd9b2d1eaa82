"""The analysts' pages: map, trends, emerging scams and data quality. Views parse the
filters, call one selector and render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fraudhub import charts
from fraudhub.governance.access import require
from fraudhub.governance.models import Organisation
from fraudhub.governance.roles import Permission
from fraudhub.reports.selectors import sees_every_report

from . import selectors
from .figures import (
    JUMP_AT_LEAST,
    JUMP_FACTOR,
    JUMP_WEEKS,
    NOT_KNOWN,
    SMALL_COUNT,
    AreaFigure,
)
from .forms import IntelExportForm, MapForm, PeriodForm
from .intel import IntelOptions, InvalidExport, export_intel

# A whole country's districts would bury the county's figures under labels.
MAX_BACKGROUND_PLACES = 400


def _allowed(request: HttpRequest) -> None:
    if not selectors.may_see_insight(request.user):
        raise Http404("Figures are for staff of a partner organisation")


def _form(request: HttpRequest) -> PeriodForm:
    return PeriodForm(request.GET or None, today=timezone.localdate())


def _page(request: HttpRequest, template: str, form: PeriodForm, **context: Any) -> HttpResponse:
    return render(
        request,
        template,
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "small_count": SMALL_COUNT,
            **context,
        },
    )


def _area_points(areas: list[AreaFigure]) -> list[dict[str, Any]]:
    return [
        {
            "code": a.code,
            "name": a.name,
            "lat": a.latitude,
            "lng": a.longitude,
            "reports": None if a.hidden else a.reports,
            "victims": None if a.hidden else a.victims,
            "losses": None if a.hidden else float(a.losses),
        }
        for a in areas
        if a.located
    ]


def _background(districts: list[AreaFigure]) -> list[dict[str, Any]]:
    """The districts drawn as labelled dots under the circles, so the map reads without
    base tiles: those of the councils with figures (every known district when none)."""
    places = selectors.places().values()
    councils = {p.council for p in places if p.code in {d.code for d in districts}}
    chosen = [p for p in places if p.council in councils] if councils else list(places)
    if len(chosen) > MAX_BACKGROUND_PLACES:
        chosen = []
    return [{"code": p.code, "lat": p.latitude, "lng": p.longitude} for p in chosen]


@require(Permission.SEE_INTELLIGENCE)
def map_page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = MapForm(request.GET or None, today=timezone.localdate())
    shown = selectors.map_figures(request.user, form.period())
    by_council = form.choice("area") == "council"
    measure = form.choice("measure")
    areas = sorted(
        shown.councils if by_council else shown.districts,
        key=lambda a: (a.code == NOT_KNOWN, a.hidden, -getattr(a, measure), a.code),
    )
    return _page(
        request,
        "insight/map.html",
        form,
        figures=shown,
        by_council=by_council,
        measure=measure,
        areas=areas,
        top=[a for a in areas if a.located and not a.hidden][:3],
        map_data={
            "districts": _area_points(shown.districts),
            "councils": _area_points(shown.councils),
            "places": _background(shown.districts),
            "area": "council" if by_council else "district",
            "measure": measure,
            "tiles": settings.FRAUDHUB_MAP_TILE_URL,
            "attribution": settings.FRAUDHUB_MAP_TILE_ATTRIBUTION,
        },
    )


@require(Permission.SEE_INTELLIGENCE)
def trends_page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = _form(request)
    shown = selectors.trend_figures(request.user, form.period())
    sections = [
        ("months", "Reports by month", "Reports received in each month", shown.months),
        ("scam-types", "Reports by kind of scam", "Reports of each kind of scam", shown.scam_types),
        (
            "contact-methods",
            "Reports by how the scammer made contact",
            "Reports by the way the scammer first made contact",
            shown.contact_methods,
        ),
        (
            "age-bands",
            "Victims by age",
            "Victims by their age at the time of the scam",
            shown.age_bands,
        ),
    ]
    trends = [
        {
            "slug": slug,
            "spec_id": f"{slug}-spec",
            "title": title,
            "summary": summary,
            "counts": counts,
            "top": max((c for c in counts if not c.hidden), key=lambda c: c.value, default=None),
            "spec": charts.months(counts, title=summary)
            if slug == "months"
            else charts.bars(
                counts, title=summary, value_title="Victims" if slug == "age-bands" else "Reports"
            ),
        }
        for slug, title, summary, counts in sections
    ]
    return _page(request, "insight/trends.html", form, figures=shown, trends=trends)


@require(Permission.SEE_INTELLIGENCE)
def emerging_page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    shown = selectors.emerging(request.user, today=timezone.localdate())
    return render(
        request,
        "insight/emerging.html",
        {
            "figures": shown,
            "at_least": JUMP_AT_LEAST,
            "factor": JUMP_FACTOR,
            "weeks": JUMP_WEEKS,
        },
    )


@require(Permission.SEE_INTELLIGENCE)
def data_quality_page(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = _form(request)
    period = form.period()
    return _page(
        request,
        "insight/data_quality.html",
        form,
        period=period,
        shares=selectors.data_quality(request.user, period),
    )


EXPORT_TYPES = {
    "stix": ("application/json", "json"),
    "misp": ("application/json", "json"),
    "csv": ("text/csv; charset=utf-8", "csv"),
}


def _cluster_shown(form: IntelExportForm) -> int | None:
    """The cluster the export is limited to, only once read as a whole number: a value sent
    in the request is never put into a link as it came."""
    if form.is_bound:
        return None if "cluster" in form.errors else form.cleaned_data.get("cluster")
    value = form.initial.get("cluster")
    return value if isinstance(value, int) else None


@require(Permission.EXPORT)
def export_page(request: HttpRequest) -> HttpResponse:
    """Analysts export intelligence as `fraudhub export-intel` does, with its options; from a
    cluster's page, only that cluster. The export is audited by export_intel."""
    if not sees_every_report(request.user):
        raise Http404("Intelligence exports are for the fraud hub's analysts")
    initial = {"format": "stix", "tlp": "amber", "min_reports": 1}
    hub = Organisation.objects.filter(kind=Organisation.Kind.FRAUD_HUB).order_by("id").first()
    if hub is not None:
        initial["organisation"] = hub.pk
    cluster = request.GET.get("cluster", "")
    if cluster.isdigit():
        initial["cluster"] = int(cluster)
    form = IntelExportForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        options = IntelOptions(
            format=data["format"],
            tlp=data["tlp"],
            since=data["since"],
            min_reports=data["min_reports"],
            include_names=data["include_names"],
            cluster=data["cluster"],
        )
        try:
            export = export_intel(
                organisation=data["organisation"], options=options, actor=request.user
            )
        except InvalidExport as exc:
            problem = (
                f"The export was not made: the STIX bundle did not pass the validator ({exc})."
            )
        else:
            content_type, extension = EXPORT_TYPES[options.format]
            scope = f"-cluster-{options.cluster}" if options.cluster else ""
            name = f"fraudhub-{options.format}{scope}-{timezone.localdate():%Y-%m-%d}.{extension}"
            response = HttpResponse(export.text, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(
        request,
        "insight/export.html",
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "problem": problem,
            "cluster": _cluster_shown(form),
        },
    )
