"""Prevention's pages for "check before you pay": the public check and review request,
and the staff pages that publish identifiers, read the early signs, decide review
requests and let partners look an identifier up."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from fraudhub.accounts.addresses import client_address, count_try, tries_this_hour
from fraudhub.governance.access import organisation_of, require, works_for_hub
from fraudhub.governance.roles import Permission
from fraudhub.prevention import checking
from fraudhub.prevention.forms.checks import (
    CheckForm,
    LookUpForm,
    PublishForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    WithdrawForm,
)
from fraudhub.prevention.models import PublishedIdentifier, ReviewRequest
from fraudhub.prevention.selectors import checks as selectors
from fraudhub.prevention.services import checks as services

View = TypeVar("View", bound=Callable[..., HttpResponse])

TOO_MANY = (
    "You have made a lot of checks in a short time. Wait an hour, then try again. "
    "If you are about to pay someone and need help now, call us."
)


def _throttled(request: HttpRequest) -> bool:
    return tries_this_hour(request, "check-lookups") >= settings.FRAUDHUB_CHECK_LOOKUPS_PER_HOUR


def _count_lookup(request: HttpRequest) -> None:
    count_try(request, "check-lookups")


@require_http_methods(["GET", "HEAD", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check a number, website, email address or bank account before paying. POST, so what
    people check (their payee's bank details) stays out of addresses, histories and logs."""
    form = CheckForm(request.POST if request.method == "POST" else None)
    answer = None
    status = 200
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            _count_lookup(request)
            kind, typed = form.typed()
            answer = checking.check(kind, typed)
            services.record_check(answer=answer, client_address=client_address(request))
            if not answer.readable:
                form.show_problem(answer)
                answer = None
    return render(
        request,
        "prevention/check.html",
        {"form": form, "answer": answer, "form_has_errors": bool(form.errors)},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def ask_for_review(request: HttpRequest) -> HttpResponse:
    """The owner of a published number, website, address or account asks for a review."""
    form = ReviewRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _throttled(request):
        form.add_error(None, TOO_MANY)
    elif request.method == "POST" and form.is_valid():
        _count_lookup(request)  # a request counts as a look-up, so the form cannot flood mail
        data = form.cleaned_data
        try:
            services.request_review(
                name=data["name"],
                contact=data["contact"],
                kind=data["kind"],
                typed=data["value"],
                reason=data["reason"],
            )
        except services.PublishingError as problem:
            form.add_error("value", str(problem))
        else:
            return redirect("prevention:review_sent")
    return render(
        request,
        "prevention/ask_for_review.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


@require_safe
def review_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "prevention/review_sent.html")


# --- staff -----------------------------------------------------------------------------


def hub_intelligence(view: View) -> View:
    """Intelligence work that speaks to the public for the hub: the role must allow
    intelligence, and the person must work for the hub."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not works_for_hub(request.user):
            organisation = organisation_of(request.user)
            where = (
                f"you work for {organisation.name}"
                if organisation
                else "your login is not linked to an organisation"
            )
            raise PermissionDenied(
                "You cannot publish identifiers or read what the public checked: only the "
                f"fraud hub's staff can, and {where}. Ask a Fraud Hub administrator if this "
                "is wrong."
            )
        return view(request, *args, **kwargs)

    return cast(View, require(Permission.SEE_INTELLIGENCE)(checked))


@hub_intelligence
@require_http_methods(["GET"])
def published_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.published_identifiers())
    return render(
        request,
        "prevention/published_list.html",
        {
            "published": [p for p in items if p.is_published],
            "withdrawn": [p for p in items if not p.is_published],
        },
    )


@hub_intelligence
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    """Approve an identifier for checking; opened from a cluster or a search result with
    its kind and value filled in."""
    if request.method == "POST":
        form = PublishForm(request.POST)
    else:
        form = PublishForm(
            initial={
                "kind": request.GET.get("kind", ""),
                "value": request.GET.get("value", ""),
                "cluster": request.GET.get("cluster") or None,
            }
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            published = services.publish_identifier(
                actor=request.user,
                kind=data["kind"],
                typed=data["value"],
                reason=data["reason"],
                cluster_id=data["cluster"],
            )
        except services.PublishingError as problem:
            form.add_error("value", str(problem))
        else:
            messages.success(request, f"{published.display} is published for checking")
            return redirect("prevention_staff:published_list")
    return render(
        request,
        "prevention/publish.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


@hub_intelligence
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, published_id: int) -> HttpResponse:
    published = get_object_or_404(PublishedIdentifier, pk=published_id)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_identifier(
                actor=request.user, published=published, reason=form.cleaned_data["reason"]
            )
        except services.PublishingError as problem:
            form.add_error("reason", str(problem))
        else:
            messages.success(request, f"{published.display} is withdrawn from checking")
            return redirect("prevention_staff:published_list")
    return render(
        request,
        "prevention/withdraw.html",
        {"form": form, "published": published, "form_has_errors": bool(form.errors)},
    )


@hub_intelligence
@require_http_methods(["GET"])
def early_signs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevention/early_signs.html",
        {
            "signs": selectors.early_signs(),
            "people": selectors.EARLY_SIGN_PEOPLE,
            "totals": selectors.check_totals(),
        },
    )


@hub_intelligence
@require_http_methods(["GET"])
def review_requests(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "prevention/review_requests.html",
        {"requests": selectors.review_requests(request.user)},
    )


@hub_intelligence
@require_http_methods(["GET", "POST"])
def review_request(request: HttpRequest, request_id: int) -> HttpResponse:
    found = selectors.review_request(request.user, request_id)
    if found is None:
        raise Http404("No review request with that number")
    form = ReviewDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_review(
                actor=request.user,
                request=found,
                withdraw=form.cleaned_data["decision"] == "withdraw",
                reason=form.cleaned_data["reason"],
            )
        except services.PublishingError as problem:
            form.add_error("decision", str(problem))
        else:
            messages.success(request, "Your decision is recorded")
            return redirect("prevention_staff:review_requests")
    return render(
        request,
        "prevention/review_request.html",
        {
            "request_": found,
            "form": form,
            "form_has_errors": bool(form.errors),
            "open": found.status == ReviewRequest.Status.OPEN,
        },
    )


@require(Permission.VIEW_REPORTS)
@require_http_methods(["GET"])
def look_up(request: HttpRequest) -> HttpResponse:
    """A partner checks an identifier, a company name or a bank account against every
    report their organisation may see."""
    form = LookUpForm(request.GET if "value" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = selectors.look_up(
            request.user, form.cleaned_data["value"], form.cleaned_data["kind"]
        )
    return render(
        request,
        "prevention/look_up.html",
        {"form": form, "result": result, "form_has_errors": bool(form.errors)},
    )
