"""The data protection officer's pages: find a person, see their records, export
everything held about them, correct a detail, restrict processing, place a legal hold,
erase on request; and the retention schedule with its runs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fraudhub.governance.access import Actor, check, require
from fraudhub.governance.roles import Permission
from fraudhub.reports.models import Person

from . import selectors, services
from .forms import ConfirmErasureForm, CorrectionForm, FindPersonForm, ReasonForm, ScheduleForm
from .retention import keep_days, run_retention
from .subject_access import Search, export_zip


@require(Permission.MANAGE_RIGHTS)
def find_person(request: HttpRequest) -> HttpResponse:
    # Pressing "Find records" with nothing filled in is asked too, and told what to fill in.
    asked = any(k in request.GET for k in ("name", "reference", "date_of_birth_year"))
    form = FindPersonForm(request.GET if asked else None)
    found: list[Person] | None = None
    if asked and form.is_valid():
        found = selectors.search_people(
            request.user,
            Search(
                name=form.cleaned_data["name"],
                date_of_birth=form.birth_date(),
                reference=form.cleaned_data["reference"],
            ),
        )
    return render(request, "rights/find.html", {"form": form, "found": found})


def _page(request: HttpRequest, person_id: int) -> selectors.PersonPage:
    page = selectors.person_page(request.user, person_id)
    if page is None:
        raise Http404("No person with that number, or their details were erased")
    return page


@require(Permission.MANAGE_RIGHTS)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    return render(request, "rights/person.html", {"page": _page(request, person_id)})


@require(Permission.MANAGE_RIGHTS)
@require_POST
def export(request: HttpRequest, person_id: int) -> HttpResponse:
    page = _page(request, person_id)
    name, content = export_zip(actor=request.user, people=page.people)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require(Permission.MANAGE_RIGHTS)
def correct(request: HttpRequest, person_id: int) -> HttpResponse:
    page = _page(request, person_id)
    form = CorrectionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            corrections = services.rectify_all(
                actor=request.user,
                people=page.people,
                field=form.cleaned_data["field"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except services.CannotCorrect as problem:
            form.add_error("value", str(problem))
        else:
            messages.success(
                request,
                f"{corrections[0].field_label} corrected in {len(corrections)} "
                f"record{'s' if len(corrections) != 1 else ''}",
            )
            return redirect("rights:person", person_id=page.person.pk)
    return render(request, "rights/correct.html", {"page": page, "form": form})


@dataclass(frozen=True)
class Action:
    title: str
    label: str
    hint: str
    button: str
    done: str
    run: Callable[..., object]
    missing: str
    erase: bool = False


ACTIONS: dict[str, Action] = {
    "restrict": Action(
        "Restrict processing",
        "Why is processing being restricted?",
        "For example: the person disputes their details are right, while we check",
        "Restrict processing",
        "Processing restricted: the records are kept but not linked, exported or shared",
        partial(services.change_flag, "restrict"),
        services.FLAG_CHANGES["restrict"][2],
    ),
    "lift-restriction": Action(
        "Lift the restriction",
        "Why is the restriction being lifted?",
        "For example: the details were checked and corrected",
        "Lift the restriction",
        "Restriction lifted",
        partial(services.change_flag, "lift-restriction"),
        services.FLAG_CHANGES["lift-restriction"][2],
    ),
    "hold": Action(
        "Place a legal hold",
        "Why must these records be kept?",
        "For example: needed for a prosecution (give the crime reference)",
        "Place a legal hold",
        "Legal hold placed: retention and erasure leave these records alone",
        partial(services.change_flag, "hold"),
        services.FLAG_CHANGES["hold"][2],
    ),
    "lift-hold": Action(
        "Lift the legal hold",
        "Why is the hold being lifted?",
        "For example: the prosecution has ended",
        "Lift the legal hold",
        "Legal hold lifted",
        partial(services.change_flag, "lift-hold"),
        services.FLAG_CHANGES["lift-hold"][2],
    ),
    "erase": Action(
        "Erase on request",
        "Why are the details being erased?",
        "Give the request's date and reference. The person's details in every report "
        "they are the victim in, with their support cases, are anonymised; this cannot "
        "be undone.",
        "Erase their details",
        "Details erased",
        services.erase_on_request,
        "Enter why the details are being erased",
        erase=True,
    ),
}


@require(Permission.MANAGE_RIGHTS)
def act(request: HttpRequest, person_id: int, action: str) -> HttpResponse:
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise Http404("No such action")
    page = _page(request, person_id)
    form_class = ConfirmErasureForm if chosen.erase else ReasonForm
    form = form_class(
        request.POST if request.method == "POST" else None,
        label=chosen.label,
        hint=chosen.hint,
        missing=chosen.missing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen.run(actor=request.user, people=page.people, reason=form.cleaned_data["reason"])
        except (services.CannotCorrect, services.ErasureRefused) as problem:
            form.add_error(None, str(problem))
        else:
            messages.success(request, chosen.done)
            if chosen.erase:
                return redirect("rights:find")
            return redirect("rights:person", person_id=page.person.pk)
    return render(request, "rights/act.html", {"page": page, "form": form, "action": chosen})


def _schedule_form(request: HttpRequest, actor: Actor) -> ScheduleForm:
    current = {k.value: v for k, v in keep_days().items()}
    return ScheduleForm(request.POST if request.method == "POST" else None, current=current)


@require(Permission.MANAGE_RIGHTS)
def retention(request: HttpRequest) -> HttpResponse:
    form = _schedule_form(request, request.user)
    if request.method == "POST":
        check(request.user, Permission.ADMINISTER)
        if form.is_valid():
            changed = services.set_schedule(actor=request.user, days=form.cleaned_data)
            messages.success(
                request,
                "Retention schedule saved"
                if changed
                else "No change: the periods are as they were",
            )
            return redirect("rights:retention")
    return render(
        request,
        "rights/retention.html",
        {
            "form": form,
            "rows": selectors.schedule_rows(),
            "runs": selectors.recent_runs(),
            "holds": selectors.active_holds(),
        },
    )


@require(Permission.MANAGE_RIGHTS)
@require_POST
def retention_run(request: HttpRequest) -> HttpResponse:
    dry_run = request.POST.get("dry_run") == "yes"
    run = run_retention(actor=request.user, dry_run=dry_run)
    total = sum(run.counts.values())
    records = f"{total} record{'s' if total != 1 else ''}"
    messages.success(
        request,
        f"Counted {records} due: nothing was changed"
        if dry_run
        else f"Retention run finished: {records} anonymised or erased",
    )
    return redirect("rights:retention")
