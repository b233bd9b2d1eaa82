"""Public pages: the reporting journey, its confirmation and the tracking page. The staff
form for reports taken by phone is in `phone_views.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from fraudhub.accounts.addresses import count_try, tries_this_hour
from fraudhub.reports import normalise, selectors, services
from fraudhub.reports.events import first_contact
from fraudhub.reports.models import (
    ContactMethod,
    Person,
    Report,
    ReportAddition,
    ScamType,
    payment_words,
)

from . import journey
from .advice import advice_for
from .forms import TrackForm
from .tracking import read_proof

DRAFT = "report_draft"
CONFIRMATION = "report_confirmation"
TRACKED = "tracked_reports"
TRACK_ATTEMPTS_LIMIT = 10


def _answers(request: HttpRequest) -> journey.Answers:
    return dict(request.session.get(DRAFT, {}))


def _step_url(step: journey.Step | None) -> str:
    if step is None:
        return reverse("intake:check")
    return reverse("intake:step", kwargs={"slug": step.slug})


def start(request: HttpRequest) -> HttpResponse:
    """The start page; offers to carry on with a report left half done."""
    answers = _answers(request)
    return render(
        request,
        "intake/start.html",
        {"resume_url": _step_url(journey.first_unanswered(answers)) if answers else ""},
    )


@require_POST
def start_again(request: HttpRequest) -> HttpResponse:
    """Throw away a report left half done and begin again (a POST, so no link from another
    site can wipe someone's answers)."""
    request.session.pop(DRAFT, None)
    return redirect("intake:step", slug=journey.STEPS[0].slug)


@require_POST
def clear_answers(request: HttpRequest) -> HttpResponse:
    """Delete a report left half done from this device (a shared computer or phone)."""
    request.session.pop(DRAFT, None)
    messages.success(request, "Your answers have been deleted from this device")
    return redirect("intake:start")


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    """One question page. Answers are kept in the session, so a closed browser can carry on."""
    page = journey.STEP_BY_SLUG.get(slug)
    if page is None:
        raise Http404("No such question")
    answers = _answers(request)
    order = [s.slug for s in journey.applicable(answers)]
    missing = journey.first_unanswered(answers)
    if slug not in order or (missing is not None and order.index(missing.slug) < order.index(slug)):
        return redirect(_step_url(missing))
    changing = request.GET.get("change") == "1"
    kwargs: dict[str, Any] = {"someone_else": journey.someone_else(answers), "answers": answers}
    if request.method == "POST":
        form = page.form(request.POST, **kwargs)
        if form.is_valid():
            answers[slug] = form.cleaned_data
            answers = journey.prune(answers)
            request.session[DRAFT] = answers
            return redirect(_step_url(journey.first_unanswered(answers)))
    else:
        form = page.form(initial=answers.get(slug), **kwargs)
    previous = journey.previous(answers, slug)
    back_url = (
        reverse("intake:check")
        if changing
        else (_step_url(previous) if previous else reverse("intake:start"))
    )
    revealed = {
        n for reveals in form.conditional_fields.values() for ns in reveals.values() for n in ns
    }
    top_fields = [form[name] for name in form.fields if name not in revealed]
    return render(
        request,
        [f"intake/steps/{slug}.html", "intake/step.html"],
        {
            "form": form,
            "step": page,
            "top_fields": top_fields,
            "single_question": len(top_fields) == 1,
            "back_url": back_url,
            "form_has_errors": bool(form.errors),
            "someone_else": journey.someone_else(answers),
            "action": request.get_full_path(),
        },
    )


def _as_understood_date(typed: str) -> str:
    """A date as the hub read it, GOV.UK style ("1 December 2026"), or as typed if unread."""
    day = normalise.to_date(normalise.uk_date(typed, allow_future=True))
    return f"{day.day} {day:%B %Y}" if day else typed


def _as_understood_money(typed: str) -> str:
    """An amount as the hub read it ("£4,000.00")."""
    result = normalise.money(typed)
    return f"£{normalise.to_decimal(result):,.2f}" if result.ok else typed


def _email_hint(typed: str) -> str:
    suggestion = normalise.email(typed).extra.get("did_you_mean", "") if typed else ""
    return f"Did you mean {suggestion}?" if suggestion else ""


def _summary_rows(answers: journey.Answers) -> list[dict[str, str]]:
    """Rows for the check-answers page: question, answer as the person would say it, page."""
    submission = journey.to_submission(answers)
    other = journey.someone_else(answers)
    scam = ScamType.objects.filter(slug=submission.scam_type).first()
    method = ContactMethod.objects.filter(slug=submission.contact_method).first()
    victim = submission.victim
    rows = [
        ("Reporting for", "Someone else" if other else "Myself", "who"),
    ]
    if other:
        rel = dict(Person.Relationship.choices).get(answers["relationship"]["relationship"], "")
        rows.append(("How you know them", rel, "relationship"))
    rows += [
        ("Kind of scam", scam.name if scam else "", "scam-type"),
        ("How they got in touch", method.name if method else "", "contact-method"),
        ("What happened", submission.narrative, "what-happened"),
        ("When it happened", _as_understood_date(submission.incident_date), "when"),
        (
            "Still in touch",
            "Yes"
            if submission.still_in_contact
            else "No"
            if submission.still_in_contact is False
            else "Not sure",
            "still-in-contact",
        ),
        (
            "Details the scammer used",
            "\n".join(i.value for i in submission.identifiers if i.kind != "bank_account")
            or "None given",
            "scammer-details",
        ),
    ]
    money = answers.get("money", {})
    if submission.lost_money:
        lost_text = (
            f"{_as_understood_money(submission.amount_lost)} "
            f"{payment_words(submission.payment_method)}"
        )
        if money.get("sort_code") or money.get("account_number"):
            lost_text += f"\nPaid into {money.get('sort_code', '')} {money.get('account_number', '')}".rstrip()
        rows.append(("Money lost", lost_text, "money"))
    else:
        rows.append(("Money lost", "No", "money"))
    about = [f"{victim.first_name} {victim.last_name}"]
    if victim.age:
        about.append(f"Age {victim.age}")
    if victim.date_of_birth:
        about.append(f"Born {_as_understood_date(victim.date_of_birth)}")
    about.append(
        " ".join(p for p in (victim.address_line1, victim.town, victim.postcode.upper()) if p)
    )
    rows.append(
        ("Their details" if other else "Your details", "\n".join(a for a in about if a), "about")
    )
    labels = dict(Person.Vulnerability.choices)
    rows.append(
        (
            "Support needs",
            "\n".join(labels.get(i, i) for i in victim.vulnerability_indicators) or "None",
            "support-needs",
        )
    )
    if other:
        rule = dict(Person.ContactRule.choices).get(victim.contact_rule, "")
        extra = victim.contact_rule_notes or " ".join(p for p in (victim.phone, victim.email) if p)
        rows.append(("How to contact them safely", f"{rule}\n{extra}".strip(), "safe-contact"))
        reporter = submission.reporter
        assert reporter is not None
        contact = [f"{reporter.first_name} {reporter.last_name}", reporter.phone, reporter.email]
        email_hint = _email_hint(reporter.email)
    else:
        contact = [victim.phone, victim.email]
        email_hint = _email_hint(victim.email)
    rows.append(
        (
            "Your contact details",
            "\n".join(c for c in contact if c) or "None given",
            "contact-details",
        )
    )
    consent = answers.get("consent", {})
    rows.append(
        ("We can contact you", "Yes" if consent.get("consent_to_contact") else "No", "consent")
    )
    rows.append(
        (
            "We can share with partners",
            "Yes" if consent.get("consent_to_share") else "No",
            "consent",
        )
    )
    hints = {"contact-details": email_hint}
    if other and victim.email:
        hints["safe-contact"] = _email_hint(victim.email)
    return [{"key": k, "value": v, "slug": s, "hint": hints.get(s, "")} for k, v, s in rows]


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Check your answers, then send the report."""
    answers = _answers(request)
    missing = journey.first_unanswered(answers)
    if missing is not None:
        return redirect(_step_url(missing))
    if request.method == "POST":
        created = services.create_report(
            submission=journey.to_submission(answers), actor=request.user
        )
        request.session.pop(DRAFT, None)
        request.session[CONFIRMATION] = {
            "reference": created.report.reference,
            "tracking_url": request.build_absolute_uri(created.tracking_path),
            "scam_type": answers.get("scam-type", {}).get("scam_type", ""),
            "contact_method": answers.get("contact-method", {}).get("contact_method", ""),
            "lost_money": answers.get("money", {}).get("lost_money"),
            # "Not sure" gets the advice for a scammer still in touch, as triage counts it.
            "still_in_contact": answers.get("still-in-contact", {}).get("still_in_contact")
            in ("yes", "not_sure"),
            "consent_to_contact": answers.get("consent", {}).get("consent_to_contact"),
            "someone_else": journey.someone_else(answers),
        }
        return redirect("intake:confirmation")
    last = journey.applicable(answers)[-1]
    return render(
        request,
        "intake/check.html",
        {"rows": _summary_rows(answers), "back_url": _step_url(last)},
    )


def confirmation(request: HttpRequest) -> HttpResponse:
    """The reference, the private tracking link and advice fitted to the scam."""
    done = request.session.get(CONFIRMATION)
    if not done:
        return redirect("intake:start")
    advice = advice_for(
        scam_type=done["scam_type"],
        contact_method=done["contact_method"],
        lost_money=done["lost_money"],
        still_in_contact=done["still_in_contact"],
    )
    report = Report.objects.filter(reference=done["reference"]).first()
    promise = first_contact(report) if report is not None else None
    return render(
        request, "intake/confirmation.html", {"done": done, "advice": advice, "promise": promise}
    )


def _throttled(request: HttpRequest) -> bool:
    return tries_this_hour(request, "track-attempts") >= TRACK_ATTEMPTS_LIMIT


def _count_failure(request: HttpRequest) -> None:
    count_try(request, "track-attempts")


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Find a report by its reference and the email address, postcode, date of birth or
    phone number given with it."""
    form = TrackForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        if _throttled(request):
            form.add_error(None, "Too many tries. Wait an hour, or use the link we gave you.")
        else:
            proof = read_proof(form.cleaned_data["email_or_postcode"])
            report = selectors.report_for_tracking(
                form.cleaned_data["reference"],
                email=proof.email,
                postcode=proof.postcode,
                date_of_birth=proof.date_of_birth,
                phone=proof.phone,
            )
            if report is not None:
                _remember_tracked(request, report)
                return redirect("intake:track_session", reference=report.reference)
            _count_failure(request)
            not_found = True
            form.add_error(
                "reference",
                "We could not find a report with that reference and email address, postcode, "
                "date of birth or phone number. Check both and try again.",
            )
    return render(
        request,
        "intake/track.html",
        {"form": form, "form_has_errors": bool(form.errors), "not_found": not_found},
    )


def _day(at: datetime) -> str:
    local = timezone.localtime(at)
    return f"{local.day} {local:%B %Y}"


def _timeline(request: HttpRequest, report: Report | None) -> HttpResponse:
    if report is None:
        return render(request, "intake/track_not_found.html", status=404)
    entries: list[dict[str, Any]] = [
        {"title": u.get_kind_display(), "at": u.at, "text": u.text, "files": []}
        for u in report.updates.all()
    ]
    entries += [
        {
            "title": f"You added information on {_day(a.at)}",
            "at": a.at,
            "text": a.text,
            "files": [f.original_name for f in a.files.all()],
        }
        for a in ReportAddition.objects.filter(
            Q(report=report, merged_from__isnull=True) | Q(merged_from=report),
            from_reporter=True,
        ).prefetch_related("files")
    ]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return render(request, "intake/timeline.html", {"report": report, "updates": entries})


def _remember_tracked(request: HttpRequest, report: Report) -> None:
    """This browser proved it may track the report: its other pages open without asking."""
    tracked = set(request.session.get(TRACKED, []))
    if report.reference not in tracked:
        tracked.add(report.reference)
        request.session[TRACKED] = sorted(tracked)


def track_report(request: HttpRequest, reference: str, secret: str) -> HttpResponse:
    """The private tracking link: the secret in it proves the right to see the timeline."""
    report = selectors.report_for_tracking(reference, secret=secret)
    if report is not None:
        _remember_tracked(request, report)
    return _timeline(request, report)


def track_session(request: HttpRequest, reference: str) -> HttpResponse:
    """The timeline of a report this browser has already proved it may see."""
    if reference.upper() not in request.session.get(TRACKED, []):
        return redirect("intake:track")
    return _timeline(request, selectors.report_for_proven_reporter(reference))
