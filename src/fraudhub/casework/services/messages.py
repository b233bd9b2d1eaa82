"""Letters and emails to victims (or whoever speaks for them) from the administrators'
templates, and the updates posted on the reporter's tracking page."""

from __future__ import annotations

from django.db import transaction
from django.template import Context, Template
from django.urls import reverse

from fraudhub import emails
from fraudhub.governance.access import Actor
from fraudhub.hub import hub_details, with_signature
from fraudhub.reports.services import add_update

from ..models import Case, Contact, MessageTemplate
from .contact_rules import contact_rule_problem
from .edits import CaseRuleBroken, Edit, _claim, _event, _user


def render_message(template: MessageTemplate, case: Case, actor: Actor) -> tuple[str, str]:
    """A template's subject and body filled in for this case (plain text). Besides the
    case's details, the hub's own are there: {{ hub_name }}, {{ hub_phone }}, {{ hub_hours }},
    {{ hub_email }}, {{ hub_address }}."""
    user = _user(actor)
    hub = hub_details()
    latest = case.reports.order_by("-received_date", "-id").first()
    context = Context(
        {
            "first_name": case.victim.first_name or "",
            "title": case.victim.title,
            "last_name": case.victim.last_name,
            "reference": latest.reference if latest else "",
            "case_manager": (user.get_full_name() or user.get_username()) if user else "",
            "team": case.team.name,
            "hub_name": hub.name,
            "hub_phone": hub.phone,
            "hub_hours": hub.hours,
            "hub_email": hub.email,
            "hub_address": ", ".join(hub.address_lines),
        },
        autoescape=False,
    )
    return (
        Template(template.subject).render(context).strip(),
        Template(template.body).render(context).strip(),
    )


def _address_for(case: Case, with_whom: str) -> str:
    """The email address for the person a message is to, or "" when none is known."""
    if with_whom == Contact.With.VICTIM:
        return case.victim.email
    if with_whom == Contact.With.REPORTER:
        reporters = (r.reporter for r in case.reports.prefetch_related("persons"))
        return next((p.email for p in reporters if p is not None and p.email), "")
    return ""


def send_message(
    *, edit: Edit, template: MessageTemplate, with_whom: str = Contact.With.VICTIM
) -> Contact:
    """Write a letter, or send an email, from a template; either is kept on the case as a
    contact attempt, word for word."""
    method = (
        Contact.Method.EMAIL
        if template.channel == MessageTemplate.Channel.EMAIL
        else Contact.Method.LETTER
    )
    with transaction.atomic():
        case = _claim(edit)
        problem = contact_rule_problem(case, method, with_whom)
        if problem:
            raise CaseRuleBroken(problem)
        address = _address_for(case, with_whom) if method == Contact.Method.EMAIL else ""
        if method == Contact.Method.EMAIL and not address:
            raise CaseRuleBroken(
                "There is no email address for the person you chose: write a letter instead"
            )
        subject, body = render_message(template, case, edit.actor)
        body = with_signature(body)
        contact = Contact.objects.create(
            case=case,
            method=method,
            with_whom=with_whom,
            outcome=Contact.Outcome.SENT,
            notes=template.name,
            body=f"{subject}\n\n{body}" if subject else body,
            by=_user(edit.actor),
        )
        _event(case, edit.actor, f"{contact.get_method_display()}: {template.name}")
        if address:
            context = {"subject": subject or template.name, "body": body}
            link = reverse("casework:case", args=[case.pk])
            transaction.on_commit(
                lambda: emails.send(
                    "case-contact", address, context, reference=f"case {case.pk}", link=link
                )
            )
        return contact


def _tell_reporter(case: Case, slug: str, actor: Actor) -> None:
    """Post the milestone's plain-English update on the tracking page of every report in
    the case (the reporter is emailed if they agreed)."""
    template = MessageTemplate.objects.filter(
        slug=slug, channel=MessageTemplate.Channel.TRACKING
    ).first()
    if template is None:
        return
    _, text = render_message(template, case, actor)
    for report in case.reports.all():
        add_update(report=report, text=text, actor=actor)


def record_warning(*, case: Case, actor: Actor, method: str, title: str, body: str) -> Contact:
    """Keep a warning written elsewhere (prevention's warnings to people at risk) on the
    victim's case as a letter or email sent, word for word, after the same checks as any
    message: never on a restricted case or against the victim's contact rules. The
    caller sends the email itself, after the commit."""
    with transaction.atomic():
        claimed = _claim(Edit(case=case, version=case.version, actor=actor))
        problem = contact_rule_problem(claimed, method, Contact.With.VICTIM)
        if problem:
            raise CaseRuleBroken(problem)
        contact = Contact.objects.create(
            case=claimed,
            method=method,
            with_whom=Contact.With.VICTIM,
            outcome=Contact.Outcome.SENT,
            notes=title,
            body=body,
            by=_user(actor),
        )
        _event(claimed, actor, f"{contact.get_method_display()}: {title}")
        return contact
