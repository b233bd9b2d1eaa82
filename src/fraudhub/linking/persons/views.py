"""Staff pages for people links: a person with every record grouped with them and their
reports, one page per proposed link where an analyst confirms or splits it, and the list
of links no analyst has checked yet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from fraudhub.governance.access import check, require
from fraudhub.governance.roles import Permission

from .. import reason_prompt
from ..people import MATCH_THRESHOLD
from . import selectors as person_selectors
from . import services
from .forms import PersonDecisionForm, PossiblePersonForm

# The pages a reason for opening a person's records is asked for, and returns to.
ASKING_PAGES = {
    "linking:person": "person_id",
    "linking:person_link": "person_id",
    "linking:possible_person": "person_id",
}


@require(Permission.SEE_INTELLIGENCE)
def person_reason(request: HttpRequest, person_id: int) -> HttpResponse:
    """Ask why someone opens a person's records drawn from reports that are not their own
    organisation's; the answer goes into the audit entry of every look at this person's
    pages for the rest of the sign-in."""
    back = reason_prompt.back_to(
        request, ASKING_PAGES, person_id, reverse("linking:person", args=[person_id])
    )
    found = person_selectors.person_for_reason(request.user, person_id)
    if found is None:
        if person_selectors.person_page_visible(request.user, person_id):
            return redirect(back)
        raise Http404("No person with that number that you can see")
    return reason_prompt.reason_page(
        request,
        kind="person",
        pk=found.pk,
        opening="this person's records",
        caption=found.get_role_display(),
        back=back,
    )


# The likelihood at which records are linked, as the pages say it ("70% or more")
LINKED_AT = f"{MATCH_THRESHOLD:.0%}"


@require(Permission.SEE_INTELLIGENCE)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    reason = reason_prompt.given(request, "person", person_id)
    if reason is None and person_selectors.person_needing_reason(request.user, person_id):
        return reason_prompt.ask(request, "linking:person_reason", person_id)
    page = person_selectors.person_page(request.user, person_id, reason=reason)
    if page is None:
        raise Http404("No person with that number that you can see")
    return render(
        request,
        "linking/person.html",
        {
            "page": page,
            "may_decide": person_selectors.may_decide(request.user),
            "linked_at": LINKED_AT,
        },
    )


@require(Permission.SEE_INTELLIGENCE, Permission.DECIDE_PERSON_LINKS)
def links_to_check(request: HttpRequest) -> HttpResponse:
    linked = request.GET.get("show") == "linked"
    found = person_selectors.links_to_check(
        request.user, linked=linked, page=request.GET.get("page")
    )
    return render(
        request,
        "linking/links_to_check.html",
        {
            "found": found,
            "page": found.page,
            "query_string": "show=linked" if linked else "",
            "linked_at": LINKED_AT,
        },
    )


@require(Permission.SEE_INTELLIGENCE)
def person_link(request: HttpRequest, person_id: int, other_id: int) -> HttpResponse:
    reason = reason_prompt.given(request, "person", person_id)
    if reason is None and person_selectors.link_needing_reason(request.user, person_id, other_id):
        return reason_prompt.ask(request, "linking:person_reason", person_id)
    link = person_selectors.proposed_link(request.user, person_id, other_id, reason=reason)
    if link is None:
        raise Http404("No pair of people with those numbers that you can see")
    may_decide = person_selectors.may_decide(request.user)
    form = PersonDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        check(request.user, Permission.DECIDE_PERSON_LINKS)
        if form.is_valid():
            assert isinstance(request.user, User)
            same = form.cleaned_data["same"] == "yes"
            try:
                services.decide_people(
                    actor=request.user,
                    person=link.person,
                    other=link.other,
                    same=same,
                    reason=form.cleaned_data["reason"],
                )
            except services.DecisionRefused as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(
                    request,
                    "Saved: the same person" if same else "Saved: not the same person",
                )
                if request.POST.get("back") == "check":
                    return redirect("linking:links_to_check")
                return redirect("linking:person", person_id=link.person.pk)
    return render(
        request,
        "linking/person_link.html",
        {
            "link": link,
            "form": form,
            "may_decide": may_decide,
            "form_has_errors": bool(form.errors),
            "from_check": (request.POST if request.method == "POST" else request.GET).get("back")
            == "check",
        },
    )


@require(Permission.SEE_INTELLIGENCE, Permission.DECIDE_PERSON_LINKS)
def possible_person(request: HttpRequest, person_id: int) -> HttpResponse:
    linked = (request.POST if request.method == "POST" else request.GET).get("show") == "linked"
    if not person_selectors.may_decide(request.user):
        raise Http404("No possible person to check with that record that you can see")
    reason = reason_prompt.given(request, "person", person_id)
    if reason is None and person_selectors.possible_needing_reason(
        request.user, person_id, linked=linked
    ):
        return reason_prompt.ask(request, "linking:person_reason", person_id)
    found = person_selectors.possible_person(request.user, person_id, linked=linked, reason=reason)
    if found is None:
        raise Http404("No possible person to check with that record that you can see")
    records = [
        (p.pk, f"{p.first_name} {p.last_name}, report {p.report.reference}") for p in found.records
    ]
    form = PossiblePersonForm(request.POST if request.method == "POST" else None, records=records)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        split = form.split()
        try:
            services.decide_possible_person(
                actor=request.user,
                records=found.records,
                split=split,
                reason=form.cleaned_data["reason"],
            )
        except services.DecisionRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                f"Saved: {len(split)} of {len(records)} records are someone else"
                if split
                else f"Saved: all {len(records)} records are the same person",
            )
            url = reverse("linking:links_to_check")
            return redirect(f"{url}?show=linked" if linked else url)
    return render(
        request,
        "linking/possible_person.html",
        {
            "person": found,
            "form": form,
            "linked": linked,
            "form_has_errors": bool(form.errors),
        },
    )
