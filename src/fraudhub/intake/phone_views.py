"""Staff pages for a report taken by phone: the form a call handler fills in on the call,
what to read back and advise after it, and sending the caller their tracking link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from fraudhub.governance.access import require
from fraudhub.governance.roles import Permission
from fraudhub.reports import selectors, services
from fraudhub.reports.events import first_contact, known_before
from fraudhub.reports.models import Report

from .advice import advice_for
from .phone import PhoneReportForm, SendLinkByEmailForm, SendLinkByTextForm, is_mobile
from .services import LinkChannel, send_tracking_link
from .views import _email_hint

# Private tracking paths of reports this member of staff just took by phone, by reference:
# the secret in them is shown once, so only the browser that saved the report can send it.
PHONE_LINKS = "phone_tracking_links"
PHONE_LINKS_KEPT = 20
CHECK_FIRST = "check"  # the name of the button that looks up what is known, saving nothing


@require(Permission.TAKE_REPORT)
@require_http_methods(["GET", "POST"])
def phone_entry(request: HttpRequest) -> HttpResponse:
    """A call handler types a report while on the phone to the caller."""
    form = PhoneReportForm(request.POST or None)
    if request.method == "POST" and CHECK_FIRST in request.POST:
        # Looking up what the hub knows saves nothing and refuses nothing yet: the
        # form comes back as typed, with what is known above it.
        known = known_before(request.user, form.details_so_far())
        form.errors.clear()
        return render(
            request,
            "intake/phone_entry.html",
            {"form": form, "form_has_errors": False, "known": known, "checked": True},
        )
    if request.method == "POST" and form.is_valid():
        created = services.create_report(submission=form.to_submission(), actor=request.user)
        links = dict(request.session.get(PHONE_LINKS, {}))
        links[created.report.reference] = created.tracking_path
        request.session[PHONE_LINKS] = dict(list(links.items())[-PHONE_LINKS_KEPT:])
        return redirect("intake:phone_ending", reference=created.report.reference)
    return render(
        request,
        "intake/phone_entry.html",
        {"form": form, "form_has_errors": bool(form.errors)},
    )


def _report_for_call_handler(request: HttpRequest, reference: str) -> Report:
    report = selectors.report_for_staff(request.user, reference)
    if report is None:
        raise Http404("No report with that reference that you can see")
    return report


def _tracking_path(request: HttpRequest, report: Report) -> str:
    return str(request.session.get(PHONE_LINKS, {}).get(report.reference, ""))


def reference_groups(reference: str) -> list[str]:
    """A reference in groups to read aloud: FH-2026-000123 as FH, 2026, 000, 123."""
    prefix, _, rest = reference.partition("-")
    year, _, number = rest.partition("-")
    groups = [prefix, year]
    if number:
        middle = len(number) - 3
        groups += [number[:middle], number[middle:]] if middle > 0 else [number]
    return [g for g in groups if g]


def _ending(
    request: HttpRequest,
    report: Report,
    *,
    email_form: SendLinkByEmailForm | None = None,
    text_form: SendLinkByTextForm | None = None,
) -> HttpResponse:
    # What the caller gave on the call, ready to send to once they confirm it.
    contact = services.tracking_contact(report)
    email_form = email_form or SendLinkByEmailForm(
        prefix="by-email", initial={"email": contact.email_raw if contact else ""}
    )
    text_form = text_form or SendLinkByTextForm(
        prefix="by-text",
        initial={"mobile": contact.phone_raw if contact and is_mobile(contact.phone) else ""},
    )
    if contact and (hint := _email_hint(contact.email_raw)):
        email_form.fields["email"].help_text = f"{hint} Check with the caller before sending."
    advice = advice_for(
        scam_type=report.scam_type.slug if report.scam_type else "",
        contact_method=report.contact_method.slug if report.contact_method else "",
        lost_money=report.lost_money,
        # "Not sure" gets the advice for a scammer still in touch, as triage counts it.
        still_in_contact=bool(report.still_in_contact or report.still_in_contact_not_sure),
    )
    return render(
        request,
        "intake/phone_ending.html",
        {
            "report": report,
            "victim": report.victim,
            "reporter": report.reporter,
            "groups": reference_groups(report.reference or ""),
            "promise": first_contact(report),
            "advice": advice,
            "link_available": bool(_tracking_path(request, report)),
            "email_form": email_form,
            "text_form": text_form,
            "forms": [email_form, text_form],
            "form_has_errors": bool(email_form.errors or text_form.errors),
        },
    )


@require(Permission.TAKE_REPORT)
@require_GET
def phone_ending(request: HttpRequest, reference: str) -> HttpResponse:
    """After a report taken by phone is saved: the reference to read back, the advice to
    give, what happens next, and ways to send the caller their tracking link."""
    return _ending(request, _report_for_call_handler(request, reference))


@require(Permission.TAKE_REPORT)
@require_POST
def phone_send_link(request: HttpRequest, reference: str, channel: str) -> HttpResponse:
    """Send the caller their reference and tracking link by email or text, or make a letter."""
    report = _report_for_call_handler(request, reference)
    path = _tracking_path(request, report)
    if not path or channel not in (LinkChannel.EMAIL, LinkChannel.TEXT, LinkChannel.LETTER):
        return redirect("intake:phone_ending", reference=report.reference)
    to = ""
    if channel == LinkChannel.EMAIL:
        email_form = SendLinkByEmailForm(request.POST, prefix="by-email")
        if not email_form.is_valid():
            return _ending(request, report, email_form=email_form)
        to = email_form.cleaned_data["email"]
    elif channel == LinkChannel.TEXT:
        text_form = SendLinkByTextForm(request.POST, prefix="by-text")
        if not text_form.is_valid():
            return _ending(request, report, text_form=text_form)
        to = text_form.cleaned_data["mobile"]
    send_tracking_link(
        report=report, tracking_path=path, channel=channel, to=to, actor=request.user
    )
    if channel == LinkChannel.LETTER:
        return redirect("intake:phone_letter", reference=report.reference)
    messages.success(
        request,
        f"Reference and tracking link sent by {'email' if channel == 'email' else 'text message'}",
    )
    return redirect("intake:phone_ending", reference=report.reference)


@require(Permission.TAKE_REPORT)
@require_GET
def phone_letter(request: HttpRequest, reference: str) -> HttpResponse:
    """A letter to print and post: the reference, the private link and how to track."""
    report = _report_for_call_handler(request, reference)
    path = _tracking_path(request, report)
    if not path:
        return redirect("intake:phone_ending", reference=report.reference)
    return render(
        request,
        "intake/phone_letter.html",
        {
            "report": report,
            "contact": services.tracking_contact(report),
            "tracking_url": f"{settings.SITE_URL}{path}",
            "track_url": f"{settings.SITE_URL}{reverse('intake:track')}",
        },
    )
