"""Signing in: the password, then a code from the authenticator app (or a recovery code),
setting the app up the first time, and what happens when a session ends.

Between the password and the code the session only holds who is signing in; the person
is signed in (with a new session id) once the second factor is right."""

from __future__ import annotations

import logging
import time
from base64 import b32encode
from typing import Any
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp.models import Device

from . import credentials, qr, services, sessions
from .forms import SIGN_IN_ERROR, CodeForm, RecoveryCodeForm, SignInForm
from .second_factor import Checked, authenticator_of, check_code, recovery_codes_of

logger = logging.getLogger(__name__)

PENDING = "fraudhub_sign_in"
PENDING_SECONDS = 10 * 60  # from the password to the code


def _next_url(request: HttpRequest, value: str) -> str:
    """Where to go after signing in: the page asked for, if it is on this site."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse(settings.LOGIN_REDIRECT_URL)


def _pending(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """Who gave a right password in this session in the last 10 minutes, if anyone."""
    state = request.session.get(PENDING)
    if not isinstance(state, dict) or time.time() - state.get("at", 0) > PENDING_SECONDS:
        return None
    user_id = state.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return (user, state) if user is not None else None


def _start_again(request: HttpRequest) -> HttpResponse:
    request.session.pop(PENDING, None)
    messages.info(request, "Sign in again: it took more than 10 minutes to enter the code.")
    return redirect("login")


def _check(request: HttpRequest, user: User, device: Device | None, code: str) -> Checked:
    """Check a code against the user's device. A wrong one counts like a wrong password
    towards the lockout; once locked out, no code is checked and django-axes' middleware
    answers with the lockout page."""
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        request.axes_locked_out = True  # type: ignore[attr-defined]
        return Checked(device=None)
    checked = check_code(device, code) if device is not None else Checked(device=None)
    if checked.device is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        logger.info("Second factor refused for user %s", user.pk)
    return checked


def _refusal(checked: Checked) -> str:
    if checked.wait_until is not None:
        seconds = max(1, int((checked.wait_until - timezone.now()).total_seconds() + 0.999))
        unit = "second" if seconds == 1 else "seconds"
        return f"You entered a wrong code too many times. Wait {seconds} {unit}, then try again"
    return "The code is not correct. Enter the code your authenticator app shows now"


def _complete(request: HttpRequest, user: User, state: dict[str, Any], device: Device) -> None:
    """Both factors are right: sign in (which gives the session a new id) and mark the
    session as having passed the second factor."""
    request.session.pop(PENDING, None)
    login(request, user, backend=state["backend"])
    django_otp.login(request, device)
    logger.info("Signed in: user %s (%s)", user.pk, type(device).__name__)


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Username and password; a right pair leads on to the second factor."""
    form = SignInForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            request.session.cycle_key()
            request.session[PENDING] = {
                "user": user.pk,
                "backend": getattr(user, "backend", ""),
                "at": time.time(),
                "next": _next_url(request, next_url),
            }
            return redirect("accounts:code" if authenticator_of(user) else "accounts:set_up")
        form.errors.clear()
        form.add_error(None, SIGN_IN_ERROR)
    return render(
        request,
        "registration/login.html",
        {"form": form, "next": next_url, "form_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app."""
    pending = _pending(request)
    if pending is None:
        return _start_again(request)
    user, state = pending
    device = authenticator_of(user)
    if device is None:
        return redirect("accounts:set_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = _check(request, user, device, form.cleaned_data["code"])
        if checked.device is not None:
            _complete(request, user, state, checked.device)
            return HttpResponseRedirect(state["next"])
        form.add_error("code", _refusal(checked))
    return render(
        request,
        "accounts/code.html",
        {"form": form, "form_has_errors": bool(form.errors), "has_recovery": True},
    )


@require_http_methods(["GET", "POST"])
def use_recovery_code(request: HttpRequest) -> HttpResponse:
    """A one-use recovery code instead of the app's code."""
    pending = _pending(request)
    if pending is None:
        return _start_again(request)
    user, state = pending
    device = recovery_codes_of(user)
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = _check(request, user, device, form.cleaned_data["code"])
        if checked.device is not None and device is not None:
            _complete(request, user, state, checked.device)
            left = device.unused().count()
            messages.info(
                request,
                f"You used a recovery code. You have {left} left: "
                "you can make new ones on the recovery codes page.",
            )
            return HttpResponseRedirect(state["next"])
        message = (
            _refusal(checked)
            if checked.wait_until
            else "That recovery code is not correct, or has been used already"
        )
        form.add_error("code", message)
    return render(
        request,
        "accounts/recovery_code.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """The first sign-in: set up an authenticator app with a QR code (or the key, typed),
    then enter a code it shows. Recovery codes follow, shown once."""
    pending = _pending(request)
    if pending is None:
        return _start_again(request)
    user, state = pending
    if authenticator_of(user) is not None:
        return redirect("accounts:code")
    device = services.start_authenticator(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checked = _check(request, user, device, form.cleaned_data["code"])
        if checked.device is not None:
            codes = services.confirm_authenticator(device=checked.device)
            _complete(request, user, state, checked.device)
            return _show_recovery_codes(request, codes, state["next"])
        form.add_error("code", _refusal(checked))
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/set_up.html",
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "qr": qr.svg_data_uri(device.config_url),
            "key": credentials.group_key(key),
        },
    )


def _show_recovery_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; new ones (the old ones stop working), shown once."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    user: User = request.user
    if request.method == "POST":
        codes = services.issue_recovery_codes(user=user)
        return _show_recovery_codes(request, codes, reverse(settings.LOGIN_REDIRECT_URL))
    device = recovery_codes_of(user)
    left = device.unused().count() if device is not None else 0
    return render(request, "accounts/recovery_codes_left.html", {"left": left})


@require_http_methods(["GET", "POST"])
def session(request: HttpRequest) -> HttpResponse:
    """For the timeout warning. GET: how long the session has left (asking does not keep it
    alive). POST ("Stay signed in"): start the idle time again."""
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not request.user.is_authenticated:
        if wants_json or request.method == "GET":
            return JsonResponse({"signed_in": False}, status=401)
        return redirect("login")
    if request.method == "POST":
        request.session[sessions.LAST_SEEN] = sessions.now()
        if not wants_json:
            return HttpResponseRedirect(_next_url(request, request.POST.get("next", "")))
    left = sessions.remaining(request.session)
    return JsonResponse(
        {
            "signed_in": True,
            "seconds_left": int(left.seconds),
            "renewable": left.idle <= left.absolute,
        }
    )


@require_http_methods(["GET"])
def signed_out(request: HttpRequest) -> HttpResponse:
    """ "You have been signed out", after a session's time ran out."""
    after = request.GET.get("after", "")
    next_url = request.GET.get("next", "")
    sign_in_url = reverse("login")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        sign_in_url += "?" + urlencode({"next": next_url})
    return render(
        request,
        "accounts/signed_out.html",
        {
            "after": after,
            "idle_minutes": settings.FRAUDHUB_SESSION_IDLE_SECONDS // 60,
            "absolute_hours": settings.FRAUDHUB_SESSION_ABSOLUTE_SECONDS // 3600,
            "sign_in_url": sign_in_url,
        },
    )


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """Too many wrong passwords or codes, for the account or from the address (django-axes
    calls this too)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    request.session.pop(PENDING, None)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
