"""The page that asks why someone opens records of another organisation (a report, a list
of reports, a person, a cluster): one template, told what is being opened and where to go
back to."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import ConsultationReasonForm


def ask_why(
    request: HttpRequest,
    form: ConsultationReasonForm,
    *,
    next_url: str,
    caption: str,
    explanation: str,
    back: tuple[str, str],
) -> HttpResponse:
    """The question, with `back` (address, words) as the back link."""
    return render(
        request,
        "staff/report_reason.html",
        {
            "form": form,
            "form_has_errors": bool(form.errors),
            "next": next_url,
            "caption": caption,
            "explanation": explanation,
            "continue_label": "Continue",
            "back_url": back[0],
            "back_text": back[1],
        },
    )
