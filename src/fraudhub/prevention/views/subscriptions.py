"""The public pages of scam alert subscriptions: subscribe, confirm, change what you get,
unsubscribe (by the link in every alert, or in one click from the mail program)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from fraudhub.accounts.addresses import count_try
from fraudhub.prevention.forms.subscriptions import ChoicesForm, SubscribeForm
from fraudhub.prevention.services import subscriptions

# Requests to subscribe from one address an hour: each sends an email, so a script cannot
# use the page to flood someone's inbox.
SUBSCRIBE_LIMIT = 10


def _days() -> dict[str, int]:
    """How long a link to confirm works, for the pages that say so."""
    return {"days": settings.FRAUDHUB_ALERTS_CONFIRM_DAYS}


def _over_limit(request: HttpRequest) -> bool:
    return count_try(request, "alert-subscribe") > SUBSCRIBE_LIMIT


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Ask for scam alerts; the answer is the same whether or not the address subscribes
    already."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _over_limit(request):
            form.add_error(None, "Too many requests from this connection. Try again in an hour.")
        else:
            subscriptions.request_subscription(
                email=form.cleaned_data["email"], choices=form.choices()
            )
            return redirect("prevention:check_email")
    return render(
        request,
        "prevention/subscribe.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


@require_GET
def check_email(request: HttpRequest) -> HttpResponse:
    return render(request, "prevention/check_email.html", _days())


def _link_not_working(request: HttpRequest) -> HttpResponse:
    return render(request, "prevention/link_not_working.html", _days(), status=404)


@require_GET
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    subscription = subscriptions.confirm_subscription(token=token)
    if subscription is None:
        return _link_not_working(request)
    token = subscriptions.manage_token(subscription)
    return render(request, "prevention/confirmed.html", {"token": token})


@csrf_exempt  # a mail program's one-click POST (RFC 8058) carries no token and no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button. POST (the button, or a mail program's
    "List-Unsubscribe=One-Click"): unsubscribed at once."""
    subscription = subscriptions.subscription_for(token)
    if subscription is None:
        return _link_not_working(request)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriptions.unsubscribe(
            subscription=subscription, how="one-click" if one_click else "link"
        )
        return render(request, "prevention/unsubscribed.html", {"token": token})
    return render(
        request,
        "prevention/unsubscribe.html",
        {"token": token, "already": subscription.unsubscribed_at is not None},
    )


@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, token: str) -> HttpResponse:
    """Change what a subscriber gets, through the link in their alerts."""
    subscription = subscriptions.subscription_for(token)
    if subscription is None:
        return _link_not_working(request)
    form = ChoicesForm(request.POST or None, initial=ChoicesForm.initial_for(subscription))
    if request.method == "POST" and form.is_valid():
        subscriptions.change_choices(subscription=subscription, choices=form.choices())
        return render(request, "prevention/changed.html", {"token": token})
    return render(
        request,
        "prevention/manage.html",
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "token": token,
            "ended": subscription.unsubscribed_at is not None,
        },
    )
