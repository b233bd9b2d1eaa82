"""The question asked before an intelligence page shows personal data from reports that are
not the reader's own organisation's (a person's records, a cluster's victims), as the report
page asks it: the answer is kept for the sign-in, per record, and goes into the audit entry
of every look at it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from fraudhub.reports.forms import ConsultationReasonForm
from fraudhub.reports.reason_page import ask_why


def given(request: HttpRequest, kind: str, pk: int) -> dict[str, str] | None:
    """The reason this reader gave for opening this record (`kind` "person" or "cluster")
    in this sign-in, if any."""
    kept: dict[str, dict[str, str]] = request.session.get(f"{kind}_consultation_reasons", {})
    return kept.get(str(pk))


def ask(request: HttpRequest, reason_page: str, pk: int) -> HttpResponse:
    """Send the reader to say why, then back to the page they asked for."""
    url = reverse(reason_page, args=[pk])
    return redirect(f"{url}?{QueryDict.fromkeys(['next'], request.get_full_path()).urlencode()}")


def back_to(request: HttpRequest, pages: dict[str, str], pk: int, default: str) -> str:
    """Where to go once the reason is given: the page named in `next` if it is one of
    `pages` (view name: the URL argument holding the record) about this record, else
    `default`."""
    path = request.POST.get("next") or request.GET.get("next", "")
    try:
        match = resolve(path.split("?", 1)[0])
    except Resolver404:
        return default
    argument = pages.get(match.view_name)
    return path if argument is not None and match.kwargs.get(argument) == pk else default


def reason_page(
    request: HttpRequest, *, kind: str, pk: int, opening: str, caption: str, back: str
) -> HttpResponse:
    """The question, or once answered the way back to `back`."""
    form = ConsultationReasonForm(
        request.POST if request.method == "POST" else None, opening=opening
    )
    if request.method == "POST" and form.is_valid():
        key = f"{kind}_consultation_reasons"
        kept = request.session.get(key, {})
        kept[str(pk)] = form.given()
        request.session[key] = kept
        return redirect(back)
    return ask_why(
        request,
        form,
        next_url=back,
        caption=caption,
        explanation="This page shows what was reported to organisations other than "
        "yours. We will not ask again for it until you sign out.",
        back=(reverse("linking:cluster_list"), "Clusters"),
    )
